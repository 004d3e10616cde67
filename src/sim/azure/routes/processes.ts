// Processes per instance and their memory dumps (WebApps_ListInstanceProcesses, _GetInstanceProcess,
// _GetInstanceProcessDump; azure-rest-api-specs has no example for these, the shape is the spec's ProcessInfo
// with Kudu's snake_case properties). Windows only: on a Linux app ARM answers 400, as Kudu's process API
// is not there. The dump streams (never built in memory) the process's private bytes, capped by maxDumpBytes.
import type { ServerResponse } from "node:http";
import { instanceProcesses, processWire, type SimProcess } from "../collect/processes.ts";
import type { SimPlan, SimSite } from "../fleet.ts";
import { type Ctx, ok, type Reply } from "../http.ts";
import { badRequest, resourceNotFound } from "../wire/errors.ts";
import { siteParam } from "./common.ts";

function windowsOnly(site: SimSite, plan: SimPlan): void {
  if (plan.reserved || site.kind.includes("linux"))
    throw badRequest("Process APIs are not supported for Linux web apps.", "NotSupported");
}

function processesOf(ctx: Ctx): { site: SimSite; processes: SimProcess[]; instance: string } {
  const { site, plan } = siteParam(ctx);
  windowsOnly(site, plan);
  const instance = ctx.params.instance;
  const processes = instanceProcesses(ctx.state.sampler, site, plan, instance, ctx.now);
  if (!processes)
    throw resourceNotFound("Microsoft.Web/sites/instances", `${site.name}/${instance}`, site.resourceGroup);
  return { site, processes, instance };
}

function one(ctx: Ctx): { site: SimSite; process: SimProcess; instance: string } {
  const { site, processes, instance } = processesOf(ctx);
  const process = processes.find((p) => String(p.pid) === ctx.params.process);
  if (!process)
    throw resourceNotFound(
      "Microsoft.Web/sites/instances/processes",
      `${site.name}/${instance}/${ctx.params.process}`,
      site.resourceGroup,
    );
  return { site, process, instance };
}

export function listInstanceProcesses(ctx: Ctx): Reply {
  const { site, processes, instance } = processesOf(ctx);
  return ok({ value: processes.map((p) => processWire(site, instance, p, ctx.now)) });
}

export function getInstanceProcess(ctx: Ctx): Reply {
  const { site, process, instance } = one(ctx);
  return ok(processWire(site, instance, process, ctx.now));
}

const CHUNK = 64 * 1024;

/** A minidump: the "MDMP" signature and version, then filler bytes, written with backpressure. */
export function getInstanceProcessDump(ctx: Ctx): Reply {
  const { process } = one(ctx);
  const size = Math.max(CHUNK, Math.min(Math.round(process.privateBytes), ctx.state.maxDumpBytes));
  const header = Buffer.alloc(32);
  header.write("MDMP", 0, "latin1");
  header.writeUInt32LE(0xa793, 4);
  header.writeUInt32LE(process.pid, 8);
  const filler = Buffer.alloc(CHUNK, 0x5a);
  return {
    status: 200,
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(size),
      "content-disposition": `attachment; filename="w3wp-${process.pid}.dmp"`,
    },
    stream: async (res: ServerResponse) => {
      let sent = 0;
      while (sent < size && !res.destroyed) {
        const n = Math.min(CHUNK, size - sent);
        const chunk = sent === 0 ? Buffer.concat([header, filler.subarray(header.length, n)]) : filler.subarray(0, n);
        sent += n;
        if (!res.write(chunk)) await new Promise<void>((resolve) => res.once("drain", resolve));
      }
    },
  };
}

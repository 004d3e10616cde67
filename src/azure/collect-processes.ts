// The processes on each instance (Windows) through the ARM instance-process API, in parallel per instance.
import type { ProcessInfo } from "@azure/arm-appservice";
import type { ProcessRow } from "../collect/types.ts";
import type { AppRef } from "../core/snapshot.ts";
import { collect } from "./call.ts";
import type { AdapterContext } from "./context.ts";

/** "hh:mm:ss(.fff)" or "d.hh:mm:ss" (a .NET TimeSpan, as Kudu reports CPU time) → seconds. */
export function timeSpanSeconds(text: string | undefined): number | undefined {
  const m = /^(?:(\d+)\.)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text ?? "");
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86_400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

function row(instance: string, p: ProcessInfo): ProcessRow {
  const file = p.fileName ?? "";
  const base = file.split(/[\\/]/).pop() ?? "";
  const num = (n: number | undefined) => (typeof n === "number" && Number.isFinite(n) ? n : undefined);
  const out: ProcessRow = {
    instance,
    pid: p.identifier ?? Number(p.name),
    name: base.replace(/\.exe$/i, "") || (p.description ?? "process").replace(/\.exe$/i, ""),
    scm: p.isScmSite === true,
  };
  const workingSet = num(p.workingSet);
  const privateBytes = num(p.privateMemory);
  const threads = num(p.threadCount);
  const handles = num(p.handleCount);
  const cpuSeconds = timeSpanSeconds(p.totalCpuTime);
  if (workingSet !== undefined) out.workingSet = workingSet;
  if (privateBytes !== undefined) out.privateBytes = privateBytes;
  if (threads !== undefined) out.threads = threads;
  if (handles !== undefined) out.handles = handles;
  if (cpuSeconds !== undefined) out.cpuSeconds = cpuSeconds;
  if (p.startTime) out.startedAt = new Date(p.startTime).getTime();
  return out;
}

export async function readProcesses(
  ctx: AdapterContext,
  app: AppRef,
  instances: string[],
  signal: AbortSignal,
): Promise<ProcessRow[]> {
  const web = ctx.clients.web(app.subscriptionId).webApps;
  const action = app.slot
    ? "Microsoft.Web/sites/slots/instances/processes/read"
    : "Microsoft.Web/sites/instances/processes/read";
  const per = await Promise.all(
    instances.map((instance) =>
      ctx.read(
        { call: `webApps.listInstanceProcesses ${app.name}/${instance}`, action, scope: app.id },
        async (s) => {
          const iter = app.slot
            ? web.listInstanceProcessesSlot(app.resourceGroup, app.name, app.slot, instance, { abortSignal: s })
            : web.listInstanceProcesses(app.resourceGroup, app.name, instance, { abortSignal: s });
          return (await collect(iter)).map((p) => row(instance, p));
        },
        signal,
      ),
    ),
  );
  return per.flat();
}

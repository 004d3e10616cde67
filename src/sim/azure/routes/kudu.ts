// Kudu's log stream on the site's SCM host (GET https://<scm host>/api/logstream), reached through the sim at
// /scm/<scm host>/api/logstream. Kudu accepts a Microsoft Entra bearer token for the ARM audience from an
// identity with Microsoft.Web/sites/publish/Action; basic auth is what many organisations disable, and the
// pipeline answers a non-bearer request 401. The stream greets, replays the last minutes, then sends a
// line every 200 ms until the client hangs up (Kudu's own stream never ends either).
import type { ServerResponse } from "node:http";
import { dockerLogLines } from "../collect/docker-log.ts";
import { instanceProcesses } from "../collect/processes.ts";
import { MINUTE, type SimPlan, type SimSite } from "../fleet.ts";
import type { Ctx, Reply } from "../http.ts";
import { HttpError } from "../wire/errors.ts";
import { scmHostName } from "../wire/site.ts";
import { allSites, planOf } from "../world.ts";

const MAX_STREAM_MS = 60_000;

function siteForHost(ctx: Ctx): { site: SimSite; plan: SimPlan } {
  const host = ctx.params.host.toLowerCase();
  const site = allSites(ctx.state.fleet).find((s) => scmHostName(s).toLowerCase() === host);
  if (!site) throw new HttpError(404, "NotFound", `No site answers on ${ctx.params.host}.`);
  return { site, plan: planOf(ctx.state.fleet, site) };
}

/** Application-log lines of a Windows app: one trace per instance and minute, from its w3wp's figures. */
function windowsLines(ctx: Ctx, site: SimSite, plan: SimPlan, from: number, to: number): string[] {
  const out: string[] = [];
  for (let t = from; t < to; t += MINUTE) {
    for (const w of plan.workers) {
      const p = instanceProcesses(ctx.state.sampler, site, plan, w, t + MINUTE)?.find((x) => !x.isScmSite);
      if (!p) continue;
      const gb = (p.privateBytes / 1e9).toFixed(2);
      out.push(
        `${new Date(t).toISOString().slice(0, 19)}  PID[${p.pid}] Information ${w}: private bytes ${gb} GB, threads ${p.threads}`,
      );
    }
  }
  return out;
}

export function logStream(ctx: Ctx): Reply {
  const { site, plan } = siteForHost(ctx);
  const linux = plan.reserved || site.kind.includes("linux");
  const from = ctx.now - 5 * MINUTE;
  const backlog = linux ? dockerLogLines(site, plan, from, ctx.now) : windowsLines(ctx, site, plan, from, ctx.now);
  const started = new Date().toISOString().slice(0, 19);
  return {
    status: 200,
    headers: { "content-type": "text/plain; charset=utf-8" },
    stream: async (res: ServerResponse) => {
      res.write(`${started}  Welcome, you are now connected to log-streaming service.\n`);
      for (const l of backlog) res.write(`${l}\n`);
      const until = Date.now() + MAX_STREAM_MS;
      let n = 0;
      while (!res.destroyed && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 200));
        if (res.destroyed) break;
        res.write(`${new Date().toISOString().slice(0, 19)}  No new trace in the past ${++n * 0.2} s.\n`);
      }
    },
  };
}

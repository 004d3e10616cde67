// The processes running on one instance, modelled from the same per-instance samples the metrics routes serve,
// so the process table agrees with the charts: S1's leaking w3wp grows with PrivateBytes, S5's RD0003 holds
// its own 7 GB while the others stay small. Windows only (Linux has no ARM process API: see routes/processes.ts).
import { MINUTE, type SimPlan, type SimSite } from "../fleet.ts";
import type { Sampler } from "../sampler.ts";
import { hashString } from "../scenarios/naming.ts";
import { DEFAULT_UPTIME_MINUTES } from "../timeline.ts";
import { scmHostName } from "../wire/site.ts";
import { isoSeconds } from "../wire/time.ts";
import { siteId } from "../world.ts";

export interface SimProcess {
  pid: number;
  name: string;
  fileName: string;
  commandLine: string;
  isScmSite: boolean;
  workingSet: number;
  privateBytes: number;
  threads: number;
  handles: number;
  /** Seconds of CPU since the process started. */
  cpuSeconds: number;
  startedAt: number;
}

/** Processes on `instance` at `now`; undefined when the site has no such running instance. */
export function instanceProcesses(
  sampler: Sampler,
  site: SimSite,
  plan: SimPlan,
  instance: string,
  now: number,
): SimProcess[] | undefined {
  const t = Math.floor(now / MINUTE) * MINUTE - MINUTE;
  const samples = sampler.siteMinute(site, plan, t);
  const hit = samples.find((s) => s.instance.toLowerCase() === instance.toLowerCase());
  if (!hit) return undefined;
  const index = sampler.index(site, plan);
  if (!index.runningAt(t)) return [];
  const uptime = index.minutesSinceStart(t, hit.instance, hit.index);
  // A process with no start on the timeline has run "about a week" (the uptime cap): pin that start to a week
  // boundary, so its PID and start time do not drift from one minute to the next.
  const WEEK = DEFAULT_UPTIME_MINUTES * MINUTE;
  const startedAt = uptime >= DEFAULT_UPTIME_MINUTES - 1 ? Math.floor((t - WEEK) / WEEK) * WEEK : t - uptime * MINUTE;
  const s = hit.sample;
  const pid = (seed: string) => 1000 + (hashString(`${hit.instance}|${seed}|${startedAt}`) % 9000);
  const ws = s.MemoryWorkingSet ?? 0;
  const app: SimProcess = {
    pid: pid("w3wp"),
    name: "w3wp",
    fileName: "C:\\Windows\\System32\\inetsrv\\w3wp.exe",
    commandLine: `"C:\\Windows\\System32\\inetsrv\\w3wp.exe" -ap "${site.name}" -v "v4.0" -a "\\\\.\\pipe\\iisipm" -h "C:\\DWASFiles\\Sites\\${site.name}\\Config\\applicationhost.config"`,
    isScmSite: false,
    workingSet: ws,
    privateBytes: s.PrivateBytes ?? ws,
    threads: Math.round(s.Threads ?? 40),
    handles: Math.round(s.Handles ?? 900),
    cpuSeconds: Math.round((s.CpuTime ?? 1) * Math.min(uptime, 24 * 60)),
    startedAt,
  };
  // Kudu's own worker: small, started when the instance came up, the same on every instance.
  const kudu: SimProcess = {
    pid: pid("scm"),
    name: "w3wp",
    fileName: "C:\\Windows\\System32\\inetsrv\\w3wp.exe",
    commandLine: `"C:\\Windows\\System32\\inetsrv\\w3wp.exe" -ap "~1${site.name}"`,
    isScmSite: true,
    workingSet: 180e6,
    privateBytes: 150e6,
    threads: 32,
    handles: 620,
    cpuSeconds: 12,
    startedAt,
  };
  return [app, kudu];
}

/** ProcessInfo as ARM sends it (snake_case `properties`, as in the Kudu process API it fronts). */
export function processWire(site: SimSite, instance: string, p: SimProcess, now: number): Record<string, unknown> {
  const id = `${siteId(site)}/instances/${instance}/processes/${p.pid}`;
  const cpu = p.cpuSeconds;
  const span = `${String(Math.floor(cpu / 3600)).padStart(2, "0")}:${String(Math.floor((cpu % 3600) / 60)).padStart(2, "0")}:${String(cpu % 60).padStart(2, "0")}`;
  return {
    id,
    name: String(p.pid),
    type: site.slot ? "Microsoft.Web/sites/slots/instances/processes" : "Microsoft.Web/sites/instances/processes",
    properties: {
      identifier: p.pid,
      deployment_name: site.name,
      href: `https://${scmHostName(site)}/api/processes/${p.pid}`,
      minidump: `https://${scmHostName(site)}/api/processes/${p.pid}/dump`,
      file_name: p.fileName,
      command_line: p.commandLine,
      user_name: `IIS APPPOOL\\${p.isScmSite ? "~1" : ""}${site.name}`,
      handle_count: p.handles,
      module_count: 96,
      thread_count: p.threads,
      start_time: isoSeconds(p.startedAt),
      total_cpu_time: span,
      working_set: Math.round(p.workingSet),
      peak_working_set: Math.round(p.workingSet * 1.05),
      private_memory: Math.round(p.privateBytes),
      virtual_memory: Math.round(p.privateBytes * 2.2),
      time_stamp: isoSeconds(now),
      is_scm_site: p.isScmSite,
      is_webjob: false,
      description: "w3wp.exe",
    },
  };
}

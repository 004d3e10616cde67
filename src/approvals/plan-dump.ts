// The memory-dump proposal: which process (by name or PID, default the app's worker on that instance), its size
// estimate and the risk of pausing it. Pure: the process list was read by the caller. Linux has no ARM dump;
// the refusal says what to do instead (linuxDumpSteps).
import type { ProcessRow } from "../collect/types.ts";
import type { Snapshot } from "../core/snapshot.ts";
import { draft } from "./plan-draft.ts";
import { type PlanResult, refuse } from "./proposal.ts";

export interface DumpRequest {
  kind: "memoryDump";
  instance: string;
  /** "w3wp", "dotnet", or a PID; absent = the app's biggest worker. */
  process?: string;
  /** The instance's processes, read just before planning. */
  processes: ProcessRow[];
}

/** Exact steps for a Linux app, where the platform has no dump API the bot can call. */
export function linuxDumpSteps(app: string): string {
  return [
    `${app} runs on Linux: App Service has no memory-dump API for Linux apps, so the bot cannot take one. Instead:`,
    "1. Portal: open the app → Diagnose and solve problems → search “Collect a Memory Dump” (Diagnostic Tools), pick the instance, and Collect; it lands in the storage account you choose.",
    "2. Or from the container (SSH in the portal: Development Tools → SSH): for .NET run `dotnet-dump collect -p <pid> -o /home/LogFiles/<app>.dmp` (install with `dotnet tool install -g dotnet-dump`); for Node run `node --heapsnapshot-signal=SIGUSR2` and `kill -USR2 <pid>`.",
    "3. Or automate it: auto-heal with a custom action (Linux supports auto-heal rules: `/appsvc autoheal <app> enable linux`) so the next occurrence is captured when it happens.",
  ].join("\n");
}

/** Sizes in the same 1024-based units as every other byte figure the bot shows (fmtBytes). */
const GB = 1024 ** 3;
const MB = 1024 ** 2;
/** A full dump moves roughly what the process holds: about 50 MB/s from a worker to storage. */
const BYTES_PER_SECOND = 50e6;

function pick(req: DumpRequest): ProcessRow | undefined {
  const app = req.processes.filter((p) => !p.scm);
  if (req.process === undefined) return [...app].sort((a, b) => (b.privateBytes ?? 0) - (a.privateBytes ?? 0))[0];
  const want = req.process.toLowerCase();
  if (/^\d+$/.test(want)) return req.processes.find((p) => String(p.pid) === want);
  return [...app]
    .filter((p) => p.name.toLowerCase() === want)
    .sort((a, b) => (b.privateBytes ?? 0) - (a.privateBytes ?? 0))[0];
}

export function dumpDraft(s: Snapshot, req: DumpRequest, stamp: string): PlanResult {
  if (s.site.os === "linux") return refuse(linuxDumpSteps(s.app.name));
  const inst = s.instances.find((i) => i.name.toLowerCase() === req.instance.toLowerCase());
  if (!inst) {
    const names = s.instances.map((i) => i.name).join(", ") || "none running";
    return refuse(`${s.app.name} has no instance ${req.instance} (instances: ${names}).`);
  }
  const p = pick(req);
  if (!p) {
    const names = [...new Set(req.processes.filter((x) => !x.scm).map((x) => `${x.name} (PID ${x.pid})`))].join(", ");
    return refuse(
      `No process ${req.process ?? "of the app"} on ${inst.name}${names ? `; it runs ${names}` : ""}. Give --process a name or PID from that list.`,
    );
  }
  const bytes = p.privateBytes ?? p.workingSet ?? 0;
  const seconds = Math.max(1, Math.round(bytes / BYTES_PER_SECOND));
  const blobName = `${s.app.name}-${inst.name}-${p.name}-${p.pid}-${stamp}.dmp`.replace(/[^A-Za-z0-9._-]+/g, "-");
  const size = bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${Math.round(bytes / MB)} MB`;
  const path = `${s.app.id}/instances/${inst.name}/processes/${p.pid}/dump`;
  return {
    ok: true,
    draft: draft(
      s,
      "memory-dump",
      `Memory dump of ${p.name} (PID ${p.pid}) on ${inst.name}`,
      { op: "memoryDump", instance: inst.name, pid: p.pid, process: p.name, estimateBytes: bytes, blobName },
      {
        method: "GET",
        path,
        note: "Streamed into the dumps container (Put Block / Put Block List), never held whole.",
      },
      { before: { instance: inst.name, process: p.name, pid: p.pid, privateBytes: bytes }, after: { blob: blobName } },
      [
        `${p.name} on ${inst.name} is paused while the dump is written (about ${seconds} s for ${size}): its requests wait or fail meanwhile; the other instances keep serving.`,
        `The dump is about ${size} and holds the process's memory, secrets included: keep the dumps container private.`,
        ...(s.instances.length < 2 ? ["With one instance the app does not answer while the process is paused."] : []),
      ],
      { instance: inst.name },
    ),
  };
}

// /appsvc collect: resolve the app, then read every source that applies to its OS in parallel, each under its
// own share of the read deadline, so a slow or refused source becomes a reason in the summary while the others
// still arrive. The snapshot (site facts, instances, changes, HTTP logs) feeds the sources that need it.
import type { AppLookup } from "../core/app-query.ts";
import { DomainError } from "../core/errors.ts";
import type { Fleet, Resolution } from "../core/fleet.ts";
import type { AppRef, Os, Snapshot } from "../core/snapshot.ts";
import { readApp } from "../reads/read-app.ts";
import { type ContainerLogSummary, summariseContainerLog } from "./container-log.ts";
import { type DiagnosticsSummary, summariseDiagnostics } from "./diagnostics-summary.ts";
import { findOutlier, type ProcessOutlier } from "./process-outliers.ts";
import { scmHostOf } from "./scm-host.ts";
import type {
  CollectSources,
  ContainerLogRead,
  DiagnosticsRead,
  LogStreamRead,
  ProcessRow,
  SourceProblem,
  SourceResult,
} from "./types.ts";

export interface CollectRequest {
  query: AppLookup;
  slot?: string;
  /** Only this instance's processes (and it must exist). */
  instance?: string;
  windowMs: number;
  now: number;
  /** The whole collect's budget; sources get what is left of it. */
  budgetMs: number;
  /** Log stream capture bounds. */
  logStream: { maxMs: number; maxBytes: number };
  signal?: AbortSignal;
}

export interface Collected {
  kind: "found";
  app: AppRef;
  os: Os;
  container: boolean;
  snapshot: Snapshot;
  diagnostics: SourceResult<{ read: DiagnosticsRead; summary: DiagnosticsSummary }>;
  containerLog: SourceResult<{ read: ContainerLogRead; summary: ContainerLogSummary }>;
  processes: SourceResult<{ rows: ProcessRow[]; outlier?: ProcessOutlier }>;
  logStream: SourceResult<LogStreamRead>;
  instance?: string;
  ms: number;
}

export type CollectResult =
  | Collected
  | Exclude<Resolution, { kind: "found" }>
  | { kind: "unknownInstance"; app: AppRef; instance: string; instances: string[] };

const unsupported = (message: string, hint?: string): SourceResult<never> => ({
  ok: false,
  problem: { kind: "unsupported", message, ...(hint ? { hint } : {}) },
  ms: 0,
});

/** A DomainError (or anything) → why the source has nothing. */
export function problemOf(e: unknown): SourceProblem {
  if (e instanceof DomainError) {
    const kind =
      e.kind === "forbidden"
        ? "forbidden"
        : e.kind === "timeout"
          ? "timeout"
          : e.kind === "unavailable" && /could not be reached/.test(e.userMessage)
            ? "unreachable"
            : "failed";
    return { kind, message: e.userMessage, ...(e.hint ? { hint: e.hint } : {}) };
  }
  return { kind: "failed", message: e instanceof Error ? e.message : String(e) };
}

/** Runs one source, timing it; never rejects. A source still running at `deadline` is reported as timed out. */
async function settle<T>(
  what: string,
  deadline: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<SourceResult<T>> {
  const started = performance.now();
  const ac = new AbortController();
  const left = Math.max(1, deadline - performance.now());
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<SourceResult<T>>((resolve) => {
    timer = setTimeout(() => {
      ac.abort(new Error("deadline"));
      resolve({
        ok: false,
        problem: {
          kind: "timeout",
          message: `${what} did not answer within the collect deadline.`,
          hint: "Try again in a minute.",
        },
        ms: performance.now() - started,
      });
    }, left);
  });
  const work = run(ac.signal).then(
    (value): SourceResult<T> => ({ ok: true, value, ms: performance.now() - started }),
    (e: unknown): SourceResult<T> => ({ ok: false, problem: problemOf(e), ms: performance.now() - started }),
  );
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

export function osOf(app: AppRef): { os: Os; container: boolean } {
  const k = app.kind.toLowerCase();
  return { os: k.includes("linux") ? "linux" : "windows", container: k.includes("container") || k.includes("linux") };
}

export async function collect(fleet: Fleet, sources: CollectSources, req: CollectRequest): Promise<CollectResult> {
  const started = performance.now();
  const deadline = started + req.budgetMs;
  const resolution = await fleet.resolveApp(req.query, req.slot ? { slot: req.slot } : undefined);
  if (resolution.kind !== "found") return resolution;
  const app = resolution.app;
  const { os, container } = osOf(app);
  const window = { start: req.now - req.windowMs, end: req.now };
  const snapshotP = readApp(fleet, req.query, {
    windowMs: req.windowMs,
    slot: req.slot,
    explicit: true,
    now: req.now,
    signal: req.signal,
  });
  const snapshot = snapshotP.then((r) => {
    if (r.kind !== "found") throw new Error("the app went away while collecting");
    return r.snapshot;
  });
  snapshot.catch(() => undefined);

  const diagnostics = settle("App Service diagnostics", deadline, async (s) => {
    const read = await sources.diagnostics(app, window, s);
    return { read, summary: summariseDiagnostics(read.results) };
  });
  const containerLog = container
    ? settle("The container log", deadline, async (s) => {
        const read = await sources.containerLog(app, s);
        return { read, summary: summariseContainerLog(read.tail) };
      })
    : Promise.resolve(
        unsupported(
          "Container logs exist only for Linux and custom-container apps; this is a Windows code app.",
          "Its application logs are in the log stream capture below.",
        ),
      );
  const snap = await snapshot;
  const instances = snap.instances.map((i) => i.name);
  let instance: string | undefined;
  if (req.instance !== undefined) {
    instance = instances.find((i) => i.toLowerCase() === req.instance?.toLowerCase());
    if (!instance) return { kind: "unknownInstance", app, instance: req.instance, instances };
  }
  const processes =
    os === "linux"
      ? Promise.resolve(
          unsupported(
            "The process list (ARM instance-process API) is for Windows apps; Linux apps do not have it.",
            "The container log shows the process start and exit lines instead.",
          ),
        )
      : settle("The process list", deadline, async (s) => {
          const rows = await sources.processes(app, instance ? [instance] : instances, s);
          const outlier = findOutlier(rows);
          return outlier ? { rows, outlier } : { rows };
        });
  const host = scmHostOf(snap.site.enabledHostNames);
  const logStream = host
    ? settle("The log stream", deadline, (s) => sources.logStream(app, host, req.logStream, s))
    : Promise.resolve<SourceResult<LogStreamRead>>({
        ok: false,
        problem: {
          kind: "unreachable",
          message: "The site lists no SCM (Kudu) host name, so there is no log stream to read.",
        },
        ms: 0,
      });
  const [d, c, p, l] = await Promise.all([diagnostics, containerLog, processes, logStream]);
  return {
    kind: "found",
    app,
    os,
    container,
    snapshot: snap,
    diagnostics: d,
    containerLog: c,
    processes: p,
    logStream: l,
    ...(instance ? { instance } : {}),
    ms: performance.now() - started,
  };
}

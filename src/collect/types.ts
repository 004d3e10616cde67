// Collect: the evidence Microsoft's 502/503 guide asks for (diagnostics, container log, processes, log stream),
// gathered at the moment of the incident. Domain types and the port the Azure adapter implements; no I/O here.
import type { AppRef, Window } from "../core/snapshot.ts";

/** One abnormal period an analysis or detector reported. */
export interface DiagnosticPeriod {
  start: number;
  end: number;
  message: string;
  /** The detector behind an analysis event, when it says. */
  detector?: string;
}

export interface DiagnosticResult {
  kind: "analysis" | "detector";
  id: string;
  issue: boolean;
  periods: DiagnosticPeriod[];
}

export interface DiagnosticsRead {
  results: DiagnosticResult[];
  /** The JSON Azure answered, per analysis/detector, attached as a file. */
  raw: Record<string, unknown>;
}

export interface ContainerLogRead {
  /** The last lines of the docker log (text). */
  tail: string;
  /** The zipped log files, when Azure sent them. */
  zip?: Buffer;
}

/** One process on one instance (the ARM instance-process API, Windows). */
export interface ProcessRow {
  instance: string;
  pid: number;
  name: string;
  /** Kudu's own worker (the SCM site), not the app. */
  scm: boolean;
  workingSet?: number;
  privateBytes?: number;
  threads?: number;
  handles?: number;
  /** Seconds of CPU since start. */
  cpuSeconds?: number;
  startedAt?: number;
}

export interface LogStreamRead {
  text: string;
  bytes: number;
  /** Stopped at the byte cap (not the time cap). */
  truncated: boolean;
  host: string;
}

/** What the collect use case reads from Azure. Each call may throw a DomainError (forbidden, unavailable…). */
export interface CollectSources {
  diagnostics(app: AppRef, window: Window, signal: AbortSignal): Promise<DiagnosticsRead>;
  containerLog(app: AppRef, signal: AbortSignal): Promise<ContainerLogRead>;
  processes(app: AppRef, instances: string[], signal: AbortSignal): Promise<ProcessRow[]>;
  logStream(
    app: AppRef,
    scmHost: string,
    bounds: { maxMs: number; maxBytes: number },
    signal: AbortSignal,
  ): Promise<LogStreamRead>;
}

/** Why a source has nothing: said in the summary, never silently absent. */
export interface SourceProblem {
  kind: "unsupported" | "forbidden" | "unreachable" | "failed" | "timeout";
  message: string;
  hint?: string;
}

export type SourceResult<T> = { ok: true; value: T; ms: number } | { ok: false; problem: SourceProblem; ms: number };

// Marks the container log's startup and crash lines (the ones the guide tells you to look for: the container
// start, the port it was run with, failed HTTP pings, exits). Pure.

export type LineMark = "startup" | "crash";

export interface MarkedLine {
  text: string;
  mark?: LineMark;
}

const CRASH =
  /didn't respond to HTTP pings|failing site start|failed during startup|terminated|exited with|exit code|unhandled exception|stack overflow|out of memory|\bERROR\b|crash/i;
const STARTUP =
  /Starting container|docker run|initialized successfully|ready to serve requests|listening on|Pulling image|Pull Image successful|Initiating warmup/i;

export function markLine(text: string): MarkedLine {
  if (CRASH.test(text)) return { text, mark: "crash" };
  if (STARTUP.test(text)) return { text, mark: "startup" };
  return { text };
}

export interface ContainerLogSummary {
  lines: MarkedLine[];
  crashes: number;
  starts: number;
  /** The newest crash line, the container log's headline. */
  lastCrash?: string;
  /** The newest `docker run` line: the port the platform exposed. */
  lastRun?: string;
}

export function summariseContainerLog(tail: string): ContainerLogSummary {
  const lines = tail
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .map(markLine);
  const crashes = lines.filter((l) => l.mark === "crash");
  // The platform's own error line says why (pings, exit code); "Stopping site …" only that it stopped.
  const errors = crashes.filter((l) => /\bERROR\b/.test(l.text));
  const headline = errors.length ? errors[errors.length - 1] : crashes[crashes.length - 1];
  const starts = lines.filter((l) => /Starting container/i.test(l.text));
  const runs = lines.filter((l) => /docker run/i.test(l.text));
  return {
    lines,
    crashes: crashes.length,
    starts: starts.length,
    ...(headline ? { lastCrash: headline.text } : {}),
    ...(runs.length ? { lastRun: runs[runs.length - 1].text } : {}),
  };
}

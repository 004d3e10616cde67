// Pattern readers for the optional Log Analytics rows (docs/glossary.md#log-analytics-queries: platform and console lines). Message strings follow
// the platform's wording ([C] community playbooks): match loosely, never on exact punctuation.

import type { LogsData } from "../snapshot.ts";

export interface PingFailure {
  t: number;
  port: number;
}

export interface Listener {
  t: number;
  host?: string;
  port: number;
  message: string;
}

const PING = /didn'?t respond to HTTP pings on port:?\s*(\d{2,5})/i;
const FAILING_START =
  /failing site start|site start(?:up)? (?:failed|timed out)|did not start within expected time limit|exceeded .*start(?:up)? time/i;
const EXIT = /\b(?:is )?terminated\b|\bhas exited\b|\bexited\b|exit code|non-zero exit/i;
const START = /\bstarting (?:the )?container\b|\bcontainer\b.*\b(?:is starting|started)\b|\bdocker run\b/i;
/** Lines of one container start ("Starting container", "docker run") within this of each other are one start. */
const SAME_START_MS = 30_000;
const LISTEN =
  /\b(?:listening|running|started|serving|bound|ready)\b[^\n]*?(?:(?:https?:\/\/)?(\[[^\]]+\]|\d{1,3}(?:\.\d{1,3}){3}|localhost|\*|\+|[a-z][a-z0-9.-]*):(\d{2,5})\b|\bport\b\D{0,3}(\d{2,5})\b)/i;
const CRASH =
  /\b(?:exception|traceback|unhandled|fatal|panic|segmentation fault|cannot find module|modulenotfounderror|error:)|exit(?:ed)? (?:with )?(?:code|status)\s*[1-9]/i;
const PROGRESS = /(\d{1,3}(?:\.\d+)?)\s*%/;
const ELAPSED = /elapsed time\s*=\s*(\d+(?:\.\d+)?)\s*sec/i;
const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

type Line = { t: number; message: string; containerId?: string };

function lines(rows: ReadonlyArray<Line> | undefined): Line[] {
  if (!Array.isArray(rows)) return [];
  return rows.filter((r) => r && typeof r.message === "string" && Number.isFinite(r.t)).sort((a, b) => a.t - b.t);
}

export function pingFailures(logs: LogsData | undefined): PingFailure[] {
  const out: PingFailure[] = [];
  for (const l of lines(logs?.platform)) {
    const m = PING.exec(l.message);
    if (m) out.push({ t: l.t, port: Number(m[1]) });
  }
  return out;
}

export function listeners(logs: LogsData | undefined): Listener[] {
  const out: Listener[] = [];
  for (const l of lines(logs?.console)) {
    if (CRASH.test(l.message)) continue;
    const m = LISTEN.exec(l.message);
    if (!m) continue;
    const port = Number(m[2] ?? m[3]);
    if (!(port > 0 && port < 65536)) continue;
    out.push({ t: l.t, host: m[1]?.toLowerCase(), port, message: l.message });
  }
  return out;
}

export function isLocalOnly(l: Listener): boolean {
  return l.host !== undefined && LOCAL_HOSTS.has(l.host);
}

export function failingStarts(logs: LogsData | undefined): Array<{ t: number; elapsedSec?: number; message: string }> {
  return lines(logs?.platform)
    .filter((l) => FAILING_START.test(l.message))
    .map((l) => {
      const e = ELAPSED.exec(l.message);
      return { t: l.t, elapsedSec: e ? Number(e[1]) : undefined, message: l.message };
    });
}

export function containerStarts(logs: LogsData | undefined): Line[] {
  const out: Line[] = [];
  for (const l of lines(logs?.platform)) {
    if (!START.test(l.message) || FAILING_START.test(l.message) || EXIT.test(l.message) || PING.test(l.message))
      continue;
    const last = out.at(-1);
    if (last && l.t - last.t < SAME_START_MS) continue;
    out.push(l);
  }
  return out;
}

export function containerExits(logs: LogsData | undefined): Line[] {
  return lines(logs?.platform).filter((l) => EXIT.test(l.message));
}

export function crashLines(logs: LogsData | undefined): Line[] {
  return lines(logs?.console).filter((l) => CRASH.test(l.message));
}

export function consoleLines(logs: LogsData | undefined): Line[] {
  return lines(logs?.console);
}

/** "Loading reference cache… 71%": a progress percentage in (0, 100), or undefined. */
export function progressOf(message: string): number | undefined {
  const m = PROGRESS.exec(message);
  if (!m) return undefined;
  const p = Number(m[1]);
  return p > 0 && p < 100 ? p : undefined;
}

/** Largest number of events inside any sliding window of `spanMs`. */
export function maxInSpan(times: number[], spanMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < t.length; i++) {
    while (t[i] - t[j] >= spanMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

// Parsers for single argument values. Each returns the value or a sentence naming the problem.
import { echo } from "./echo.ts";
import { LIMITS } from "./grammar.ts";
import type { WindowSpec } from "./intent.ts";

export type Value<T> = { ok: true; value: T } | { ok: false; problem: string; suggestions?: string[] };

const ok = <T>(value: T): Value<T> => ({ ok: true, value });
const bad = <T>(problem: string, suggestions?: string[]): Value<T> =>
  suggestions?.length ? { ok: false, problem, suggestions } : { ok: false, problem };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNITS: Array<[RegExp, number]> = [
  [/^(?:s|secs?|seconds?)$/, 1000],
  [/^(?:m|mins?|minutes?)$/, MINUTE],
  [/^(?:h|hrs?|hours?)$/, HOUR],
  [/^(?:d|days?)$/, DAY],
  [/^(?:w|wks?|weeks?)$/, 7 * DAY],
];
const DURATION = /^(?:\d+[a-z]+)+$/;

/** "90m", "6h", "1h30m", "3d" → milliseconds; undefined when it is not a duration. */
export function durationMs(text: string): number | undefined {
  const t = text.toLowerCase();
  if (!DURATION.test(t)) return undefined;
  let total = 0;
  for (const [, n, unit] of t.matchAll(/(\d+)([a-z]+)/g)) {
    const ms = UNITS.find(([re]) => re.test(unit))?.[1];
    if (ms === undefined) return undefined;
    total += Number(n) * ms;
  }
  return total;
}

/** Shortest exact label: "3d", "6h", "90m". */
export function windowLabel(ms: number): string {
  if (ms % DAY === 0) return `${ms / DAY}d`;
  if (ms % HOUR === 0) return `${ms / HOUR}h`;
  return `${Math.round(ms / MINUTE)}m`;
}

export function parseWindow(text: string): Value<WindowSpec> {
  if (/^\d{1,4}$/.test(text)) {
    return bad(`The window ${echo(text)} has no unit: use m, h or d, e.g. ${text}h.`, [`${text}h`]);
  }
  const ms = durationMs(text);
  if (ms === undefined) return bad(`${echo(text)} is not a window: use e.g. 30m, 6h or 3d.`);
  if (ms < LIMITS.minWindowMs) {
    return bad(`The window ${echo(text)} is too short: the shortest is 5m (the bot reads 5-minute buckets).`);
  }
  if (ms > LIMITS.maxWindowMs) return bad(`The window ${echo(text)} is too long: the longest is 30d.`);
  if (ms % MINUTE !== 0) return bad(`The window ${echo(text)} must be whole minutes.`);
  return ok({ ms, label: windowLabel(ms), defaulted: false });
}

export function defaultWindow(label: string): WindowSpec {
  const ms = durationMs(label)!;
  return { ms, label: windowLabel(ms), defaulted: true };
}

/** A whole number in [min, max]; `what` names it in the messages ("the instance count", "--count"). */
export function parseCount(text: string, min: number, max: number, what: string): Value<number> {
  if (!/^[+-]?\d+$/.test(text)) return bad(`${echo(text)} is not a whole number (${what} is ${min}–${max}).`);
  const n = Number(text);
  if (n < min) return bad(`${echo(text)} is too small: ${what} must be at least ${min}.`);
  if (n > max) return bad(`${echo(text)} is too large: ${what} can be at most ${max}.`);
  return ok(n);
}

const SLOT = /^[A-Za-z0-9][A-Za-z0-9-]{0,58}$/;

export function parseSlot(text: string): Value<string> {
  return SLOT.test(text)
    ? ok(text)
    : bad(`${echo(text)} is not a slot name (letters, digits and hyphens, e.g. staging).`);
}

/** App Service plan SKU shapes: F1, D1, B1–B3, S1–S3, P1–P3, P1v2, P0v3, P1mv3, I1v2, I1mv2, EP1, WS1. */
const SKU = /^(ep|ws|[fdbspi])(\d)((m?)v(\d))?$/i;

/** Validates the shape and returns the canonical casing (family upper case, "mv3"/"v3" lower case). */
export function parseSku(text: string): Value<string> {
  const m = SKU.exec(text);
  if (!m) return bad(`${echo(text)} is not an App Service plan SKU (e.g. S1, P1v3, P1mv3).`);
  return ok(`${m[1].toUpperCase()}${m[2]}${m[3] ? `${m[4].toLowerCase()}v${m[5]}` : ""}`);
}

const PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

/** A URL path on the site: starts with "/", URL characters only. */
export function parsePath(text: string, what = "The path"): Value<string> {
  if (!text.startsWith("/")) return bad(`${what} must start with “/” (got ${echo(text)}), e.g. /healthz.`);
  if (text.length > LIMITS.maxPathLength)
    return bad(`${what} is too long: at most ${LIMITS.maxPathLength} characters.`);
  if (!PATH.test(text)) return bad(`${what} ${echo(text)} has characters a URL path cannot hold.`);
  return ok(text);
}

/** "hh:mm:ss", or a short duration ("90s", "5m", "1h"), → the "hh:mm:ss" TimeSpan Azure wants. */
export function parseTimespan(text: string, flag: string): Value<string> {
  let sec: number | undefined;
  const m = /^(\d{1,2}):([0-5]\d):([0-5]\d)$/.exec(text);
  if (m) sec = Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]);
  else {
    const ms = durationMs(text);
    if (ms !== undefined && ms % 1000 === 0) sec = ms / 1000;
  }
  if (sec === undefined) return bad(`${flag} ${echo(text)} is not a time span: use hh:mm:ss, e.g. 00:05:00.`);
  if (sec <= 0 || sec >= 24 * 3600) return bad(`${flag} must be more than 00:00:00 and less than 24:00:00.`);
  const hh = Math.floor(sec / 3600);
  const mm = Math.floor((sec % 3600) / 60);
  return ok([hh, mm, sec % 60].map((x) => String(x).padStart(2, "0")).join(":"));
}

/** "500-599" or "502": HTTP status codes, 100–599. */
export function parseStatusCodes(text: string): Value<string> {
  const m = /^(\d{3})(?:-(\d{3}))?$/.exec(text);
  const lo = Number(m?.[1]);
  const hi = m?.[2] === undefined ? lo : Number(m[2]);
  if (!m || lo < 100 || hi > 599 || lo > hi) {
    return bad(`--status-codes ${echo(text)} is not a status code or range (e.g. 500-599 or 502).`);
  }
  return ok(text);
}

const INSTANCE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Instance (worker) ID as the `Instance` metric dimension names it, e.g. RD0003 or a hex ID. */
export function parseInstance(text: string): Value<string> {
  return INSTANCE.test(text) ? ok(text) : bad(`${echo(text)} is not an instance ID (e.g. RD0003).`);
}

/** Digest subscription IDs: what `digest list` shows. */
export function parseId(text: string): Value<string> {
  return /^[A-Za-z0-9_-]{1,64}$/.test(text) ? ok(text) : bad(`${echo(text)} is not a subscription ID.`);
}

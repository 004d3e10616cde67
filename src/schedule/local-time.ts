// Wall-clock time in an IANA zone, with Intl only (no tz database of our own). Pure. The one subtle part:
// a local time can exist zero times (spring-forward gap), once, or twice (autumn overlap), and the
// digest must know which — node-cron skips a time in the gap and runs the repeated one once.

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      hourCycle: "h23",
      weekday: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** True for a zone Intl knows ("Europe/Berlin", "UTC"); throws nothing. */
export function isTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== "string" || timeZone.trim() === "") return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

let known: Map<string, string> | undefined;
/**
 * The usual spelling of a zone ("europe/berlin" → "Europe/Berlin"), or undefined. A valid name is kept as
 * typed when its case is right: ICU would turn "Asia/Kolkata" into the legacy "Asia/Calcutta".
 */
export function canonicalTimeZone(timeZone: string): string | undefined {
  const tz = String(timeZone ?? "").trim();
  if (!isTimeZone(tz)) return undefined;
  known ??= new Map([...Intl.supportedValuesOf("timeZone"), "UTC"].map((z) => [z.toLowerCase(), z]));
  const listed = known.get(tz.toLowerCase());
  if (listed) return listed;
  if (/^[A-Z]/.test(tz) && !/\/[a-z]/.test(tz)) return tz;
  return new Intl.DateTimeFormat("en-US", { timeZone: tz }).resolvedOptions().timeZone;
}

/** Wall-clock fields of instant `t` in `timeZone` (seconds dropped). */
export function localParts(t: number, timeZone: string): LocalParts {
  const p: Record<string, string> = {};
  for (const x of formatter(timeZone).formatToParts(new Date(t))) p[x.type] = x.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    weekday: WEEKDAYS[p.weekday] ?? 0,
  };
}

/** UTC offset of `timeZone` at instant `t`, in ms (CEST → +7,200,000), to the minute. */
export function offsetAt(t: number, timeZone: string): number {
  const floored = Math.floor(t / MINUTE) * MINUTE;
  const p = localParts(floored, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - floored;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** "YYYY-MM-DD" of instant `t` in `timeZone`: the digest's run date. */
export function localDate(t: number, timeZone: string): string {
  const p = localParts(t, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** A calendar date as "YYYY-MM-DD" plus `days`. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number);
  const t = Date.UTC(y, m - 1, d) + days * DAY;
  const u = new Date(t);
  return `${pad(u.getUTCFullYear(), 4)}-${pad(u.getUTCMonth() + 1)}-${pad(u.getUTCDate())}`;
}

/** 0 = Sunday … 6 = Saturday of a calendar date. */
export function weekdayOf(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export type Resolved =
  | { kind: "single"; at: number }
  /** The wall time does not exist that day; `nextValid` is the first minute after the gap. */
  | { kind: "gap"; nextValid: number; gapMinutes: number }
  /** The wall time happens twice (summer time, then standard time). */
  | { kind: "overlap"; first: number; second: number };

/**
 * Every instant at which the wall clock in `timeZone` reads `date` `hh:mm`. Candidates come from the
 * offsets in force a day either side (no zone changes twice within two days), each checked by formatting.
 */
export function resolveLocal(date: string, hh: number, mm: number, timeZone: string): Resolved {
  const [y, m, d] = date.split("-").map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const offsets = new Set([offsetAt(wall - DAY, timeZone), offsetAt(wall, timeZone), offsetAt(wall + DAY, timeZone)]);
  const hits = [...offsets]
    .map((o) => wall - o)
    .filter((t) => {
      const p = localParts(t, timeZone);
      return p.year === y && p.month === m && p.day === d && p.hour === hh && p.minute === mm;
    })
    .sort((a, b) => a - b);
  const unique = [...new Set(hits)];
  if (unique.length === 1) return { kind: "single", at: unique[0] };
  if (unique.length >= 2) return { kind: "overlap", first: unique[0], second: unique[unique.length - 1] };
  // In the gap: the clock jumps from before `wall` to after it. The first valid minute is where the
  // larger (earlier-zone) offset's reading ends; walk minutes from the smallest candidate.
  const sorted = [...offsets].sort((a, b) => b - a);
  let t = wall - sorted[0];
  while (t + offsetAt(t, timeZone) < wall) t += MINUTE;
  const gapMinutes = Math.round((sorted[0] - sorted[sorted.length - 1]) / MINUTE);
  return { kind: "gap", nextValid: t, gapMinutes };
}

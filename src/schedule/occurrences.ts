// When a digest subscription runs: "HH:MM" in an IANA zone on weekdays (Mon–Fri) or daily. Pure, and it
// agrees with node-cron 4 (checked in tests against its own getNextRuns): a time inside the spring-forward
// gap does not run that day, a repeated autumn time runs once, at its second (standard time) occurrence.
import { addDays, localDate, resolveLocal, weekdayOf } from "./local-time.ts";

export type Days = "weekdays" | "daily";

export interface ScheduleSpec {
  /** "HH:MM", 24 h. */
  time: string;
  timeZone: string;
  days: Days;
}

const HH_MM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** {hh, mm} of "9:05" / "09:05"; undefined when it is not a 24 h time. */
export function parseTime(time: string): { hh: number; mm: number } | undefined {
  const m = HH_MM.exec(String(time ?? "").trim());
  return m ? { hh: Number(m[1]), mm: Number(m[2]) } : undefined;
}

function timeOf(spec: ScheduleSpec): { hh: number; mm: number } {
  const t = parseTime(spec.time);
  if (!t) throw new Error(`digest time "${spec.time}" is not HH:MM`);
  return t;
}

/** The node-cron expression (minute hour dom month dow); the zone goes in its `timezone` option. */
export function cronExpression(spec: ScheduleSpec): string {
  const { hh, mm } = timeOf(spec);
  return `${mm} ${hh} * * ${spec.days === "weekdays" ? "1-5" : "*"}`;
}

/** Does the subscription run on this local date (weekday rule only)? */
export function runsOn(date: string, days: Days): boolean {
  const wd = weekdayOf(date);
  return days === "daily" || (wd >= 1 && wd <= 5);
}

/**
 * The instant of the digest on local `date`, or undefined when it does not run that day: not a run day,
 * or the time falls in a daylight-saving gap (as node-cron skips it). A repeated time gives the later one.
 */
export function slotOn(spec: ScheduleSpec, date: string): number | undefined {
  if (!runsOn(date, spec.days)) return undefined;
  const { hh, mm } = timeOf(spec);
  const r = resolveLocal(date, hh, mm, spec.timeZone);
  if (r.kind === "single") return r.at;
  if (r.kind === "overlap") return r.second;
  return undefined;
}

/** Weekends, gaps and a week of holidays-free weekdays fit in this many days. */
const SEARCH_DAYS = 10;

/** The first digest strictly after `after`. */
export function nextOccurrence(spec: ScheduleSpec, after: number): number {
  let date = addDays(localDate(after, spec.timeZone), -1);
  for (let i = 0; i < SEARCH_DAYS; i++, date = addDays(date, 1)) {
    const at = slotOn(spec, date);
    if (at !== undefined && at > after) return at;
  }
  throw new Error(`no digest time found within ${SEARCH_DAYS} days of ${new Date(after).toISOString()}`);
}

/** The last digest at or before `atOrBefore`, or undefined within the search range. */
export function previousOccurrence(spec: ScheduleSpec, atOrBefore: number): number | undefined {
  let date = addDays(localDate(atOrBefore, spec.timeZone), 1);
  for (let i = 0; i < SEARCH_DAYS; i++, date = addDays(date, -1)) {
    const at = slotOn(spec, date);
    if (at !== undefined && at <= atOrBefore) return at;
  }
  return undefined;
}

/** The next `n` digests after `after` (for "next runs" in a confirmation). */
export function nextOccurrences(spec: ScheduleSpec, after: number, n: number): number[] {
  const out: number[] = [];
  let t = after;
  for (let i = 0; i < n; i++) {
    t = nextOccurrence(spec, t);
    out.push(t);
  }
  return out;
}

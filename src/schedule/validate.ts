// Validation for `/appsvc digest subscribe [HH:MM] [time zone] [weekdays|daily]`: clear messages for a bad
// time, zone or day rule, a warning when the time falls in a daylight-saving gap on some day of the coming
// year (node-cron skips that day's digest), and a note for the repeated autumn hour (posted once). Pure.
import { damerauLevenshtein } from "../core/resolve.ts";
import { addDays, canonicalTimeZone, localDate, localParts, offsetAt, resolveLocal } from "./local-time.ts";
import { type Days, parseTime } from "./occurrences.ts";

export interface SubscriptionInput {
  time: string;
  timeZone: string;
  days: string;
}

export interface SubscriptionCheck {
  /** False when `errors` is not empty. */
  ok: boolean;
  errors: string[];
  /** The time does not exist on some day: that day's digest is skipped. */
  warnings: string[];
  /** The time happens twice on some day: posted once. */
  notes: string[];
  /** Canonical values to store ("9:05" → "09:05", "europe/berlin" → "Europe/Berlin"). */
  normalized?: { time: string; timeZone: string; days: Days };
  /** A time that avoids the gap (the first valid minute after it, e.g. "03:00"), when there is a gap. */
  suggestedTime?: string;
  /** The gap and overlap days found, as local dates. */
  gapDates: string[];
  overlapDates: string[];
}

const DAY = 86_400_000;
/** A year ahead catches both transitions of every zone. */
const LOOKAHEAD_DAYS = 370;
const pad = (n: number) => String(n).padStart(2, "0");

let zoneNames: string[] | undefined;
/** Up to three IANA names close to a mistyped one. */
export function suggestTimeZones(input: string, max = 3): string[] {
  zoneNames ??= [...Intl.supportedValuesOf("timeZone"), "UTC"];
  const q = input.trim().toLowerCase().replace(/\s+/g, "_");
  return zoneNames
    .map((z) => {
      const lz = z.toLowerCase();
      const city = lz.split("/").pop() ?? lz;
      return { z, d: Math.min(damerauLevenshtein(q, lz), damerauLevenshtein(q, city)) };
    })
    .filter((x) => x.d <= Math.max(2, Math.floor(q.length / 4)))
    .sort((a, b) => a.d - b.d || a.z.localeCompare(b.z))
    .slice(0, max)
    .map((x) => x.z);
}

const fmtDay = (date: string) => {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  });
};

export function validateSubscription(input: SubscriptionInput, now: number = Date.now()): SubscriptionCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const notes: string[] = [];
  const gapDates: string[] = [];
  const overlapDates: string[] = [];
  const t = parseTime(input.time);
  if (!t) errors.push(`"${input.time}" is not a time: use 24-hour HH:MM, e.g. 09:00 or 17:30.`);
  const zone = canonicalTimeZone(input.timeZone);
  if (!zone) {
    const near = suggestTimeZones(String(input.timeZone ?? ""));
    errors.push(
      `"${input.timeZone}" is not an IANA time zone${near.length ? `: did you mean ${near.join(", ")}?` : " (e.g. Europe/Berlin, America/New_York, Asia/Kolkata)."}`,
    );
  }
  const days = String(input.days ?? "")
    .trim()
    .toLowerCase();
  if (days !== "weekdays" && days !== "daily") errors.push(`"${input.days}" is not a day rule: use weekdays or daily.`);
  if (!t || !zone || errors.length) return { ok: false, errors, warnings, notes, gapDates, overlapDates };

  const time = `${pad(t.hh)}:${pad(t.mm)}`;
  let suggestedTime: string | undefined;
  // Offsets change at most twice a year: only days whose offset differs from the day before can be special.
  let date = localDate(now, zone);
  let prev = offsetAt(now - DAY, zone);
  for (let i = 0; i < LOOKAHEAD_DAYS; i++, date = addDays(date, 1)) {
    const [y, m, d] = date.split("-").map(Number);
    const noon = Date.UTC(y, m - 1, d, 12) - offsetAt(Date.UTC(y, m - 1, d, 12), zone);
    const off = offsetAt(noon, zone);
    if (off === prev) continue;
    prev = off;
    // The change happened between yesterday noon and today noon: check both dates.
    for (const day of [addDays(date, -1), date]) {
      const r = resolveLocal(day, t.hh, t.mm, zone);
      if (r.kind === "gap" && !gapDates.includes(day)) {
        gapDates.push(day);
        const next = localParts(r.nextValid, zone);
        const skipped = `${time} does not exist in ${zone} on ${fmtDay(day)} (the clocks skip ${r.gapMinutes} minutes for daylight saving)`;
        if (days === "weekdays" && !isWeekday(day)) {
          notes.push(`${skipped}; that is a weekend, when a weekdays digest does not run anyway.`);
          continue;
        }
        suggestedTime ??= `${pad(next.hour)}:${pad(next.minute)}`;
        warnings.push(
          `${skipped}, so that day's digest would be skipped (node-cron does not run a time that never happens). Choose ${suggestedTime} or a time outside the skipped ${r.gapMinutes === 60 ? "hour" : `${r.gapMinutes} minutes`}.`,
        );
      } else if (r.kind === "overlap" && !overlapDates.includes(day)) {
        overlapDates.push(day);
        notes.push(
          `${time} happens twice in ${zone} on ${fmtDay(day)} (the clocks go back): the digest is posted once that day.`,
        );
      }
    }
  }
  return {
    ok: true,
    errors,
    warnings,
    notes,
    normalized: { time, timeZone: zone, days: days as Days },
    ...(suggestedTime ? { suggestedTime } : {}),
    gapDates,
    overlapDates,
  };
}

function isWeekday(date: string): boolean {
  const [y, m, d] = date.split("-").map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd >= 1 && wd <= 5;
}

// Time-axis maths in an IANA zone: tick placement on local wall-clock boundaries and labels.
// Pure functions (luxon), so the zone handling is testable without drawing anything.
import { DateTime, IANAZone } from "luxon";
import type { Window } from "../core/snapshot.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface TimeTick {
  value: number;
  /** Local midnight: labelled with the date instead of the time. */
  major: boolean;
}

/** A valid IANA zone name, or "UTC" when absent or unknown (the subtitle then honestly says UTC). */
export function resolveZone(zone: string | undefined): string {
  if (!zone) return "UTC";
  return IANAZone.isValidZone(zone) ? zone : "UTC";
}

function isUtc(zone: string): boolean {
  return /^(utc|etc\/utc|etc\/gmt|gmt|z)$/i.test(zone);
}

/** Tick spacing for a window: about 6–9 labels. */
export function tickStepMs(durationMs: number): number {
  const steps = [5, 10, 15, 30, 60, 120, 180, 360, 720].map((m) => m * MIN);
  for (const s of steps) if (durationMs / s <= 9) return s;
  const days = Math.ceil(durationMs / DAY / 9);
  return days * DAY;
}

/** Ticks on local boundaries (a 3-hour step gives 00:00, 03:00, … in the zone, DST included). */
export function timeTicks(window: Window, zone: string): TimeTick[] {
  const step = tickStepMs(window.end - window.start);
  const stepMin = step / MIN;
  const scan = step < HOUR ? MIN : HOUR;
  const ticks: TimeTick[] = [];
  let t = DateTime.fromMillis(window.start, { zone }).startOf(step < HOUR ? "minute" : "hour");
  while (t.toMillis() <= window.end) {
    const ms = t.toMillis();
    if (ms >= window.start) {
      const aligned =
        step < HOUR
          ? t.minute % stepMin === 0
          : step < DAY
            ? t.minute === 0 && t.hour % (stepMin / 60) === 0
            : t.minute === 0 && t.hour === 0 && Math.round(ms / DAY) % (step / DAY) === 0;
      if (aligned) ticks.push({ value: ms, major: t.hour === 0 && t.minute === 0 });
    }
    t = DateTime.fromMillis(ms + scan, { zone });
  }
  return ticks;
}

/** Label of one tick: "HH:mm", or the date ("15 Jan") at local midnight and on day steps. */
export function formatTick(ms: number, zone: string, major: boolean): string {
  const t = DateTime.fromMillis(ms, { zone, locale: "en-GB" });
  return major ? t.toFormat("d LLL") : t.toFormat("HH:mm");
}

/** "UTC" or "Europe/Berlin (UTC+1)", with the offset in force at `at`. */
export function zoneLabel(zone: string, at: number): string {
  if (isUtc(zone)) return "UTC";
  const off = DateTime.fromMillis(at, { zone }).offset;
  const sign = off < 0 ? "−" : "+";
  const a = Math.abs(off);
  const hm = a % 60 === 0 ? `${a / 60}` : `${Math.floor(a / 60)}:${String(a % 60).padStart(2, "0")}`;
  return `${zone} (UTC${sign}${hm})`;
}

/** "14 Jan 09:00 – 15 Jan 09:00", or "15 Jan 03:00 – 09:00" within one local day. */
export function formatRange(window: Window, zone: string): string {
  const a = DateTime.fromMillis(window.start, { zone, locale: "en-GB" });
  const b = DateTime.fromMillis(window.end, { zone, locale: "en-GB" });
  const end = a.hasSame(b, "day") ? b.toFormat("HH:mm") : b.toFormat("d LLL HH:mm");
  return `${a.toFormat("d LLL HH:mm")} – ${end}`;
}

/** "HH:mm–HH:mm" for an incident label. */
export function formatSpan(window: Window, zone: string): string {
  const f = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat("HH:mm");
  return `${f(window.start)}–${f(window.end)}`;
}

/** 86_400_000 → "24 h", 5_400_000 → "90 min", 3 days → "3 d". */
export function formatDuration(ms: number): string {
  if (ms >= 3 * DAY && ms % DAY === 0) return `${ms / DAY} d`;
  if (ms >= 2 * HOUR) return `${Math.round((ms / HOUR) * 10) / 10} h`;
  return `${Math.round(ms / MIN)} min`;
}

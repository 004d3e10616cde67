// Autoscale settings (Microsoft.Insights/autoscalesettings) → the setting that governs a plan and the
// profile in force now (the R19 guard, docs/rules.md#r19). Listing is per subscription; the
// choice of profile is pure.
import { DateTime } from "luxon";
import type { AutoscaleInfo } from "../core/snapshot.ts";
import { collect } from "./call.ts";
import type { AzureClients } from "./clients.ts";
import { sameId } from "./ids.ts";

export interface AutoscaleProfileLite {
  name: string;
  minimum: number;
  maximum: number;
  default: number;
  fixedDate?: { start: number; end: number };
  recurrence?: { timeZone: string; days: string[]; hours: number[]; minutes: number[] };
}

export interface AutoscaleSettingLite {
  id: string;
  name: string;
  enabled: boolean;
  targetResourceUri: string;
  profiles: AutoscaleProfileLite[];
}

export async function listAutoscaleSettings(
  clients: AzureClients,
  subscriptionId: string,
  signal: AbortSignal,
): Promise<AutoscaleSettingLite[]> {
  const items = await collect(
    clients.monitor(subscriptionId).autoscaleSettings.listBySubscription({ abortSignal: signal }),
  );
  return items.map((s) => ({
    id: s.id ?? "",
    name: s.name ?? "",
    // Azure treats an absent `enabled` as true.
    enabled: s.enabled !== false,
    targetResourceUri: s.targetResourceUri ?? "",
    profiles: (s.profiles ?? []).map((p) => ({
      name: p.name,
      minimum: Number(p.capacity?.minimum ?? 0),
      maximum: Number(p.capacity?.maximum ?? 0),
      default: Number(p.capacity?.default ?? 0),
      ...(p.fixedDate
        ? { fixedDate: { start: new Date(p.fixedDate.start).getTime(), end: new Date(p.fixedDate.end).getTime() } }
        : {}),
      ...(p.recurrence?.schedule
        ? {
            recurrence: {
              timeZone: p.recurrence.schedule.timeZone,
              days: p.recurrence.schedule.days ?? [],
              hours: p.recurrence.schedule.hours ?? [],
              minutes: p.recurrence.schedule.minutes ?? [],
            },
          }
        : {}),
    })),
  }));
}

/** The enabled setting that targets the plan, with the profile in force at `now`. */
export function autoscaleForPlan(
  settings: AutoscaleSettingLite[],
  planId: string,
  now: number,
): AutoscaleInfo | undefined {
  const s = settings.find((x) => x.enabled && sameId(x.targetResourceUri, planId));
  if (!s || s.profiles.length === 0) return undefined;
  const p = activeProfile(s.profiles, now);
  return {
    id: s.id,
    name: s.name,
    enabled: s.enabled,
    profileName: p.name,
    ...(p.fixedDate || p.recurrence ? { scheduled: true } : {}),
    minimum: p.minimum,
    maximum: p.maximum,
    default: p.default,
  };
}

/** Fixed-date profiles first, then the recurrence profile that started last, then the default profile. */
export function activeProfile(profiles: AutoscaleProfileLite[], now: number): AutoscaleProfileLite {
  const fixed = profiles.find((p) => p.fixedDate && p.fixedDate.start <= now && now <= p.fixedDate.end);
  if (fixed) return fixed;
  let best: { p: AutoscaleProfileLite; at: number } | undefined;
  for (const p of profiles) {
    if (!p.recurrence) continue;
    const at = lastRecurrenceStart(p.recurrence, now);
    if (at !== undefined && (!best || at > best.at)) best = { p, at };
  }
  if (best) return best.p;
  return profiles.find((p) => !p.fixedDate && !p.recurrence) ?? profiles[0];
}

/** The latest weekly start (days × hours × minutes in the profile's zone) at or before `now`. */
export function lastRecurrenceStart(
  r: NonNullable<AutoscaleProfileLite["recurrence"]>,
  now: number,
): number | undefined {
  const zone = ianaZone(r.timeZone);
  const days = new Set(r.days.map((d) => d.toLowerCase()));
  const local = DateTime.fromMillis(now, { zone });
  let best: number | undefined;
  for (let back = 0; back <= 7; back++) {
    const day = local.minus({ days: back });
    if (!days.has(day.setLocale("en-US").toFormat("cccc").toLowerCase())) continue;
    for (const h of r.hours.length ? r.hours : [0]) {
      for (const m of r.minutes.length ? r.minutes : [0]) {
        const t = day.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis();
        if (t <= now && (best === undefined || t > best)) best = t;
      }
    }
  }
  return best;
}

// Autoscale uses Windows time-zone names; the common ones map to IANA, anything else falls back to UTC.
const WINDOWS_ZONES: Record<string, string> = {
  utc: "UTC",
  "gmt standard time": "Europe/London",
  "w. europe standard time": "Europe/Berlin",
  "central europe standard time": "Europe/Budapest",
  "romance standard time": "Europe/Paris",
  "central european standard time": "Europe/Warsaw",
  "e. europe standard time": "Europe/Chisinau",
  "fle standard time": "Europe/Kiev",
  "gtb standard time": "Europe/Bucharest",
  "eastern standard time": "America/New_York",
  "central standard time": "America/Chicago",
  "mountain standard time": "America/Denver",
  "pacific standard time": "America/Los_Angeles",
  "india standard time": "Asia/Kolkata",
  "china standard time": "Asia/Shanghai",
  "tokyo standard time": "Asia/Tokyo",
  "singapore standard time": "Asia/Singapore",
  "aus eastern standard time": "Australia/Sydney",
};

export function ianaZone(windowsOrIana: string | undefined): string {
  if (!windowsOrIana) return "UTC";
  const mapped = WINDOWS_ZONES[windowsOrIana.toLowerCase()];
  if (mapped) return mapped;
  return DateTime.now().setZone(windowsOrIana).isValid ? windowsOrIana : "UTC";
}

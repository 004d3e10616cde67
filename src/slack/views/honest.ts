// The lines that keep an answer from misleading: whether the incident is still going on, what Azure itself
// reports for the region, why a cause was set aside, and since when (and by whom) an app is stopped.
// Pure; every string is escaped mrkdwn.
import type { Diagnosis, IncidentWindow } from "../../core/diagnosis.ts";
import type { ServiceHealthEvent, Snapshot } from "../../core/snapshot.ts";
import type { StoppedInfo } from "../../core/stopped.ts";

export { type StoppedInfo, stoppedInfo } from "../../core/stopped.ts";

import { escapeMrkdwn } from "./escape.ts";
import { fmtDuration, fmtRange, fmtRate, fmtTime } from "./format.ts";

/** "ongoing since 10:05 UTC" · "ended 1 h 10 min ago (09:10–09:50 UTC); 5xx back to 0.1%". */
export function incidentState(w: IncidentWindow | undefined, now: number, tz?: string): string | undefined {
  if (!w) return undefined;
  if (w.ongoing !== false) return `ongoing since ${fmtTime(w.start, tz)}`;
  const after = w.errAfter === null || w.errAfter === undefined ? "" : `; 5xx back to ${fmtRate(w.errAfter)}`;
  return `ended ${fmtDuration(w.endedAgoMs ?? Math.max(0, now - w.end))} ago (${fmtRange(w.start, w.end, tz)})${after}`;
}

const EVENT_WORDS: Record<string, string> = {
  ServiceIssue: "🚨 Azure service issue",
  PlannedMaintenance: "🛠 Planned maintenance",
  HealthAdvisory: "ℹ️ Health advisory",
  SecurityAdvisory: "🔒 Security advisory",
};

const norm = (r: string) => r.toLowerCase().replace(/\s+/g, "");

/** Active Service Health events for the app's region (or with no region given), newest first. */
export function activeRegionEvents(s: Partial<Snapshot> | undefined): ServiceHealthEvent[] {
  const region = norm(s?.app?.region || s?.app?.location || "");
  return (s?.serviceHealth ?? [])
    .filter((e) => e && String(e.status).toLowerCase() === "active")
    .filter((e) => !region || !e.regions?.length || e.regions.some((r) => norm(r) === region))
    .sort((a, b) => (b.start ?? 0) - (a.start ?? 0));
}

/** One line per active regional event: "🛠 Planned maintenance in West Europe: <title> (since 09:40 UTC)". */
export function serviceHealthLines(s: Partial<Snapshot> | undefined, tz?: string): string[] {
  const where = escapeMrkdwn(s?.app?.location || s?.app?.region || "the app's region");
  return activeRegionEvents(s).map((e) => {
    const what = EVENT_WORDS[e.eventType] ?? `Azure ${escapeMrkdwn(e.eventType || "event")}`;
    const since = e.start ? ` (since ${fmtTime(e.start, tz)}${e.end ? `, until ${fmtTime(e.end, tz)}` : ""})` : "";
    return `${what} in ${where}: ${escapeMrkdwn(e.title || "untitled")}${since}`;
  });
}

/** "Set aside: R09 CPU saturation — explained by R18: <reason>" for each set-aside cause. */
export function setAsideLines(d: Partial<Diagnosis> | undefined): string[] {
  return (d?.setAside ?? []).map(
    (f) =>
      `Set aside: ${escapeMrkdwn(f.id)} ${escapeMrkdwn(f.title)} — explained by ${escapeMrkdwn(f.by)}: ${escapeMrkdwn(f.reason)}`,
  );
}

/** "⏹ stopped since 09:40 UTC (1 h 20 min) by jane.doe@contoso.com" · "⏹ stopped (before the lookback)". */
export function stoppedLine(info: StoppedInfo, now: number, tz?: string): string {
  if (info.since === undefined) return `⏹ ${info.word} (since before the lookback; no stop in the Activity Log)`;
  const by = info.by ? ` by ${escapeMrkdwn(info.by)}` : "";
  return `⏹ ${info.word} since ${fmtTime(info.since, tz)} (${fmtDuration(now - info.since)})${by}`;
}

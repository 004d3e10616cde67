// `/appsvc status`: one message, most important fact first — verdict colour and app in the header, then
// state/plan/health, the key figures, the likely cause with its most telling evidence, and buttons.
import type { KnownBlock } from "@slack/types";
import type { Diagnosis, Finding } from "../../core/diagnosis.ts";
import type { KeyFigures } from "../../core/figures.ts";
import type { AppRef, Snapshot } from "../../core/snapshot.ts";
import { actions, context, fields, finalize, header, section } from "./blocks.ts";
import { collectButton } from "./collect-button.ts";
import { code, escapeMrkdwn, escapePlain, fileSafe } from "./escape.ts";
import { changeEvidence, evidenceLine, tellingEvidence } from "./evidence.ts";
import { fmtCount, fmtDuration, fmtPct, fmtRange, fmtRate, fmtSeconds, zoneNote } from "./format.ts";
import { incidentState, serviceHealthLines, setAsideLines, stoppedInfo, stoppedLine } from "./honest.ts";
import { approvalNote, diagnoseButton, mitigationButtons } from "./mitigations.ts";
import type { SlackMessage } from "./types.ts";
import { appLabel, availabilityEmoji, findingName, osLabel, planLine, verdictLook } from "./vocabulary.ts";

export interface AppViewInput {
  app: AppRef;
  snapshot: Snapshot;
  diagnosis: Diagnosis;
  figures: KeyFigures;
  windowMs: number;
  /** IANA zone of the channel; UTC when absent or invalid. */
  timeZone?: string;
  now: number;
  /** The approval flow exists: fix buttons open it (otherwise they explain it is coming). */
  mitigationsEnabled: boolean;
}

/** "Not read: Log Analytics (no workspace configured) · …" from the snapshot's and the diagnosis's unknowns. */
export function unknownsLine(s: Partial<Snapshot> | undefined, d: Partial<Diagnosis> | undefined): string | undefined {
  const items = new Map<string, string>();
  for (const u of s?.unknowns ?? []) {
    if (u?.signal)
      items.set(u.signal.toLowerCase(), `${escapeMrkdwn(u.signal)}${u.reason ? ` (${escapeMrkdwn(u.reason)})` : ""}`);
  }
  for (const u of d?.unknowns ?? []) {
    const key = String(u).toLowerCase();
    if (![...items.keys()].some((k) => key.startsWith(k))) items.set(key, escapeMrkdwn(u));
  }
  return items.size ? `Not read: ${[...items.values()].join(" · ")}` : undefined;
}

/** The fields of the key figures: n/a for unknown, never 0. */
export function figureFields(f: Partial<KeyFigures>): string[] {
  const rate = f.errorRate === null || f.errorRate === undefined ? "" : ` (${fmtRate(f.errorRate)})`;
  return [
    `*Requests*\n${fmtCount(f.requests)}`,
    `*5xx*\n${fmtCount(f.http5xx)}${rate}`,
    `*Response time*\navg ${fmtSeconds(f.responseTimeAvgS)} · max ${fmtSeconds(f.responseTimeMaxS)}`,
    `*CPU peak*\n${fmtPct(f.cpuPeakPct)}`,
    `*Memory peak*\n${fmtPct(f.memPeakPct)}`,
  ];
}

function stateLine(s: Snapshot, now: number, tz?: string): string {
  const site = s.site;
  const state = site?.state ? escapeMrkdwn(site.state) : "State n/a";
  const flags = [
    site?.enabled === false ? "disabled" : "",
    site?.usageState === "Exceeded" ? "quota exceeded" : "",
    site?.availabilityState && site.availabilityState !== "Normal" ? escapeMrkdwn(site.availabilityState) : "",
  ].filter((x) => x);
  const region = escapeMrkdwn(s.app?.location || s.app?.region || "region n/a");
  const stopped = stoppedInfo(s);
  const head = stopped
    ? `*${stoppedLine(stopped, now, tz)}*`
    : `*${state}*${flags.length ? ` (${flags.join(", ")})` : ""}`;
  return `${head} · ${planLine(s)} · ${region} · ${osLabel(s)}`;
}

function healthLine(s: Snapshot, f: Partial<KeyFigures>): string {
  const path = s.config?.healthCheckPath;
  const hc = !s.config
    ? "not read"
    : path
      ? `${code(path)}${f.healthCheckMin !== null && f.healthCheckMin !== undefined ? ` (min ${fmtPct(f.healthCheckMin)} healthy)` : ""}`
      : "off";
  const rh = s.resourceHealth;
  const rhText = rh
    ? `${availabilityEmoji(rh.availabilityState)} ${escapeMrkdwn(rh.availabilityState)}${rh.title ? ` — ${escapeMrkdwn(rh.title)}` : ""}`
    : "not read";
  return `Health check: ${hc} · Resource Health: ${rhText}`;
}

function causeSection(d: Diagnosis, tz: string | undefined, windowMs: number, now: number): string {
  const p = d.primary;
  const state = incidentState(d.incidentWindow, now, tz);
  const stateText = state ? `*Incident ${state}*` : undefined;
  if (!p) {
    if (d.verdict !== "no-incident")
      return [stateText, d.summary ? escapeMrkdwn(d.summary) : "No finding."].filter((x) => x).join("\n");
    const lines = [`No 502/503 incident in the last ${fmtDuration(windowMs)}.`];
    const adv = [...(d.contributing ?? []), ...(d.advisories ?? [])].slice(0, 3);
    if (adv.length) lines.push(`Worth a look: ${adv.map((a) => findingName(a)).join(" · ")}`);
    return lines.join("\n");
  }
  const lines = [
    ...(stateText ? [stateText] : []),
    `*Likely cause: ${findingName(p)}*${p.scope?.instance ? ` on ${code(p.scope.instance)}` : ""}`,
  ];
  const ev = tellingEvidence(p);
  if (ev) lines.push(evidenceLine(ev, { timeZone: tz }));
  const also = (d.contributing ?? []).filter((c) => c.id !== "R15").slice(0, 2);
  if (also.length) lines.push(`Also: ${also.map((c) => findingName(c)).join(" · ")}`);
  lines.push(...setAsideLines(d).slice(0, 2));
  return lines.join("\n");
}

function recentChange(d: Diagnosis): Finding | undefined {
  return [d.primary, ...(d.contributing ?? []), ...(d.advisories ?? [])].find((f) => f?.id === "R15");
}

export function statusView(input: AppViewInput): SlackMessage {
  const { app, snapshot: s, diagnosis: d, figures: f, windowMs, timeZone: tz, now } = input;
  const look = verdictLook(d, s);
  const label = appLabel(app);
  const win = s?.window ?? d?.window ?? { start: now - windowMs, end: now };
  const blocks: KnownBlock[] = [
    header(`${look.emoji} ${escapePlain(label)} · ${look.word}`),
    section([stateLine(s, now, tz), healthLine(s, f ?? {}), ...serviceHealthLines(s, tz)].join("\n")),
    fields(figureFields(f ?? {}), `*Last ${fmtDuration(windowMs)}* · ${fmtRange(win.start, win.end, tz)}`),
    section(causeSection(d, tz, windowMs, now)),
  ];
  const r15 = recentChange(d);
  if (r15) {
    const ev = changeEvidence(r15);
    blocks.push(
      section(
        `*Recent change* (${escapeMrkdwn(r15.id)}, ${r15.confidence})${ev ? `\n${evidenceLine(ev, { timeZone: tz })}` : ""}`,
      ),
    );
  }
  const fixes = mitigationButtons(app.id, d.mitigations);
  const buttons = [diagnoseButton(app.id, windowMs), collectButton(app.id, windowMs), ...fixes];
  blocks.push(actions(buttons));
  const notes = [
    unknownsLine(s, d),
    approvalNote(input.mitigationsEnabled, fixes.length > 0),
    `${zoneNote(now, tz)} · checked ${fmtRange(now, now, tz)}`,
  ];
  blocks.push(context(notes.filter((n): n is string => !!n)));
  return finalize(blocks, statusText(input), {
    fileName: `status-${fileStem(label)}.md`,
    fileTitle: fileSafe(escapeMrkdwn(`Status of ${label}`)),
  });
}

/** "shop-api: 🔴 incident — R08 Memory exhaustion or leak (High). 5xx 4.2% over 1 h." */
export function statusText(
  input: Pick<AppViewInput, "app" | "diagnosis" | "figures" | "windowMs" | "snapshot">,
): string {
  const { app, diagnosis: d, figures: f, windowMs } = input;
  const look = verdictLook(d, input.snapshot);
  const cause = d?.primary ? ` — ${findingName(d.primary)}` : "";
  return `${escapeMrkdwn(appLabel(app))}: ${look.emoji} ${look.word}${cause}. 5xx ${fmtRate(f?.errorRate)} over ${fmtDuration(windowMs)}.`;
}

/** A safe file name stem from an app label. */
export function fileStem(label: string): string {
  return (
    label
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "app"
  );
}

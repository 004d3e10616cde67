// `/appsvc diagnose`: verdict and summary, the incident window, the primary cause with ALL its evidence, up
// to two contributing factors, advisories, and ranked mitigations (parameters, before → after, risk, ARM
// call, approval). The message keeps the essentials; the full detail goes into an attached markdown file.
import type { KnownBlock } from "@slack/types";
import type { Diagnosis, Finding, Mitigation } from "../../core/diagnosis.ts";
import { actions, context, divider, finalize, header, packLines, section } from "./blocks.ts";
import { collectButton } from "./collect-button.ts";
import { clip, code, escapeMrkdwn, escapePlain, fileSafe } from "./escape.ts";
import { evidenceLine } from "./evidence.ts";
import { fmtDateTime, fmtDuration, fmtInt, fmtRange, fmtRate, zoneNote } from "./format.ts";
import { incidentState, serviceHealthLines, setAsideLines } from "./honest.ts";
import { adviceSteps, approvalNote, changeLine, mitigationButtons, paramsLine } from "./mitigations.ts";
import { type AppViewInput, fileStem, unknownsLine } from "./status.ts";
import type { SlackMessage } from "./types.ts";
import { appLabel, findingName, verdictLook } from "./vocabulary.ts";

/** Evidence lines kept in the message per primary cause / contributing factor; the rest go to the file. */
export const PRIMARY_EVIDENCE_INLINE = 8;
export const CONTRIBUTING_EVIDENCE_INLINE = 3;
export const MITIGATIONS_INLINE = 6;
export const ADVISORIES_INLINE = 5;

const BASELINE: Record<string, string> = {
  snapshot: "Baselines from the same hour on previous days",
  lookback: "Baselines from the quiet buckets of the lookback",
  none: "No baseline available",
};

function incidentLine(d: Diagnosis, tz?: string): string | undefined {
  const w = d.incidentWindow;
  if (!w) return undefined;
  const req = w.totalRequests === null || w.totalRequests === undefined ? "n/a" : fmtInt(w.totalRequests);
  const episodes = w.episodes > 1 ? ` · ${w.episodes} episodes in the lookback (the latest shown)` : "";
  return `*Incident window:* ${fmtRange(w.start, w.end, tz)} (${fmtDuration(w.end - w.start)}) · peak 5xx *${fmtRate(w.peakErr5xx)}* · ${fmtInt(w.total5xx)} 5xx of ${req} requests${episodes}`;
}

function findingHead(kind: string, f: Finding): string {
  const where = f.scope?.instance ? ` on ${code(f.scope.instance)}` : "";
  return `*${kind}: ${findingName(f)}*${where}`;
}

function findingBlocks(
  kind: string,
  f: Finding,
  inline: number,
  tz?: string,
): { blocks: KnownBlock[]; hidden: number } {
  const ev = f.evidence ?? [];
  const lines = ev.slice(0, inline).map((e) => evidenceLine(e, { timeZone: tz }));
  const hidden = Math.max(0, ev.length - inline);
  if (hidden) lines.push(`_+ ${hidden} more evidence line${hidden > 1 ? "s" : ""} in the attached file_`);
  if (ev.length === 0) lines.push("_no evidence lines_");
  return { blocks: packLines(lines, findingHead(kind, f)), hidden };
}

function mitigationText(m: Mitigation, rank: number): { text: string; clipped: boolean } {
  const lines = [`*${rank}. ${escapeMrkdwn(m.title)}* · ${m.write ? "needs approval" : "advice, changes nothing"}`];
  if (m.why) lines.push(`Why: ${escapeMrkdwn(clip(m.why, 400))}`);
  let clipped = (m.why?.length ?? 0) > 400;
  if (m.write) {
    const [change, cut] = changeLine(m.change);
    clipped ||= cut;
    lines.push(`Parameters: ${paramsLine(m.params)}`, `Change: ${change}`);
    if (m.risk) lines.push(`Risk: ${escapeMrkdwn(m.risk)}`);
    lines.push(`ARM: ${m.armCall ? code(clip(m.armCall, 400)) : "n/a"}`);
    if (m.armBody !== undefined) clipped = true;
  } else {
    for (const step of adviceSteps(m).slice(0, 6)) lines.push(`• ${escapeMrkdwn(clip(step, 300))}`);
  }
  return { text: lines.join("\n"), clipped };
}

export function diagnoseView(input: AppViewInput): SlackMessage {
  const { app, snapshot: s, diagnosis: d, windowMs, timeZone: tz, now } = input;
  const look = verdictLook(d, s);
  const label = appLabel(app);
  let needFile = false;
  const blocks: KnownBlock[] = [
    header(`${look.emoji} ${escapePlain(label)} · diagnosis`),
    section(
      `*Verdict: ${look.word}* — ${escapeMrkdwn(d.summary || "no summary")}\nLookback ${fmtDuration(windowMs)} · ${fmtRange(d.window?.start ?? now - windowMs, d.window?.end ?? now, tz)}`,
    ),
  ];
  const inc = incidentLine(d, tz);
  const state = incidentState(d.incidentWindow, now, tz);
  const platform = serviceHealthLines(s, tz);
  if (inc || platform.length)
    blocks.push(section([...(inc ? [`${inc}\n*Incident ${state}*`] : []), ...platform].join("\n")));
  if (d.primary) {
    const r = findingBlocks("Primary cause", d.primary, PRIMARY_EVIDENCE_INLINE, tz);
    blocks.push(divider(), ...r.blocks);
    needFile ||= r.hidden > 0;
  }
  const contributing = d.contributing ?? [];
  for (const c of contributing.slice(0, 2)) {
    const r = findingBlocks("Contributing", c, CONTRIBUTING_EVIDENCE_INLINE, tz);
    blocks.push(...r.blocks);
    needFile ||= r.hidden > 0;
  }
  if (contributing.length > 2) needFile = true;
  const aside = setAsideLines(d);
  if (aside.length) blocks.push(...packLines(aside, "*Explained by the primary cause* (no action proposed for these)"));
  const advisories = d.advisories ?? [];
  if (advisories.length) {
    const lines = advisories.slice(0, ADVISORIES_INLINE).map((a) => `• ${findingName(a)}`);
    if (advisories.length > ADVISORIES_INLINE) {
      lines.push(`_+ ${advisories.length - ADVISORIES_INLINE} more in the attached file_`);
      needFile = true;
    }
    blocks.push(...packLines(lines, "*Advisories*"));
  }
  const mitigations = d.mitigations ?? [];
  blocks.push(divider());
  if (mitigations.length === 0) blocks.push(section("*Mitigations:* none proposed."));
  mitigations.slice(0, MITIGATIONS_INLINE).forEach((m, i) => {
    const t = mitigationText(m, i + 1);
    needFile ||= t.clipped;
    blocks.push(section(t.text));
  });
  if (mitigations.length > MITIGATIONS_INLINE) {
    blocks.push(section(`_+ ${mitigations.length - MITIGATIONS_INLINE} more mitigations in the attached file_`));
    needFile = true;
  }
  const fixes = mitigationButtons(app.id, mitigations);
  blocks.push(actions([collectButton(app.id, input.windowMs), ...fixes]));
  const notes = [
    unknownsLine(s, d),
    approvalNote(input.mitigationsEnabled, fixes.length > 0),
    BASELINE[d.baselineSource] ?? undefined,
    `${zoneNote(now, tz)} · diagnosed ${fmtRange(now, now, tz)}`,
  ];
  blocks.push(context(notes.filter((n): n is string => !!n)));
  const title = `Diagnosis of ${label} — ${fmtDateTime(now, tz)}`;
  const filename = `diagnose-${fileStem(label)}-${new Date(now).toISOString().slice(0, 16).replace(/[-:T]/g, "")}.md`;
  const file = needFile
    ? { filename, title: fileSafe(escapeMrkdwn(title)), content: diagnosisMarkdown(input) }
    : undefined;
  return finalize(blocks, diagnoseText(input), { file, fileName: filename, fileTitle: fileSafe(escapeMrkdwn(title)) });
}

/** "shop-api: 🔴 incident — R08 … (High). Peak 5xx 12% 07:42–08:15 CEST. 3 mitigations proposed." */
export function diagnoseText(input: Pick<AppViewInput, "app" | "diagnosis" | "snapshot" | "timeZone">): string {
  const d = input.diagnosis;
  const look = verdictLook(d, input.snapshot);
  const parts = [
    `${escapeMrkdwn(appLabel(input.app))}: ${look.emoji} ${look.word}${d.primary ? ` — ${findingName(d.primary)}` : ""}.`,
  ];
  const w = d.incidentWindow;
  if (w) parts.push(`Peak 5xx ${fmtRate(w.peakErr5xx)} ${fmtRange(w.start, w.end, input.timeZone)}.`);
  const n = d.mitigations?.length ?? 0;
  parts.push(n ? `${n} mitigation${n > 1 ? "s" : ""} proposed.` : "No mitigation proposed.");
  return parts.join(" ");
}

/** The full diagnosis as markdown (attached file): every finding with every evidence line, full ARM detail. */
export function diagnosisMarkdown(input: AppViewInput): string {
  const { app, diagnosis: d, timeZone: tz, now } = input;
  const look = verdictLook(d, input.snapshot);
  const out: string[] = [
    `# Diagnosis of ${escapeMrkdwn(appLabel(app))} — ${look.word}`,
    "",
    escapeMrkdwn(d.summary ?? "", { multiline: true }),
  ];
  out.push("", `Resource: ${escapeMrkdwn(app.id)}`, `${zoneNote(now, tz)}; diagnosed ${fmtDateTime(now, tz)}`);
  const inc = incidentLine(d, tz);
  if (inc) out.push("", inc, `Incident ${incidentState(d.incidentWindow, now, tz)}`);
  for (const line of serviceHealthLines(input.snapshot, tz)) out.push("", line);
  for (const line of setAsideLines(d)) out.push("", line);
  const finding = (kind: string, f: Finding) => {
    out.push("", `## ${kind}: ${findingName(f)}${f.scope?.instance ? ` on ${escapeMrkdwn(f.scope.instance)}` : ""}`);
    for (const e of f.evidence ?? []) out.push(evidenceLine(e, { timeZone: tz, full: true }));
  };
  if (d.primary) finding("Primary cause", d.primary);
  for (const c of d.contributing ?? []) finding("Contributing", c);
  for (const a of d.advisories ?? []) finding("Advisory", a);
  (d.mitigations ?? []).forEach((m, i) => {
    out.push("", `## Mitigation ${i + 1}: ${escapeMrkdwn(m.title)} (${m.write ? "needs approval" : "advice"})`);
    if (m.why) out.push(`Why: ${escapeMrkdwn(m.why)}`);
    out.push(`Parameters: ${escapeMrkdwn(JSON.stringify(m.params ?? {}))}`);
    if (m.change)
      out.push(
        `Before: ${escapeMrkdwn(JSON.stringify(m.change.before))}`,
        `After: ${escapeMrkdwn(JSON.stringify(m.change.after))}`,
      );
    if (m.risk) out.push(`Risk: ${escapeMrkdwn(m.risk)}`);
    if (m.armCall) out.push(`ARM call: ${escapeMrkdwn(m.armCall)}`);
    if (m.armBody !== undefined)
      out.push("Body:", "```", escapeMrkdwn(JSON.stringify(m.armBody, null, 2), { multiline: true }), "```");
    for (const step of adviceSteps(m)) out.push(`- ${escapeMrkdwn(step)}`);
  });
  const unknowns = unknownsLine(input.snapshot, d);
  if (unknowns) out.push("", unknowns);
  return fileSafe(out.join("\n"));
}

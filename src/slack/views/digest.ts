// The morning digest (docs/glossary.md#digest-score): a header with the date and zone, one line per shown app worst
// first in the digest format, "+N healthy", idle apps, the bot's actions of the last 24 h, and a Diagnose
// button beside each app that needs a look (action_id "appsvc_diagnose", value {appId, windowMs}, as the
// status view). Any fleet size fits: at most 10 app lines and 10 actions in the message, the complete
// ranking in the attached file.
import type { KnownBlock } from "@slack/types";
import type { DigestAction } from "../../digests/actions.ts";
import type { DigestData, DigestLine } from "../../digests/build-digest.ts";
import { button, context, divider, finalize, header, LIMITS, packLines, section } from "./blocks.ts";
import { clip, code, escapeMrkdwn, escapePlain, fileSafe } from "./escape.ts";
import { fmtDateTime, fmtDuration, fmtInt, fmtPct, fmtRange, fmtSeconds, resolveTimeZone, zoneNote } from "./format.ts";
import { DIAGNOSE_ACTION } from "./mitigations.ts";
import type { SlackMessage } from "./types.ts";
import { appLabel } from "./vocabulary.ts";

export interface DigestViewOptions {
  /** Diagnose buttons for at most this many apps (default 5). */
  maxButtons?: number;
  /** Action lines in the message (default 10; all of them in the file). */
  maxActions?: number;
}

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Availability never rounds up across the SLA line: 99.949% reads "99.94%", not "99.95%". */
export function fmtAvailability(a: number | null | undefined): string {
  if (!isNum(a)) return "n/a";
  const pct = a * 100;
  if (pct >= 100) return "100%";
  const digits = pct >= 99 ? 2 : 1;
  const f = Math.floor(pct * 10 ** digits) / 10 ** digits;
  return `${String(f)}%`;
}

function ratio(r: number | null): string {
  if (!isNum(r) || r < 1.5) return "";
  return ` (↑${r < 10 ? String(Math.round(r * 10) / 10) : String(Math.round(r))}×)`;
}

/** `🔴 *shop-api* (P1v3×2, westeurope) · avail 98.7% · 5xx 1,912 (1.3%) · p95 4.8 s (↑3×) · … · R17 …` */
export function digestLine(l: DigestLine): string {
  const f = l.figures;
  const where = [l.plan ? escapeMrkdwn(l.plan) : "plan n/a", escapeMrkdwn(f.region || l.app.region || "region n/a")];
  const split = Object.entries(f.statusSplit ?? {})
    .filter(([s]) => s === "502" || s === "503")
    .map(([s, n]) => `, ${s}: ${fmtInt(n)}`)
    .join("");
  const parts = [
    `${l.score.emoji} *${escapeMrkdwn(appLabel(l.app))}* (${where.join(", ")})`,
    `avail ${fmtAvailability(f.availability)}`,
    `5xx ${fmtInt(f.http5xx)}${isNum(f.err5xxRate) ? ` (${fmtPct(f.err5xxRate * 100)}${split})` : ""}`,
    `p95 ${f.p95Source === "approx" ? "≈" : ""}${fmtSeconds(f.p95Sec)}${ratio(l.p95Ratio)}`,
    `CPU ${fmtPct(f.cpuPeak)}`,
    `mem ${fmtPct(f.memPeak)}`,
    `restarts ${f.restarts.user}/${f.restarts.platform}`,
    `HC ${!f.healthCheck.configured ? "off" : isNum(f.healthCheck.min) ? String(Math.round(f.healthCheck.min)) : "on"}`,
  ];
  const open = f.openIncidents.map((o) => escapeMrkdwn(o));
  if (open.length) parts.push(open.join("; "));
  if (f.riskFlags.length) parts.push(`⚠ ${f.riskFlags.map((r) => escapeMrkdwn(r)).join(", ")}`);
  return clip(parts.join(" · "), 1000);
}

/** "⏹ *billing* (S1×1, westeurope) · stopped since 2 Jun 09:40 UTC by jane@contoso.com" — not a failing app. */
export function stoppedDigestLine(l: DigestLine, tz?: string): string {
  const where = [
    l.plan ? escapeMrkdwn(l.plan) : "plan n/a",
    escapeMrkdwn(l.figures.region || l.app.region || "region n/a"),
  ];
  const since = l.stoppedBy
    ? ` since ${fmtDateTime(l.stoppedBy.at, tz)}${l.stoppedBy.caller ? ` by ${escapeMrkdwn(l.stoppedBy.caller)}` : ""}`
    : " (since before the window)";
  return `⏹ *${escapeMrkdwn(appLabel(l.app))}* (${where.join(", ")}) · stopped${since}`;
}

/** `<@U…>` only for a well-formed user ID; anything else is shown escaped, never as a mention. */
const userRef = (id: string) => (/^[UW][A-Z0-9]{2,20}$/.test(id) ? `<@${id}>` : code(id));

const OUTCOME: Record<DigestAction["outcome"], string> = {
  succeeded: "✅ done",
  failed: "❌ failed",
  unknown: "❔ outcome unknown",
  notDone: "⛔ not done (nothing was changed)",
  rejected: "🚫 rejected",
  expired: "⌛ expired",
  cancelled: "↩️ cancelled",
  refused: "🚫 refused",
  pending: "⏳ pending",
};

export function actionLine(a: DigestAction, tz: string): string {
  const v = a.verification
    ? ` · ${a.verification.ok === true ? "verified" : a.verification.ok === false ? "not verified" : "checked"}: ${escapeMrkdwn(clip(a.verification.text, 200))}`
    : a.outcome === "succeeded"
      ? " · not verified yet"
      : "";
  const who = [
    a.requestedBy ? `asked by ${userRef(a.requestedBy)}` : "",
    a.approvedBy ? `approved by ${userRef(a.approvedBy)}` : "",
  ].filter((x) => x);
  return `• ${fmtRange(a.at, a.at, tz)} · ${escapeMrkdwn(a.action)} ${code(a.app)} → ${OUTCOME[a.outcome]}${v}${who.length ? ` · ${who.join(", ")}` : ""}`;
}

function diagnoseButton(l: DigestLine, windowMs: number) {
  const value = JSON.stringify({ appId: l.app.id, windowMs });
  return button({
    text: `Diagnose ${escapePlain(appLabel(l.app))}`,
    actionId: DIAGNOSE_ACTION,
    value: value.length <= LIMITS.buttonValue ? value : JSON.stringify({ windowMs }),
  });
}

/** "24 h" for a day-sized window, as people say it. */
const span = (ms: number) => (ms <= 48 * 3_600_000 && ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : fmtDuration(ms));

function dateTitle(t: number, tz: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: resolveTimeZone(tz),
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
  }).format(new Date(t));
}

function names(lines: DigestLine[], max: number): string {
  const shown = lines.slice(0, max).map((l) => code(appLabel(l.app)));
  return `${shown.join(", ")}${lines.length > max ? ` and ${lines.length - max} more` : ""}`;
}

export function digestView(d: DigestData, opts: DigestViewOptions = {}): SlackMessage {
  const tz = resolveTimeZone(d.timeZone);
  const windowMs = d.window.end - d.window.start;
  const c = d.counts;
  const blocks: KnownBlock[] = [
    header(`App Service digest · ${dateTitle(d.generatedAt, tz)} · ${escapePlain(tz)}`),
    context([
      `*${fmtInt(d.total)} app${d.total === 1 ? "" : "s"}* · 🔴 ${c.red} · 🟠 ${c.orange} · 🟢 ${c.green} · ⚪ ${c.idle} idle${c.stopped ? ` · ⏹ ${c.stopped} stopped` : ""}${d.unread.length ? ` · ${d.unread.length} not read` : ""}`,
      `last ${span(windowMs)}: ${fmtRange(d.window.start, d.window.end, tz, { withDay: true })}`,
    ]),
  ];
  let buttons = opts.maxButtons ?? 5;
  const quiet: string[] = [];
  for (const l of d.shown) {
    if (l.score.status !== "green" && buttons > 0) {
      buttons--;
      blocks.push(section(digestLine(l), diagnoseButton(l, windowMs)));
    } else quiet.push(digestLine(l));
  }
  blocks.push(...packLines(quiet));
  if (d.shown.length === 0) blocks.push(section(d.total ? "No app had traffic in the window." : "No app in scope."));
  const h = d.hidden;
  if (h.count > 0)
    blocks.push(
      context([
        h.notHealthy === 0
          ? `+${fmtInt(h.healthy)} healthy`
          : `+${fmtInt(h.count)} more (${fmtInt(h.healthy)} healthy, ${fmtInt(h.notHealthy)} not) — the full ranking is in the attached file`,
      ]),
    );
  if (d.stopped?.length) blocks.push(...packLines(d.stopped.slice(0, 15).map((l) => stoppedDigestLine(l, tz))));
  if (d.idle.length) blocks.push(context([`⚪ Idle / no traffic: ${names(d.idle, 15)}`]));
  if (d.unread.length)
    blocks.push(
      context([
        `❔ Metrics not read: ${names(
          d.unread.map((app) => ({ app }) as DigestLine),
          15,
        )} — see below`,
      ]),
    );
  blocks.push(divider());
  const maxActions = opts.maxActions ?? 10;
  const actionLines = d.actions.slice(0, maxActions).map((a) => actionLine(a, tz));
  if (d.actions.length > maxActions) actionLines.push(`… ${d.actions.length - maxActions} more in the attached file`);
  blocks.push(
    ...packLines(
      actionLines.length ? actionLines : [`No action by the bot in the last ${span(windowMs)}.`],
      `*Actions of the last ${span(windowMs)}*`,
    ),
  );
  blocks.push(
    context([
      ...(d.unknowns.length ? [`Not read: ${d.unknowns.map((u) => escapeMrkdwn(u)).join(" · ")}`] : []),
      `p95 ≈ p95 of 1-min averages · restarts user/platform · ${zoneNote(d.generatedAt, tz)}`,
    ]),
  );
  const needsFile = d.ranked.length > d.shown.length || d.idle.length > 15 || d.actions.length > maxActions;
  return finalize(blocks, digestText(d), {
    ...(needsFile ? { file: digestFile(d, tz) } : {}),
    fileName: `digest-${new Date(d.generatedAt).toISOString().slice(0, 10)}.md`,
    fileTitle: `App Service digest ${dateTitle(d.generatedAt, tz)}`,
  });
}

/** "App Service digest Tue 24 Nov 2026: 🔴 3 · 🟠 2 · 🟢 480 of 500 apps. Worst: shop-api." */
export function digestText(d: DigestData): string {
  const c = d.counts;
  const worst = d.shown.filter((l) => l.score.status === "red").slice(0, 3);
  return `App Service digest ${dateTitle(d.generatedAt, d.timeZone)}: 🔴 ${c.red} · 🟠 ${c.orange} · 🟢 ${c.green} · ⚪ ${c.idle}${c.stopped ? ` · ⏹ ${c.stopped}` : ""} of ${d.total} apps.${worst.length ? ` Worst: ${worst.map((l) => escapeMrkdwn(appLabel(l.app))).join(", ")}.` : ""}`;
}

/** The complete digest as plain text: every scored app, the idle ones, every action. */
export function digestFile(d: DigestData, tz: string) {
  const lines = [
    `App Service digest ${dateTitle(d.generatedAt, tz)} (${tz})`,
    `Window: ${fmtRange(d.window.start, d.window.end, tz, { withDay: true })}`,
    "",
    `Apps, worst first (${d.ranked.length}):`,
    ...d.ranked.map((l, i) => `${i + 1}. ${digestLine(l)}`),
    "",
    `Idle / no traffic (${d.idle.length}): ${d.idle.map((l) => appLabel(l.app)).join(", ") || "none"}`,
    ...(d.stopped?.length ? [`Stopped (${d.stopped.length}):`, ...d.stopped.map((l) => stoppedDigestLine(l, tz))] : []),
    ...(d.unread.length
      ? [`Metrics not read (${d.unread.length}): ${d.unread.map((a) => appLabel(a)).join(", ")}`]
      : []),
    "",
    `Actions (${d.actions.length}):`,
    ...(d.actions.length ? d.actions.map((a) => actionLine(a, tz)) : ["none"]),
    "",
    ...d.unknowns.map((u) => `Not read: ${u}`),
  ];
  return {
    filename: `digest-${new Date(d.generatedAt).toISOString().slice(0, 10)}.md`,
    title: fileSafe(`App Service digest ${dateTitle(d.generatedAt, tz)}`),
    content: fileSafe(lines.join("\n").replace(/\*/g, "")),
  };
}

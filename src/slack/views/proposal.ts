// The approval message and its thread posts: the proposal (exactly what will change, ARM call, before →
// after, evidence, risk, who asked, expiry) with Approve/Cancel, then the same message in each later state
// with the buttons gone, and the result and verification replies. Pure.

import type { KnownBlock } from "@slack/types";
import type { Proposal } from "../../approvals/proposal.ts";
import { doingWordOf } from "../../core/changes.ts";
import { actions, button, context, finalize, section } from "./blocks.ts";
import { clip, code, escapeMrkdwn } from "./escape.ts";
import { evidenceLine } from "./evidence.ts";
import { fmtJson, fmtTime } from "./format.ts";
import type { SlackMessage } from "./types.ts";
import { appLabel } from "./vocabulary.ts";

export const APPROVE_ACTION = "appsvc_approve";
export const CANCEL_ACTION = "appsvc_cancel";

/** The state line that replaces the buttons: "✅ Approved by @x — restarting…". */
export type ProposalStatus =
  | { kind: "pending" }
  | { kind: "approved"; by: string; doing: string }
  | { kind: "succeeded"; by: string; at: number; note?: string }
  | { kind: "failed"; reason: string; at: number }
  /** The executor died after sending the call and Azure could not say whether it happened. */
  | { kind: "unknown"; reason: string; at: number }
  /** `reason` when the bot cancelled it (an approval it could not carry out). */
  | { kind: "cancelled"; by: string; at: number; reason?: string }
  | { kind: "rejected"; by: string; at: number; reason?: string }
  | { kind: "expired"; at: number };

export interface ProposalViewInput {
  approvalId: string;
  proposal: Proposal;
  status: ProposalStatus;
  timeZone?: string;
}

const mention = (u: string) => (/^[UW][A-Z0-9]+$/.test(u) ? `<@${u}>` : escapeMrkdwn(u));

/** "Scale out plan ASP-Prod…" → "scale out plan ASP-Prod…": only the sentence's first letter; names keep their case. */
const lowerFirst = (t: string) => t.charAt(0).toLowerCase() + t.slice(1);

/** "restarting", "scaling out", … for the interim line (from the change table). */
export const doingWord = doingWordOf;

function statusLine(s: ProposalStatus, tz?: string): string {
  const t = (ms: number) => fmtTime(ms, tz);
  switch (s.kind) {
    case "pending":
      return "";
    case "approved":
      return `✅ Approved by ${mention(s.by)} — ${s.doing}…`;
    case "succeeded":
      return s.note
        ? `✅ Done at ${t(s.at)} (approved by ${mention(s.by)}): ${escapeMrkdwn(clip(s.note, 500))}.`
        : `✅ Done at ${t(s.at)} (approved by ${mention(s.by)}). Verification follows in the thread.`;
    case "failed":
      return s.reason.startsWith("not done")
        ? `⛔ ${escapeMrkdwn(clip(s.reason.charAt(0).toUpperCase() + s.reason.slice(1), 500))} (${t(s.at)}).`
        : `❌ Failed at ${t(s.at)}: ${escapeMrkdwn(clip(s.reason, 500))}`;
    case "unknown":
      return `❔ Outcome unknown (${t(s.at)}): ${escapeMrkdwn(clip(s.reason, 500))}`;
    case "cancelled":
      if (s.reason) return `🚫 Cancelled at ${t(s.at)}: ${escapeMrkdwn(clip(s.reason, 500))}.`;
      return `🚫 Cancelled by ${mention(s.by)} at ${t(s.at)}. Nothing was changed.`;
    case "rejected":
      return `🚫 Rejected by ${mention(s.by)} at ${t(s.at)}${s.reason ? `: ${escapeMrkdwn(s.reason)}` : ""}. Nothing was changed.`;
    case "expired":
      return `⌛ Expired at ${t(s.at)} without approval. Nothing was changed; propose it again if it is still needed.`;
  }
}

export function proposalView(input: ProposalViewInput): SlackMessage {
  const { proposal: p, status, timeZone } = input;
  const app = appLabel(p.target.app);
  const blocks: KnownBlock[] = [
    section(`*Proposed change: ${escapeMrkdwn(p.title)}* on *${escapeMrkdwn(app)}*`),
    section(
      [
        `*Target:* ${code(p.target.app.id)}${p.target.instance ? ` (instance ${code(p.target.instance)})` : ""}`,
        `*ARM operation:* ${code(`${p.arm.method} ${p.arm.path}`)}${p.arm.body !== undefined ? `\n${code(clip(fmtJson(p.arm.body), 1200))}` : ""}`,
        `*Before → after:* ${code(clip(fmtJson(p.change.before), 600))} → ${code(clip(fmtJson(p.change.after), 600))}`,
      ].join("\n"),
    ),
  ];
  if (p.evidence) {
    const lines = p.evidence.items.slice(0, 4).map((e) => `• ${evidenceLine(e)}`);
    blocks.push(section(clip([`*Evidence:* ${escapeMrkdwn(p.evidence.why)}`, ...lines].join("\n"), 2900)));
  }
  if (p.risks.length) blocks.push(section(clip(`*Risk:* ${p.risks.map((r) => escapeMrkdwn(r)).join(" ")}`, 2900)));
  blocks.push(
    context([
      `Asked by ${mention(p.requestedBy)} at ${fmtTime(p.requestedAt, timeZone)} · expires at ${fmtTime(p.expiresAt, timeZone)}`,
    ]),
  );
  const line = statusLine(status, timeZone);
  if (status.kind === "pending") {
    blocks.push(
      actions([
        button({ text: "Approve", actionId: APPROVE_ACTION, value: input.approvalId, style: "primary" }),
        button({ text: "Cancel", actionId: CANCEL_ACTION, value: input.approvalId }),
      ]),
    );
  } else blocks.push(section(line));
  const text =
    status.kind === "pending"
      ? `Approval needed: ${p.title} on ${app} (asked by ${mention(p.requestedBy)})`
      : `${p.title} on ${app}: ${line}`;
  return finalize(blocks, text);
}

/** Thread reply after the ARM call. */
export function executionView(
  p: Proposal,
  r: { ok: true; correlationId: string; verifyMs: number } | { ok: false; reason: string },
): SlackMessage {
  const app = escapeMrkdwn(appLabel(p.target.app));
  const text = r.ok
    ? `Azure accepted ${escapeMrkdwn(lowerFirst(p.title))} on ${app} (correlation id ${code(r.correlationId)}). Watching it for ${Math.round(r.verifyMs / 60_000) || 1} min…`
    : `❌ ${escapeMrkdwn(p.title)} on ${app} failed: ${escapeMrkdwn(clip(r.reason, 1500))}. It was not retried.`;
  return finalize([section(text)], text);
}

/** Thread reply after verification. */
export function verificationView(
  p: Proposal,
  v: { recovered: boolean; summary: string; next?: string } | { error: string },
  late?: { executedAt: number; timeZone?: string },
): SlackMessage {
  const app = escapeMrkdwn(appLabel(p.target.app));
  let text: string;
  if ("error" in v) text = `⚠️ Could not verify ${app}: ${escapeMrkdwn(v.error)}`;
  else if (v.recovered) text = `🟢 ${app} recovered: ${escapeMrkdwn(v.summary)}.`;
  else
    text = `🔴 ${app} has not recovered: ${escapeMrkdwn(v.summary)}.${v.next ? `\nNext suggestion: ${escapeMrkdwn(v.next)}` : ""}`;
  if (late)
    text += `\n_Posted late: the bot restarted while it watched the change (made at ${fmtTime(late.executedAt, late.timeZone)}); the figures cover the time since._`;
  return finalize([section(text)], text);
}

/** Thread reply to the approver of a change the bot could not carry out (it stopped after the click). */
export function notCarriedOutView(p: Proposal, approver: string, reason: string): SlackMessage {
  const text = `${mention(approver)} the change you approved was not carried out: ${escapeMrkdwn(lowerFirst(p.title))} on ${escapeMrkdwn(appLabel(p.target.app))}. ${escapeMrkdwn(clip(reason, 500))}.`;
  return finalize([section(text)], text);
}

/** Ephemeral answer to someone whose click or request was refused or came too late (our own text: its
 * mentions stay mentions; broadcasts are defused). */
export function refusalView(reason: string): SlackMessage {
  const text = clip(reason.replace(/<!(channel|here|everyone)[^>]*>/g, "$1"), 2900);
  return finalize([section(text)], text);
}

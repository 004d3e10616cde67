// The proposal message in the channel: posted once, then edited into each later state (buttons gone).
import { outcomeUnknown } from "../../../approvals/audit.ts";
import type { Proposal } from "../../../approvals/proposal.ts";
import { readProposal } from "../../../approvals/proposal.ts";
import { type ApprovalRuntime, timeZoneOf } from "../../../approvals/runtime.ts";
import type { Logger } from "../../../log.ts";
import { SYSTEM_ACTOR } from "../../../store/approval-rules.ts";
import type { Approval } from "../../../store/store.ts";
import type { SlackOut } from "../../post.ts";
import { doingWord, notCarriedOutView, type ProposalStatus, proposalView } from "../../views/index.ts";

/** Edits the approval's message to show `status` (default: its stored state). Never throws. */
export async function showState(
  rt: ApprovalRuntime,
  out: SlackOut,
  a: Approval,
  log: Logger,
  opts: { status?: ProposalStatus; ts?: string } = {},
): Promise<void> {
  const p = readProposal(a.plan);
  const ts = a.messageTs ?? opts.ts;
  if (!p || !ts) return;
  const view = proposalView({
    approvalId: a.id,
    proposal: p,
    status: opts.status ?? statusOf(a),
    timeZone: timeZoneOf(rt, a.channel),
  });
  await out.update(a.channel, ts, view, log).catch((e: unknown) => log.warn({ err: e }, "could not edit the proposal"));
}

/**
 * An approval a sweep changed: the message shows its new state; an approved change the bot cancelled (it
 * stopped between the click and the execution) is also told to its approver in the thread. Never throws.
 */
export async function showSwept(rt: ApprovalRuntime, out: SlackOut, a: Approval, log: Logger): Promise<void> {
  await showState(rt, out, a, log);
  const p = readProposal(a.plan);
  if (p && a.state === "cancelled" && a.stateBy === SYSTEM_ACTOR && a.approvedBy)
    await postInThread(out, a, notCarriedOutView(p, a.approvedBy, a.reason ?? "nothing was changed"), log);
}

/** Posts a reply in the proposal's thread. Never throws. */
export async function postInThread(
  out: SlackOut,
  a: Approval,
  msg: { text: string; blocks: import("@slack/types").KnownBlock[] },
  log: Logger,
): Promise<void> {
  if (!a.messageTs) return;
  await out
    .post(a.channel, msg, { threadTs: a.messageTs, log })
    .catch((e: unknown) => log.warn({ err: e }, "could not post in the proposal's thread"));
}

export function proposalMessage(rt: ApprovalRuntime, a: Approval, p: Proposal) {
  return proposalView({
    approvalId: a.id,
    proposal: p,
    status: { kind: "pending" },
    timeZone: timeZoneOf(rt, a.channel),
  });
}

/** The state line of a stored approval. */
export function statusOf(a: Approval): ProposalStatus {
  switch (a.state) {
    case "pending":
      return { kind: "pending" };
    case "approved":
    case "executing":
      return { kind: "approved", by: a.approvedBy ?? a.stateBy, doing: doingWord(a.action) };
    case "succeeded":
      return {
        kind: "succeeded",
        by: a.approvedBy ?? a.stateBy,
        at: a.stateAt,
        ...(a.reason ? { note: a.reason } : {}),
      };
    case "failed":
      if (outcomeUnknown(a)) return { kind: "unknown", reason: a.reason ?? "", at: a.stateAt };
      return { kind: "failed", reason: a.reason ?? "unknown reason", at: a.stateAt };
    case "cancelled":
      return { kind: "cancelled", by: a.stateBy, at: a.stateAt, ...(a.reason ? { reason: a.reason } : {}) };
    case "rejected":
      return { kind: "rejected", by: a.stateBy, at: a.stateAt, ...(a.reason ? { reason: a.reason } : {}) };
    case "expired":
      return { kind: "expired", at: a.expiresAt };
  }
}

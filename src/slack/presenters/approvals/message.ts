// The proposal message in the channel: posted once, then edited into each later state (buttons gone).
import type { Proposal } from "../../../approvals/proposal.ts";
import { readProposal } from "../../../approvals/proposal.ts";
import { type ApprovalRuntime, statusOf, timeZoneOf } from "../../../approvals/runtime.ts";
import type { Logger } from "../../../log.ts";
import type { Approval } from "../../../store/store.ts";
import type { SlackOut } from "../../post.ts";
import { type ProposalStatus, proposalView } from "../../views/index.ts";

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

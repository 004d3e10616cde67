// Approve and Cancel clicks. The use case's conditional UPDATE decides a race: the winner edits the message
// at once ("Approved by @x — restarting…", buttons gone) and runs the change; every loser, a late click and
// a refused click get an ephemeral saying why (who already acted). Then: execute once, report in the
// thread, verify, report again.
import { approve } from "../../../approvals/approve.ts";
import { cancel } from "../../../approvals/cancel.ts";
import { execute } from "../../../approvals/execute.ts";
import { readProposal } from "../../../approvals/runtime.ts";
import { verify } from "../../../approvals/verify.ts";
import type { Logger } from "../../../log.ts";
import type { Approval } from "../../../store/store.ts";
import type { BotContext } from "../../context.ts";
import { executionView, refusalView, type SlackMessage, verificationView } from "../../views/index.ts";
import { postInThread, showState } from "./message.ts";

export interface Click {
  approvalId: string;
  user: string;
  channel: string;
  /** The message the button sits on (in case the stored reference is missing). */
  messageTs?: string;
  log: Logger;
  tell(m: SlackMessage): Promise<void>;
}

/**
 * A click that found the request settled: say why to the clicker. The message is edited only when this
 * click itself changed the state (it found the proposal past its expiry and expired it): one edit per
 * state change, so 100 losing clicks never re-edit the message (a rate-limit risk) nor put an older state
 * back over the winner's.
 */
async function late(bot: BotContext, c: Click, reason: string, clickedAt: number, current?: Approval): Promise<void> {
  await c.tell(refusalView(reason));
  if (current?.state === "expired" && current.stateAt >= clickedAt)
    await showState(bot.approvals, bot.out, current, c.log, c.messageTs ? { ts: c.messageTs } : {});
}

export async function onApprove(bot: BotContext, c: Click): Promise<void> {
  const rt = bot.approvals;
  const clickedAt = rt.deps.now();
  const res = await approve(rt.deps, { approvalId: c.approvalId, actor: { user: c.user, channel: c.channel } });
  if (!res.ok) return late(bot, c, res.reason, clickedAt, res.current);
  c.log.info({ approvalId: c.approvalId }, "approved by click");
  await showState(rt, bot.out, res.approval, c.log, c.messageTs ? { ts: c.messageTs } : {});
  await followThrough(bot, res.approval, c.log);
}

export async function onCancel(bot: BotContext, c: Click): Promise<void> {
  const rt = bot.approvals;
  const clickedAt = rt.deps.now();
  const res = await cancel(rt.deps, { approvalId: c.approvalId, actor: { user: c.user, channel: c.channel } });
  if (!res.ok) return late(bot, c, res.reason, clickedAt, res.current);
  await showState(rt, bot.out, res.approval, c.log, c.messageTs ? { ts: c.messageTs } : {});
}

/** Execute (never retried), then verify; each step reported in the thread and on the message. */
export async function followThrough(bot: BotContext, approved: Approval, log: Logger): Promise<void> {
  const rt = bot.approvals;
  const p = readProposal(approved.plan);
  const x = await execute(rt.deps, approved.id);
  const a = x.approval ?? approved;
  await showState(rt, bot.out, a, log);
  if (!p) return;
  if (!x.ok) {
    await postInThread(bot.out, a, executionView(p, { ok: false, reason: x.reason }), log);
    return;
  }
  const verifyMs = rt.verify.durationMs ?? 5 * 60_000;
  await postInThread(bot.out, a, executionView(p, { ok: true, correlationId: x.write.correlationId, verifyMs }), log);
  const v = await verify(rt.deps, a.id, rt.verify).catch((e: unknown) => ({
    ok: false as const,
    reason: e instanceof Error ? e.message : String(e),
  }));
  await postInThread(bot.out, a, verificationView(p, v.ok ? v.outcome : { error: v.reason }), log);
  log.info({ approvalId: a.id, recovered: v.ok ? v.outcome.recovered : undefined }, "verification posted");
}

// Approve and Cancel clicks. The use case's conditional UPDATE decides a race: the winner edits the message
// at once ("Approved by @x — restarting…", buttons gone) and runs the change; every loser, a late click and
// a refused click get an ephemeral saying why (who already acted). Then: execute once, report in the
// thread, verify, report again.
import { approve } from "../../../approvals/approve.ts";
import { cancel } from "../../../approvals/cancel.ts";
import { execute } from "../../../approvals/execute.ts";
import type { Proposal } from "../../../approvals/proposal.ts";
import { readProposal } from "../../../approvals/runtime.ts";
import type { Logger } from "../../../log.ts";
import type { Approval } from "../../../store/store.ts";
import type { BotContext } from "../../context.ts";
import { dumpDoneView, dumpProgressView, executionView, refusalView, type SlackMessage } from "../../views/index.ts";
import { postInThread, showState } from "./message.ts";
import { claimVerification, verifyUnderLease } from "./verification.ts";

export interface Click {
  approvalId: string;
  user: string;
  channel: string;
  /** The message the button sits on (in case the stored reference is missing). */
  messageTs?: string;
  log: Logger;
  tell(m: SlackMessage): Promise<void>;
  /** Acks the click: called once the decision is stored (or refused), before anything else is said. */
  decided?: () => Promise<void>;
  /** Aborts at shutdown: a verification still watching then releases its lease for another replica. */
  signal?: AbortSignal;
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
  await c.decided?.();
  if (!res.ok) return late(bot, c, res.reason, clickedAt, res.current);
  c.log.info({ approvalId: c.approvalId }, "approved by click");
  await showState(rt, bot.out, res.approval, c.log, c.messageTs ? { ts: c.messageTs } : {});
  await followThrough(bot, res.approval, c.log, c.signal);
}

export async function onCancel(bot: BotContext, c: Click): Promise<void> {
  const rt = bot.approvals;
  const clickedAt = rt.deps.now();
  const res = await cancel(rt.deps, { approvalId: c.approvalId, actor: { user: c.user, channel: c.channel } });
  await c.decided?.();
  if (!res.ok) return late(bot, c, res.reason, clickedAt, res.current);
  await showState(rt, bot.out, res.approval, c.log, c.messageTs ? { ts: c.messageTs } : {});
}

/** Execute (never retried), then verify; each step reported in the thread and on the message. */
export async function followThrough(
  bot: BotContext,
  approved: Approval,
  log: Logger,
  signal?: AbortSignal,
): Promise<void> {
  const rt = bot.approvals;
  const p = readProposal(approved.plan);
  if (p?.operation.op === "memoryDump") return followDump(bot, approved, p, log);
  const x = await execute(rt.deps, approved.id);
  const a = x.approval ?? approved;
  await showState(rt, bot.out, a, log);
  if (!p) return;
  if (!x.ok) {
    await postInThread(bot.out, a, executionView(p, { ok: false, reason: x.reason }), log);
    return;
  }
  // Claimed before anything is posted, so a sweep never mistakes a verification about to start for an owed one.
  const claim = await claimVerification(bot, a, log);
  const verifyMs = rt.verify.durationMs ?? 5 * 60_000;
  await postInThread(bot.out, a, executionView(p, { ok: true, correlationId: x.write.correlationId, verifyMs }), log);
  if (claim) await verifyUnderLease(bot, a, p, claim, log, { late: false, ...(signal ? { signal } : {}) });
}

/** Progress edits at most this often (Slack's chat.update is rate-limited per channel). */
const PROGRESS_EVERY_MS = 2_000;

/** A dump: progress in the thread while it streams, then the blob's link, size and duration (nothing to verify). */
async function followDump(bot: BotContext, approved: Approval, p: Proposal, log: Logger): Promise<void> {
  const rt = bot.approvals;
  let progressTs: string | undefined;
  if (approved.messageTs)
    progressTs = await bot.out
      .post(approved.channel, dumpProgressView(p, 0), { threadTs: approved.messageTs, log })
      .catch(() => undefined);
  let last = performance.now();
  let pending: Promise<void> = Promise.resolve();
  const onProgress = (bytes: number) => {
    if (!progressTs || performance.now() - last < PROGRESS_EVERY_MS) return;
    last = performance.now();
    const ts = progressTs;
    pending = pending.then(() =>
      bot.out.update(approved.channel, ts, dumpProgressView(p, bytes), log).catch(() => undefined),
    );
  };
  const x = await execute(rt.deps, approved.id, { onProgress });
  await pending;
  const a = x.approval ?? approved;
  await showState(rt, bot.out, a, log);
  const done =
    x.ok && x.write.dump
      ? dumpDoneView(p, x.write.dump)
      : executionView(p, { ok: false, reason: x.ok ? "no dump was written" : x.reason });
  if (progressTs)
    await bot.out.update(a.channel, progressTs, done, log).catch(() => postInThread(bot.out, a, done, log));
  else await postInThread(bot.out, a, done, log);
  log.info({ approvalId: a.id, ok: x.ok, bytes: x.ok ? x.write.dump?.bytes : undefined }, "dump reported");
}

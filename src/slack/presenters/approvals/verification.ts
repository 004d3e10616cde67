// The verification of an executed change is owed once, whatever happens to the bot: it runs under a lease in
// the store (claimed right after the change, renewed while the watch runs), is posted in the proposal's
// thread with a metadata tag, and is recorded as done with the posted ts. A replica that dies or stops
// during the watch leaves the lease to lapse or releases it; the sweep of another replica (or of the next
// start) takes it over, finishes the watch at its original end, and posts it late with a note, after
// looking in the thread for a post the previous owner may have made. docs/faults.md has the cases.

import { ownerOf } from "../../../approvals/execute.ts";
import type { Proposal } from "../../../approvals/proposal.ts";
import { readProposal, timeZoneOf } from "../../../approvals/runtime.ts";
import { executedAtOf, VERIFY_DEFAULTS, verify } from "../../../approvals/verify.ts";
import { keepRenewing } from "../../../core/keep-renewing.ts";
import type { Logger } from "../../../log.ts";
import type { Approval, VerificationClaim } from "../../../store/store.ts";
import type { BotContext } from "../../context.ts";
import type { MessageMetadata } from "../../post.ts";
import { verificationView } from "../../views/index.ts";

export const VERIFICATION_EVENT = "appsvc_verification";
/** A verification is taken over within this long after its change; later, "recovered" would mean little. */
export const TAKEOVER_WITHIN_MS = 30 * 60_000;
/** The executor claims its verification at once; a sweep only claims one this much older. */
export const TAKEOVER_AFTER_MS = 30_000;

const tagOf = (a: Approval): MessageMetadata => ({
  event_type: VERIFICATION_EVENT,
  event_payload: { approval: a.id },
});

/** Outlives a renewal period and two polls, so a watch between polls keeps it (poll clocks may jump in tests). */
function leaseMsOf(bot: BotContext): number {
  return Math.max(60_000, 3 * (bot.approvals.verify.pollMs ?? VERIFY_DEFAULTS.pollMs));
}

/** The executor's claim, right after the change: undefined when another replica already holds it. */
export function claimVerification(bot: BotContext, a: Approval, log: Logger): Promise<VerificationClaim | undefined> {
  const { deps } = bot.approvals;
  return deps.store.claimVerification(a.id, ownerOf(deps), leaseMsOf(bot)).catch((err: unknown) => {
    log.warn({ approvalId: a.id, err: String(err) }, "could not claim the verification; the sweep will take it");
    return undefined;
  });
}

/**
 * Watches the change and posts the verification once, under `claim`. A takeover (`late`) keeps the watch's
 * original end and says it is late. When `signal` aborts (shutdown) or the lease is lost, the watch stops,
 * the lease is released (if still ours) and nothing is posted: the verification stays owed.
 */
export async function verifyUnderLease(
  bot: BotContext,
  a: Approval,
  p: Proposal,
  claim: VerificationClaim,
  log: Logger,
  opts: { late: boolean; signal?: AbortSignal },
): Promise<void> {
  const { signal } = opts;
  const rt = bot.approvals;
  const { store } = rt.deps;
  const owner = ownerOf(rt.deps);
  const leaseMs = leaseMsOf(bot);
  const takeover = opts.late || claim.takeovers > 0;
  if (claim.postingAt !== null && a.messageTs) {
    const ts = await bot.out
      .findOwnReply(a.channel, a.messageTs, claim.postingAt, tagOf(a), log)
      .catch(() => undefined);
    if (ts) {
      log.info({ approvalId: a.id, ts }, "verification already posted by the previous owner; not posting again");
      await store.finishVerification(a.id, owner, ts);
      return;
    }
  }
  const stop = new AbortController();
  const onShutdown = () => stop.abort(signal?.reason);
  signal?.addEventListener("abort", onShutdown, { once: true });
  if (signal?.aborted) onShutdown();
  const renewal = keepRenewing(() => store.renewVerification(a.id, owner, leaseMs), Math.floor(leaseMs / 3), {
    lost: () => stop.abort(new Error("the verification lease was lost")),
    error: (err) => log.warn({ approvalId: a.id, err: String(err) }, "verification lease renewal failed"),
  });
  const durationMs = rt.verify.durationMs ?? VERIFY_DEFAULTS.durationMs;
  try {
    const v = await verify(rt.deps, a.id, {
      ...rt.verify,
      signal: stop.signal,
      onPoll: () => void store.renewVerification(a.id, owner, leaseMs).catch(() => undefined),
      ...(takeover ? { until: executedAtOf(a) + durationMs } : {}),
    }).catch((e: unknown) => {
      if (stop.signal.aborted) throw e;
      return { ok: false as const, reason: e instanceof Error ? e.message : String(e) };
    });
    renewal.stop();
    if (!(await store.markVerificationPosting(a.id, owner))) {
      log.warn({ approvalId: a.id }, "verification lease lost before posting; the new owner posts it");
      return;
    }
    const late = takeover ? { executedAt: executedAtOf(a), timeZone: timeZoneOf(rt, a.channel) } : undefined;
    const view = verificationView(p, v.ok ? v.outcome : { error: v.reason }, late);
    const ts = a.messageTs
      ? await bot.out
          .post(a.channel, view, { threadTs: a.messageTs, log, metadata: tagOf(a) })
          .catch((e: unknown) => void log.warn({ err: e }, "could not post the verification"))
      : undefined;
    await store.finishVerification(a.id, owner, ts ?? null);
    log.info({ approvalId: a.id, recovered: v.ok ? v.outcome.recovered : undefined, takeover }, "verification posted");
  } catch (e) {
    renewal.stop();
    await store.releaseVerification(a.id, owner).catch(() => false);
    log.warn({ approvalId: a.id, reason: String(stop.signal.reason ?? e) }, "verification stopped; lease released");
  } finally {
    signal?.removeEventListener("abort", onShutdown);
  }
}

/**
 * The sweep's part: verifications owed by a replica that is gone (lease lapsed or released, or never
 * claimed), for changes made in the last TAKEOVER_WITHIN_MS, each claimed and watched in the background as
 * tracked work. Returns how many it took over.
 */
export async function takeOverVerifications(bot: BotContext, log: Logger): Promise<number> {
  const rt = bot.approvals;
  const now = rt.deps.now();
  const recent = await rt.deps.store.listApprovals({ state: "succeeded", limit: 50 });
  let taken = 0;
  for (const a of recent) {
    const p = readProposal(a.plan);
    const age = now - executedAtOf(a);
    if (!p || p.operation.op === "memoryDump" || age > TAKEOVER_WITHIN_MS || age < TAKEOVER_AFTER_MS) continue;
    if ((await rt.deps.store.getVerification(a.id))?.doneAt) continue;
    const claim = await claimVerification(bot, a, log);
    if (!claim) continue;
    taken++;
    log.warn({ approvalId: a.id, takeovers: claim.takeovers }, "taking over an owed verification");
    const accepted = bot.lifecycle.run((signal) => verifyUnderLease(bot, a, p, claim, log, { late: true, signal }));
    if (!accepted) await rt.deps.store.releaseVerification(a.id, ownerOf(rt.deps)).catch(() => false);
  }
  return taken;
}

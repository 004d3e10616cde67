// Sweeps for the scheduler: proposals nobody approved in time become "expired", executions whose executor
// vanished (lease lapsed) become "failed: executor lost" (never re-run). Both return what changed, so the
// Slack layer can edit those messages. The store audits each change in the same transaction.
import type { Approval } from "../store/store.ts";
import type { ActionDeps } from "./deps.ts";

type SweepDeps = Pick<ActionDeps, "store" | "log">;

export async function sweepExpired(deps: SweepDeps, now: number): Promise<Approval[]> {
  const expired = await deps.store.expireDue(now);
  if (expired.length > 0) deps.log.info({ count: expired.length, ids: expired.map((a) => a.id) }, "proposals expired");
  return expired;
}

export async function sweepStale(deps: SweepDeps, now: number): Promise<Approval[]> {
  const lost = await deps.store.failStaleExecutions(now);
  if (lost.length > 0)
    deps.log.warn({ count: lost.length, ids: lost.map((a) => a.id) }, "executions lost their executor");
  return lost;
}

/** How long an approval may sit "approved" before it counts as abandoned: execution normally starts in ms. */
export const UNEXECUTED_AFTER_MS = 2 * 60_000;

/**
 * Approvals whose bot stopped between the click and the execution: cancelled (nothing was changed) instead
 * of run late, when the app's state may have moved on. The requester proposes again if it is still needed.
 */
export async function sweepUnexecuted(deps: SweepDeps, now: number): Promise<Approval[]> {
  const stuck = (await deps.store.listApprovals({ state: "approved", limit: 100 })).filter(
    (a) => (a.approvedAt ?? a.stateAt) <= now - UNEXECUTED_AFTER_MS,
  );
  const reason =
    "not executed: the bot stopped between the approval and the change, so nothing was changed; propose it again if it is still needed";
  const cancelled: Approval[] = [];
  for (const a of stuck) {
    const r = await deps.store.transition(
      a.id,
      ["approved"],
      "cancelled",
      { user: "system", at: now },
      {
        reason,
        audit: {
          kind: "cancellation",
          correlationId: a.correlationId,
          actor: "system",
          approvalId: a.id,
          app: a.target.app,
          detail: { reason },
          at: now,
        },
      },
    );
    if (r.ok) cancelled.push(r.approval);
  }
  if (cancelled.length > 0)
    deps.log.warn({ count: cancelled.length, ids: cancelled.map((a) => a.id) }, "approved but never executed");
  return cancelled;
}

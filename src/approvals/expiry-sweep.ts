// Sweeps for the scheduler: proposals nobody approved in time become "expired"; executions whose executor
// vanished (lease lapsed) are reconciled with Azure, never re-run and never guessed: the Activity Log entry
// with the approval's correlation id says done or failed; no entry after OUTCOME_WAIT_MS says not done;
// when Azure cannot be asked, the outcome is "unknown — check …". Each returns what changed, so the Slack
// layer can edit those messages. The store audits each change in the same transaction.
import type { OperationOutcome } from "../core/writer.ts";
import type { Approval, Json, NewAuditEntry } from "../store/store.ts";
import { clockTime } from "./audit.ts";
import type { ActionDeps } from "./deps.ts";

type SweepDeps = Pick<ActionDeps, "store" | "log"> & Partial<Pick<ActionDeps, "writer" | "timeZone">>;

/**
 * How long after an execution started the bot waits for Azure's record of it before concluding "not done"
 * (or "unknown"): Activity Log entries usually appear within minutes.
 */
export const OUTCOME_WAIT_MS = 10 * 60_000;

export async function sweepExpired(deps: SweepDeps, now: number): Promise<Approval[]> {
  const expired = await deps.store.expireDue(now);
  if (expired.length > 0) deps.log.info({ count: expired.length, ids: expired.map((a) => a.id) }, "proposals expired");
  return expired;
}

export async function sweepStale(deps: SweepDeps, now: number): Promise<Approval[]> {
  const stale = (await deps.store.listApprovals({ state: "executing", limit: 100 })).filter(
    (a) => a.leaseUntil !== null && a.leaseUntil <= now,
  );
  const settled: Approval[] = [];
  for (const a of stale) {
    const outcome: OperationOutcome = deps.writer?.outcomeOf
      ? await deps.writer.outcomeOf({
          subscriptionId: a.target.subscriptionId,
          correlationId: a.correlationId,
          since: a.stateAt,
          until: now,
        })
      : { kind: "unknown", reason: "this bot cannot read the Activity Log" };
    const verdict = verdictOf(a, outcome, now, deps.timeZone);
    if (!verdict) continue; // too early to tell: asked again at the next sweep
    const r = await deps.store.settleStaleExecution(
      a.id,
      {
        state: verdict.state,
        result: { ...resultOf(a), reconciled: verdict.reconciled },
        reason: verdict.reason,
        audit: auditOf(a, verdict, now),
      },
      now,
    );
    if (r.ok) settled.push(r.approval);
  }
  if (settled.length > 0)
    deps.log.warn(
      { count: settled.length, outcomes: settled.map((a) => [a.id, a.state, a.reason]) },
      "executions whose executor was lost, reconciled with Azure",
    );
  return settled;
}

interface Verdict {
  state: "succeeded" | "failed";
  reason: string;
  reconciled: { [k: string]: Json };
}

function verdictOf(a: Approval, o: OperationOutcome, now: number, tz = "UTC"): Verdict | undefined {
  const base = { by: "activityLog", correlationId: a.correlationId, checkedAt: now };
  const app = a.target.app;
  const waited = now - a.stateAt >= OUTCOME_WAIT_MS;
  switch (o.kind) {
    case "done":
      return {
        state: "succeeded",
        reason: `done (confirmed by the Activity Log at ${clockTime(o.at, tz, true)}; the bot stopped while the change ran, so it is verified late, in the thread)`,
        reconciled: { ...base, outcome: "done", at: o.at, operation: o.operation },
      };
    case "failed":
      return {
        state: "failed",
        reason: `not done: Azure reports the change ${o.status.toLowerCase()} (Activity Log at ${clockTime(o.at, tz, true)})`,
        reconciled: { ...base, outcome: "failed", at: o.at, operation: o.operation },
      };
    case "none":
      if (!waited) return undefined;
      return {
        state: "failed",
        reason: `not done: Azure has no record of it (no Activity Log entry with correlation id ${a.correlationId}); nothing was changed, propose it again if it is still needed`,
        reconciled: { ...base, outcome: "notDone" },
      };
    case "running":
    case "unknown":
      if (!waited) return undefined;
      return {
        state: "failed",
        reason: `unknown — check the Activity Log of ${app} for correlation id ${a.correlationId} before trying again (${o.kind === "running" ? "Azure still shows it as started" : o.reason})`,
        reconciled: { ...base, outcome: "unknown" },
      };
  }
}

function resultOf(a: Approval): { [k: string]: Json } {
  return a.result && typeof a.result === "object" && !Array.isArray(a.result) ? a.result : {};
}

function auditOf(a: Approval, v: Verdict, now: number): NewAuditEntry {
  return {
    kind: "executor-lost",
    correlationId: a.correlationId,
    actor: "system",
    approvalId: a.id,
    app: a.target.app,
    detail: { state: v.state, reason: v.reason, reconciled: v.reconciled },
    at: now,
  };
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

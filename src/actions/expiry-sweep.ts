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

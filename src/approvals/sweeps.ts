// The periodic sweep: proposals nobody approved in time become "Expired" (message edited, buttons gone);
// executions whose executor vanished become "failed: executor lost"; approvals never executed (the bot
// stopped after the click) are cancelled, not run late. Every replica may sweep: the store's
// conditional updates hand each row to exactly one of them.

import type { Logger } from "../log.ts";
import type { Approval } from "../store/store.ts";
import { sweepExpired, sweepStale, sweepUnexecuted } from "./expiry-sweep.ts";
import type { ApprovalRuntime } from "./runtime.ts";

export const DEFAULT_SWEEP_MS = 30_000;

/** `settled`: shows each changed approval where people see it (the Slack presenter edits its message). */
export async function sweepOnce(
  rt: ApprovalRuntime,
  settled: (a: Approval) => Promise<void>,
  log: Logger,
): Promise<number> {
  const now = rt.deps.now();
  const changed = [
    ...(await sweepExpired(rt.deps, now)),
    ...(await sweepStale(rt.deps, now)),
    ...(await sweepUnexecuted(rt.deps, now)),
  ];
  for (const a of changed)
    await settled(a).catch((e: unknown) => log.warn({ err: e, approvalId: a.id }, "could not show a swept approval"));
  return changed.length;
}

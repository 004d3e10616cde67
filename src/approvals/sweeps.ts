// The periodic sweep: proposals nobody approved in time become "Expired" (message edited, buttons gone);
// executions whose executor vanished become "failed: executor lost"; approvals never executed (the bot
// stopped after the click) are cancelled, not run late. Every replica may sweep: the store's
// conditional updates hand each row to exactly one of them.

import type { Logger } from "../log.ts";
import type { SlackOut } from "../slack/post.ts";
import { showState } from "../slack/presenters/approvals/message.ts";
import { sweepExpired, sweepStale, sweepUnexecuted } from "./expiry-sweep.ts";
import type { ApprovalRuntime } from "./runtime.ts";

export const DEFAULT_SWEEP_MS = 30_000;

export async function sweepOnce(rt: ApprovalRuntime, out: SlackOut, log: Logger): Promise<number> {
  const now = rt.deps.now();
  const changed = [
    ...(await sweepExpired(rt.deps, now)),
    ...(await sweepStale(rt.deps, now)),
    ...(await sweepUnexecuted(rt.deps, now)),
  ];
  for (const a of changed) await showState(rt, out, a, log);
  return changed.length;
}

/** Runs sweepOnce every `everyMs` (one at a time); the returned function stops it. */
export function startSweeps(rt: ApprovalRuntime, out: SlackOut, log: Logger, everyMs = DEFAULT_SWEEP_MS): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    sweepOnce(rt, out, log)
      .catch((e: unknown) => log.warn({ err: e }, "approval sweep failed"))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return () => clearInterval(timer);
}

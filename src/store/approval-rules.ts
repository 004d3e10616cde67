// The approval state machine as pure functions, shared by both adapters.

import { type ApprovalState, IllegalTransitionError } from "./store.ts";

export const APPROVAL_STATES: readonly ApprovalState[] = [
  "pending",
  "approved",
  "executing",
  "succeeded",
  "failed",
  "cancelled",
  "expired",
  "rejected",
];

const NEXT: Record<ApprovalState, readonly ApprovalState[]> = {
  pending: ["approved", "rejected", "cancelled", "expired"],
  approved: ["executing", "cancelled"],
  executing: ["succeeded", "failed"],
  succeeded: [],
  failed: [],
  cancelled: [],
  expired: [],
  rejected: [],
};

export function canTransition(from: ApprovalState, to: ApprovalState): boolean {
  return NEXT[from].includes(to);
}

export function isTerminal(state: ApprovalState): boolean {
  return NEXT[state].length === 0;
}

/** Throws for any `from → to` pair the machine forbids (a programming error, not a race). "executing" needs a lease: use claimExecution. */
export function assertTransitions(from: readonly ApprovalState[], to: ApprovalState): void {
  if (to === "executing") throw new Error("enter executing with claimExecution (it takes a lease), not transition");
  if (from.length === 0) throw new Error("transition needs at least one source state");
  for (const f of from) if (!canTransition(f, to)) throw new IllegalTransitionError(f, to);
}

export const EXECUTOR_LOST = "executor lost";
export const SYSTEM_ACTOR = "system";

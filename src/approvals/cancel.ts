// cancel: the requester (or an approver) withdraws a proposal that has not started executing.
import { type DecideInput, type DecideResult, refuseDecision } from "./approve.ts";
import { entryFor, stateMessage } from "./audit.ts";
import type { ActionDeps } from "./deps.ts";

export const CANCEL_NOT_ALLOWED = "Only the requester or an approver can cancel this request.";

export async function cancel(deps: ActionDeps, input: DecideInput): Promise<DecideResult> {
  const { actor } = input;
  const a = await deps.store.getApproval(input.approvalId);
  if (!a) return { ok: false, reason: "That request no longer exists." };
  if (a.state !== "pending" && a.state !== "approved")
    return { ok: false, reason: stateMessage(a, deps.timeZone), current: a };
  const decision = await deps.authorize.cancel(actor, a);
  if (!decision.allowed) return refuseDecision(deps, a, actor, "cancel", decision.reason);
  const at = deps.now();
  const t = await deps.store.transition(
    a.id,
    ["pending", "approved"],
    "cancelled",
    { user: actor.user, at },
    { audit: entryFor(a, "cancellation", actor.user, { from: a.state }, at) },
  );
  if (!t.ok) return { ok: false, reason: stateMessage(t.current, deps.timeZone), current: t.current };
  return { ok: true, approval: t.approval };
}

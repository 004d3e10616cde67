// approve / reject: an approver's decision on a pending proposal. The policy decides who may approve (the
// injected authorizer); requester ≠ approver is enforced here as well, so a policy slip cannot let someone
// approve their own change. One conditional UPDATE decides concurrent clicks: a loser learns who won.
import type { Approval, Json } from "../store/store.ts";
import { appendSafely, entryFor, stateMessage } from "./audit.ts";
import type { ActionDeps, ActorContext } from "./deps.ts";
import { readProposal } from "./proposal.ts";

export interface DecideInput {
  approvalId: string;
  actor: ActorContext;
  /** For reject: why (shown in the thread and the audit). */
  reason?: string;
}

export type DecideResult = { ok: true; approval: Approval } | { ok: false; reason: string; current?: Approval };

export const SELF_APPROVAL =
  "You asked for this change, so someone else has to approve it (two-person rule). Ask another approver.";

/** Records a refused click and returns the refusal. */
export async function refuseDecision(
  deps: ActionDeps,
  a: Approval,
  actor: ActorContext,
  stage: string,
  reason: string,
): Promise<DecideResult> {
  await appendSafely(deps.store, entryFor(a, "refusal", actor.user, { stage, reason }, deps.now()), deps.log);
  deps.log.info({ approvalId: a.id, user: actor.user, stage, reason }, "decision refused");
  return { ok: false, reason, current: a };
}

async function pendingOrExplain(
  deps: ActionDeps,
  id: string,
): Promise<{ approval: Approval } | { result: DecideResult }> {
  const a = await deps.store.getApproval(id);
  if (!a) return { result: { ok: false, reason: "That request no longer exists." } };
  if (a.state !== "pending") return { result: { ok: false, reason: stateMessage(a, deps.timeZone), current: a } };
  return { approval: a };
}

export async function approve(deps: ActionDeps, input: DecideInput): Promise<DecideResult> {
  const { actor } = input;
  const found = await pendingOrExplain(deps, input.approvalId);
  if ("result" in found) return found.result;
  const a = found.approval;
  const decision = await deps.authorize.approve(actor, a);
  if (!decision.allowed) return refuseDecision(deps, a, actor, "approve", decision.reason);
  const op = readProposal(a.plan)?.operation;
  // The limits of the channel the proposal lives in (the authorizer has refused any other channel).
  const bounds = op ? await deps.authorize.limits?.({ user: actor.user, channel: a.channel }, op) : undefined;
  if (bounds && !bounds.allowed) return refuseDecision(deps, a, actor, "approve", bounds.reason);
  const twoPerson = deps.twoPersonRule?.(a.channel) ?? true;
  if (twoPerson && actor.user === a.requestedBy) return refuseDecision(deps, a, actor, "approve", SELF_APPROVAL);
  const at = deps.now();
  const t = await deps.store.transition(
    a.id,
    ["pending"],
    "approved",
    { user: actor.user, at },
    { audit: entryFor(a, "approval", actor.user, { policy: decision.policy ?? null, channel: actor.channel }, at) },
  );
  if (!t.ok) return { ok: false, reason: stateMessage(t.current, deps.timeZone), current: t.current };
  deps.log.info({ approvalId: a.id, by: actor.user, correlationId: a.correlationId }, "approved");
  return { ok: true, approval: t.approval };
}

export async function reject(deps: ActionDeps, input: DecideInput): Promise<DecideResult> {
  const { actor } = input;
  const found = await pendingOrExplain(deps, input.approvalId);
  if ("result" in found) return found.result;
  const a = found.approval;
  const decision = await deps.authorize.approve(actor, a);
  if (!decision.allowed) return refuseDecision(deps, a, actor, "reject", decision.reason);
  const at = deps.now();
  const detail: Json = input.reason ? { reason: input.reason } : {};
  const t = await deps.store.transition(
    a.id,
    ["pending"],
    "rejected",
    { user: actor.user, at },
    { ...(input.reason ? { reason: input.reason } : {}), audit: entryFor(a, "rejection", actor.user, detail, at) },
  );
  if (!t.ok) return { ok: false, reason: stateMessage(t.current, deps.timeZone), current: t.current };
  return { ok: true, approval: t.approval };
}

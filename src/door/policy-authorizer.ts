// The use cases' Authorizer on the policy file: the caller's user groups come from Slack (cached), the
// decisions are the pure canRequest/canApprove, and an allowed proposal records the rule that allowed it.
import { CANCEL_NOT_ALLOWED } from "../approvals/cancel.ts";
import type { ActorContext, Authorizer, Decision } from "../approvals/deps.ts";
import { readProposal, type WriteOperation } from "../approvals/proposal.ts";
import type { AppRef } from "../core/snapshot.ts";
import {
  type ActDecision,
  type Binding,
  type Caller,
  callerFor,
  canApprove,
  canRequest,
  findBinding,
  limitBreach,
  type Policy,
  policySnapshot,
  proposalTtlMs,
  type RequestedChange,
  twoPersonRule,
  type UserGroupDirectory,
} from "../policy/index.ts";
import type { Approval } from "../store/store.ts";

export interface PolicyGate {
  policy: Policy | undefined;
  directory: UserGroupDirectory;
}

export function callerOf(gate: PolicyGate, channel: string, user: string): Promise<Caller> {
  return callerFor(gate.directory, gate.policy, channel, user).then((r) => r.caller);
}

/** The channel's binding, passed to the use cases as the opaque `binding` (TTL and two-person rule). */
export function bindingOf(gate: PolicyGate, channel: string): Binding | undefined {
  return gate.policy ? findBinding(gate.policy, channel) : undefined;
}

function toDecision(policy: Policy | undefined, d: ActDecision): Decision {
  if (!d.allowed || !policy) return { allowed: false, reason: d.reason };
  return { allowed: true, policy: policySnapshot(policy, d) };
}

/**
 * A click names its channel, but a proposal belongs to the channel it was posted in: a click from any other
 * channel is refused (and audited by the use case), without naming the proposal's channel.
 */
export const OTHER_CHANNEL =
  "This button belongs to a request in another channel: it can only be approved or cancelled there. Nothing was changed.";

export function policyAuthorizer(gate: PolicyGate): Authorizer {
  const approveIn = async (ctx: ActorContext, a: Approval): Promise<Decision> => {
    if (ctx.channel !== a.channel) return { allowed: false, reason: OTHER_CHANNEL };
    const p = readProposal(a.plan);
    if (!p) return { allowed: false, reason: "The stored plan of this request is unreadable." };
    // The policy as it is now, for the proposal's own channel.
    const caller = await callerOf(gate, a.channel, ctx.user);
    return toDecision(
      gate.policy,
      canApprove(gate.policy, caller, { action: a.action, app: p.target.app, requestedBy: a.requestedBy }),
    );
  };
  return {
    async request(ctx: ActorContext, action, app: AppRef) {
      const caller = await callerOf(gate, ctx.channel, ctx.user);
      return toDecision(gate.policy, canRequest(gate.policy, caller, action, app));
    },
    limits(ctx: ActorContext, op: WriteOperation): Decision {
      const reason = limitBreach(bindingOf(gate, ctx.channel), requestedChange(op));
      return reason ? { allowed: false, reason } : { allowed: true };
    },
    approve: approveIn,
    async cancel(ctx: ActorContext, a: Approval) {
      if (ctx.channel !== a.channel) return { allowed: false, reason: OTHER_CHANNEL };
      if (ctx.user === a.requestedBy) return { allowed: true };
      const d = await approveIn(ctx, a);
      return d.allowed ? d : { allowed: false, reason: `${CANCEL_NOT_ALLOWED} ${d.reason}` };
    },
  };
}

/** What a write operation asks for, as the policy's limits see it. */
export function requestedChange(op: WriteOperation): RequestedChange {
  switch (op.op) {
    case "scalePlan":
      return {
        ...(op.capacity === undefined ? {} : { instances: op.capacity }),
        ...(op.skuName === undefined ? {} : { sku: op.skuName }),
      };
    case "planElastic":
      return { instances: op.maximumElasticWorkerCount };
    case "autoscaleProfile":
      // The new minimum is the count asked for; a maximum the change does not raise was there before it.
      return { instances: op.capacity.minimum };
    default:
      return {};
  }
}

/** TTL and two-person rule of a channel's binding (the channel a proposal was posted in). */
export function ttlFor(gate: PolicyGate): (channel: string) => number {
  return (channel) => proposalTtlMs(gate.policy, bindingOf(gate, channel));
}

export function twoPersonFor(gate: PolicyGate): (channel: string) => boolean {
  return (channel) => twoPersonRule(gate.policy, bindingOf(gate, channel));
}

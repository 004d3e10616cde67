// The use cases' Authorizer on the policy file: the caller's user groups come from Slack (cached), the
// decisions are the pure canRequest/canApprove, and an allowed proposal records the rule that allowed it.
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

export function policyAuthorizer(gate: PolicyGate): Authorizer {
  return {
    async request(ctx: ActorContext, action, app: AppRef) {
      const caller = await callerOf(gate, ctx.channel, ctx.user);
      return toDecision(gate.policy, canRequest(gate.policy, caller, action, app));
    },
    limits(ctx: ActorContext, op: WriteOperation): Decision {
      const reason = limitBreach(bindingOf(gate, ctx.channel), requestedChange(op));
      return reason ? { allowed: false, reason } : { allowed: true };
    },
    async approve(ctx: ActorContext, a: Approval) {
      const p = readProposal(a.plan);
      if (!p) return { allowed: false, reason: "The stored plan of this request is unreadable." };
      const caller = await callerOf(gate, ctx.channel, ctx.user);
      return toDecision(
        gate.policy,
        canApprove(gate.policy, caller, { action: a.action, app: p.target.app, requestedBy: a.requestedBy }),
      );
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

export function ttlFor(gate: PolicyGate): (binding?: unknown) => number {
  return (b) => proposalTtlMs(gate.policy, b as Binding | undefined);
}

export function twoPersonFor(gate: PolicyGate): (binding?: unknown) => boolean {
  return (b) => twoPersonRule(gate.policy, b as Binding | undefined);
}

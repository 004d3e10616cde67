// Per-binding settings with the policy's defaults, and the snapshot recorded with each approval so an
// audit shows which rule of which version of the policy allowed a change.
import { basename } from "node:path";
import type { Json } from "../store/store.ts";
import type { ActDecision } from "./evaluate.ts";
import { type Binding, DEFAULT_PROPOSAL_TTL_MINUTES, type DigestDays, type Policy, type Scope } from "./policy.ts";

export function proposalTtlMinutes(policy: Policy | undefined, binding?: Binding): number {
  return binding?.proposalTtlMinutes ?? policy?.defaults.proposalTtlMinutes ?? DEFAULT_PROPOSAL_TTL_MINUTES;
}

/** How long a proposal waits for approval before it expires. */
export function proposalTtlMs(policy: Policy | undefined, binding?: Binding): number {
  return proposalTtlMinutes(policy, binding) * 60_000;
}

/** Requester ≠ approver. On unless the binding (or the policy's defaults) turn it off. */
export function twoPersonRule(policy: Policy | undefined, binding?: Binding): boolean {
  return binding?.twoPersonRule ?? policy?.defaults.twoPersonRule ?? true;
}

/** The JSON stored as `Approval.policy`: the rule that allowed the proposal, as it was at request time. */
export function policySnapshot(policy: Policy, grant: Extract<ActDecision, { allowed: true }>): Json {
  const { binding, action, rule } = grant;
  return {
    // The file's name, not its path on the server: audit --json is uploaded into the channel.
    source: policy.source ? basename(policy.source) : null,
    fingerprint: policy.fingerprint ?? null,
    rule: `${binding.path}.actions.${action}`,
    channel: binding.channel,
    channelName: binding.name ?? null,
    action,
    requesters: rule.requestRefs,
    approvers: rule.approveRefs,
    requesterIds: rule.requesters,
    approverIds: rule.approvers,
    twoPersonRule: twoPersonRule(policy, binding),
    proposalTtlMinutes: proposalTtlMinutes(policy, binding),
    scope: { ...binding.scope, tags: { ...binding.scope.tags } },
    matchedBy: grant.matchedBy,
    reason: grant.reason,
  };
}

export interface ChannelDefaults {
  /** The bound scope: digests cover it unless told otherwise. Absent without a policy (everything). */
  scope?: Scope;
  timeZone?: string;
  digest?: { time?: string; days?: DigestDays };
}

/** What digests and other per-channel features take from the channel's binding. */
export function channelDefaults(policy: Policy | undefined, channel: string): ChannelDefaults {
  const b = policy?.bindings.find((x) => x.channel === channel);
  if (!b) return {};
  return {
    scope: b.scope,
    ...(b.timeZone ? { timeZone: b.timeZone } : {}),
    ...(b.digest ? { digest: b.digest } : {}),
  };
}

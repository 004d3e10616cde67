// Pure authorisation decisions. Deny by default: no binding, no action entry, nobody named → denied, and
// every answer carries a reason a person can act on. Without a policy file the bot is read-only: every app
// is visible (reads change nothing) and every write is refused with how to enable writes.
import {
  ACTION_LABELS,
  ACTIONS,
  type ActionRule,
  type Binding,
  type Policy,
  type PolicyAction,
  type Principal,
  ROLE_NAME,
  toPolicyAction,
} from "./policy.ts";
import { matchScope, type ScopedApp } from "./scope.ts";
import { twoPersonRule } from "./settings.ts";

export interface Caller {
  channel: string;
  user: string;
  /** User groups the user belongs to (at least those the channel's binding names; see caller.ts). */
  userGroups: readonly string[];
  /** Groups whose members could not be read from Slack: group ID → error, so a denial can say why. */
  groupErrors?: Readonly<Record<string, string>>;
}

export type ReadDecision = { allowed: true; binding?: Binding; reason: string } | { allowed: false; reason: string };

export type ActDecision =
  | {
      allowed: true;
      binding: Binding;
      action: PolicyAction;
      rule: ActionRule;
      /** What put the app in scope, e.g. "resource group rg-shop". */
      matchedBy: string;
      reason: string;
    }
  | { allowed: false; reason: string };

export const NO_POLICY_WRITES =
  "No policy file: writes are disabled. Set APPSVC_CONFIG to a policy (see policy.example.yml).";
export const TWO_PERSON_DENIAL = "Two-person rule: the requester cannot approve their own proposal.";

export const findBinding = (policy: Policy, channel: string): Binding | undefined =>
  policy.bindings.find((b) => b.channel === channel);

/** "#prod-ops" when the binding has a name, else the channel ID. */
export const channelLabel = (channel: string, binding?: Binding): string =>
  binding?.name ? `#${binding.name}` : channel;

/** Said in the channel: names the file by its variable, never by its path on the server. */
function unbound(channel: string): string {
  return `This channel (${channel}) is not bound in the policy: add a binding with channel: ${channel}, its scope and its actions to the bot's policy file (APPSVC_CONFIG; see policy.example.yml), then restart the bot.`;
}

/** May the channel use read commands at all? */
export function canRead(policy: Policy | undefined, channel: string): ReadDecision {
  if (!policy) return { allowed: true, reason: "no policy file: the bot is read-only and every app is visible" };
  const binding = findBinding(policy, channel);
  if (!binding) return { allowed: false, reason: unbound(channel) };
  if (!binding.read)
    return {
      allowed: false,
      reason: `Read commands are off in ${channelLabel(channel, binding)} (${binding.path}.read is false).`,
    };
  return { allowed: true, binding, reason: `${binding.path} allows reads` };
}

export function canSee(policy: Policy | undefined, channel: string, app: ScopedApp): ReadDecision {
  const read = canRead(policy, channel);
  if (!read.allowed || !read.binding) return read;
  const m = matchScope(read.binding.scope, app, channelLabel(channel, read.binding));
  return m.in ? { ...read, reason: `${read.binding.path} covers it by ${m.by}` } : { allowed: false, reason: m.why };
}

/** The apps the channel may see, for `list`, digests and name resolution. */
export function visibleApps<T extends ScopedApp>(policy: Policy | undefined, channel: string, apps: T[]): T[] {
  return apps.filter((a) => canSee(policy, channel, a).allowed);
}

/** The principal through which `caller` is in `principals`, if any. */
function memberVia(principals: readonly Principal[], caller: Caller): Principal | undefined {
  if (principals.includes(caller.user)) return caller.user;
  return principals.find((p) => caller.userGroups.includes(p));
}

/** "role oncall (S0ONCALL)", "role leads (U1, U2) or U3": the references as the policy writes them. */
export function describeRefs(refs: readonly string[], policy: Policy): string {
  return refs
    .map((r) => (ROLE_NAME.test(r) ? `role ${r} (${(policy.roles[r] ?? []).join(", ") || "empty"})` : r))
    .join(" or ");
}

function viaText(p: Principal, caller: Caller, refs: readonly string[], policy: Policy): string {
  const role = refs.find((r) => r === p || (ROLE_NAME.test(r) && (policy.roles[r] ?? []).includes(p)));
  const how = p === caller.user ? `as ${p}` : `via user group ${p}`;
  return role && role !== p ? `${how} (role ${role})` : how;
}

function groupTrouble(principals: readonly Principal[], caller: Caller): string {
  const errs = principals.filter((p) => caller.groupErrors?.[p]);
  return errs.map((g) => ` Could not read user group ${g} from Slack: ${caller.groupErrors?.[g]}.`).join("");
}

type Step = { ok: true; binding: Binding; action: PolicyAction; rule: ActionRule; matchedBy: string } | ActDecision;

/** The checks requesting and approving share: policy, binding, known action, scope, action granted. */
function actionRule(policy: Policy | undefined, channel: string, kind: string, app: ScopedApp): Step {
  if (!policy) return { allowed: false, reason: NO_POLICY_WRITES };
  const binding = findBinding(policy, channel);
  if (!binding) return { allowed: false, reason: unbound(channel) };
  const action = toPolicyAction(kind);
  if (!action) return { allowed: false, reason: `Unknown action "${kind}": the policy knows ${ACTIONS.join(", ")}.` };
  const where = channelLabel(channel, binding);
  const m = matchScope(binding.scope, app, where);
  if (!m.in) return { allowed: false, reason: m.why };
  const rule = binding.actions[action];
  if (!rule) {
    const granted = Object.keys(binding.actions);
    return {
      allowed: false,
      reason: `${ACTION_LABELS[action]} is not allowed in ${where}: the policy grants ${granted.length ? granted.join(", ") : "no writes"} here. Add actions.${action} to ${binding.path} to allow it.`,
    };
  }
  return { ok: true, binding, action, rule, matchedBy: m.by };
}

export function canRequest(policy: Policy | undefined, caller: Caller, action: string, app: ScopedApp): ActDecision {
  const s = actionRule(policy, caller.channel, action, app);
  if (!("ok" in s)) return s;
  const { binding, rule } = s;
  const label = `${ACTION_LABELS[s.action]} in ${channelLabel(caller.channel, binding)}`;
  if (rule.requesters.length === 0)
    return { allowed: false, reason: `${label} names no requesters in the policy: nobody may request it here.` };
  const via = memberVia(rule.requesters, caller);
  if (!via)
    return {
      allowed: false,
      reason: `${label} needs a requester in ${describeRefs(rule.requestRefs, policy as Policy)}; you are not in it.${groupTrouble(rule.requesters, caller)}`,
    };
  const { ok: _ok, ...grant } = s;
  return {
    allowed: true,
    ...grant,
    reason: `${binding.path}.actions.${s.action}: ${caller.user} may request ${viaText(via, caller, rule.requestRefs, policy as Policy)}; the app is in scope by ${s.matchedBy}`,
  };
}

export interface ApprovalRequest {
  action: string;
  app: ScopedApp;
  /** Slack user ID of the requester. */
  requestedBy: string;
}

export function canApprove(policy: Policy | undefined, caller: Caller, approval: ApprovalRequest): ActDecision {
  const s = actionRule(policy, caller.channel, approval.action, approval.app);
  if (!("ok" in s)) return s;
  const { binding, rule } = s;
  const p = policy as Policy;
  const label = `${ACTION_LABELS[s.action]} in ${channelLabel(caller.channel, binding)}`;
  if (rule.approvers.length === 0)
    return {
      allowed: false,
      reason: `${label} names no approvers in the policy, so nobody can approve it. Name them under ${binding.path}.actions.${s.action}.approve.`,
    };
  if (twoPersonRule(p, binding) && approval.requestedBy === caller.user)
    return { allowed: false, reason: TWO_PERSON_DENIAL };
  const via = memberVia(rule.approvers, caller);
  if (!via)
    return {
      allowed: false,
      reason: `${label} needs an approver in ${describeRefs(rule.approveRefs, p)}; you are not in it.${groupTrouble(rule.approvers, caller)}`,
    };
  const { ok: _ok, ...grant } = s;
  return {
    allowed: true,
    ...grant,
    reason: `${binding.path}.actions.${s.action}: ${caller.user} may approve ${viaText(via, caller, rule.approveRefs, p)}${twoPersonRule(p, binding) ? `, and is not the requester (${approval.requestedBy})` : " (two-person rule off)"}`,
  };
}

/** Whether the caller may request `action` somewhere in the channel's scope (help, buttons). */
export function mayRequestInChannel(policy: Policy | undefined, caller: Caller, action: PolicyAction): boolean {
  const binding = policy && findBinding(policy, caller.channel);
  const rule = binding?.actions[action];
  return !!rule && memberVia(rule.requesters, caller) !== undefined;
}

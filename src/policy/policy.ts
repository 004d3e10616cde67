import { CHANGES, changeKindOf, POLICY_ACTIONS, type PolicyAction } from "../core/changes.ts";
// The authorisation policy as the bot uses it: compiled from the YAML file (load.ts), role names resolved
// to Slack IDs, defaults applied. Pure data; decisions live in evaluate.ts.

/** Every write the policy can grant: the change table's policy actions (src/core/changes.ts). */
export const ACTIONS = POLICY_ACTIONS;

export type { PolicyAction };

/** Labels for messages: "Restart in #prod-ops needs …". */
export const ACTION_LABELS = Object.fromEntries(ACTIONS.map((a) => [a, CHANGES[a].label])) as Record<
  PolicyAction,
  string
>;

/** Slack user ID (`U…`, or `W…` on Enterprise Grid) or user group ID (`S…`). */
export type Principal = string;

export const USER_ID = /^[UW][A-Z0-9]{2,}$/;
export const GROUP_ID = /^S[A-Z0-9]{2,}$/;
export const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
/** Lower case only, so a role name can never be mistaken for a Slack ID. */
export const ROLE_NAME = /^[a-z][a-z0-9_-]*$/;

export const isGroupId = (p: string): boolean => GROUP_ID.test(p);

/** Who may request and who may approve one action in one binding. */
export interface ActionRule {
  /** Role names expanded to Slack IDs, de-duplicated. Empty = nobody. */
  requesters: Principal[];
  approvers: Principal[];
  /** The references as written in the YAML (role names or IDs), for messages and the audit snapshot. */
  requestRefs: string[];
  approveRefs: string[];
}

/** Which apps a channel may see and act on. An app is in scope when it matches subscriptions, resourceGroups
 * or apps (any one; all apps when none of the three is given) and carries every listed tag. */
export interface Scope {
  /** Subscription GUIDs, lower case. */
  subscriptions: string[];
  /** `rg` or `{subscriptionId}/rg`. */
  resourceGroups: string[];
  /** Resource ID, `rg/name`, `rg/name/slot` or a bare site name. */
  apps: string[];
  /** Tag name (case-insensitive, as Azure treats names) → exact value. */
  tags: Record<string, string>;
}

export type DigestDays = "weekdays" | "daily";

export interface ChangeLimits {
  /** Most instances a scale out (or an automatic-scaling maximum) may set. */
  maxInstances?: number;
  /** SKU names a scale up may move to, upper case ("P1V3"); unset = any. */
  skus?: string[];
}

export interface Binding {
  /** Slack channel ID (C… or G…). */
  channel: string;
  /** Human name for messages, e.g. "prod-ops" (shown as #prod-ops). */
  name?: string;
  scope: Scope;
  /** Read commands (status, diagnose, …) allowed in this channel. */
  read: boolean;
  actions: Partial<Record<PolicyAction, ActionRule>>;
  /** Unset = the policy default. */
  twoPersonRule?: boolean;
  proposalTtlMinutes?: number;
  /** Canonical IANA name. */
  timeZone?: string;
  digest?: { time?: string; days?: DigestDays };
  /** Bounds on what a change may ask for in this channel, whoever approves it (limits.ts). */
  limits?: ChangeLimits;
  /** Azure Monitor alerts for the apps in scope land here, from this severity up (0 = Sev0 only … 4 = all). */
  alerts?: { maxSeverity: number };
  /** Where it is in the file, e.g. "bindings[0]": the audit snapshot names the rule that allowed a change. */
  path: string;
}

export interface PolicyDefaults {
  /** 1..1440, default 15. */
  proposalTtlMinutes: number;
  /** Default true: the requester cannot approve their own proposal. */
  twoPersonRule: boolean;
}

export interface Policy {
  bindings: Binding[];
  defaults: PolicyDefaults;
  /** Role name → Slack IDs, as defined under `roles:`. */
  roles: Record<string, Principal[]>;
  /** The file it came from, for messages. */
  source?: string;
  /** sha256 of the file's text (first 12 hex digits): which version of the policy allowed a change. */
  fingerprint?: string;
}

export const DEFAULT_PROPOSAL_TTL_MINUTES = 15;
export const MAX_PROPOSAL_TTL_MINUTES = 1440;

/** "scale-up", "scaleUp", "reboot-worker", "automatic-scaling" → the policy action; undefined when unknown. */
export function toPolicyAction(kind: string): PolicyAction | undefined {
  const k = changeKindOf(kind);
  return k ? CHANGES[k].policy : undefined;
}

// The authorisation policy: load the YAML (load.ts), decide (evaluate.ts), resolve user groups
// (usergroups.ts, caller.ts), and the bot's own Azure rights (azure-roles.ts).
export {
  type AzureRequirement,
  azureRoleFor,
  type CustomRoleDefinition,
  customRoleDefinition,
  forbiddenHint,
  READ_PERMISSIONS,
} from "./azure-roles.ts";
export { callerFor, groupIdsFor } from "./caller.ts";
export { lintPolicy } from "./compile.ts";
export {
  type ActDecision,
  type ApprovalRequest,
  type Caller,
  canApprove,
  canRead,
  canRequest,
  canSee,
  channelLabel,
  findBinding,
  mayRequestInChannel,
  NO_POLICY_WRITES,
  type ReadDecision,
  TWO_PERSON_DENIAL,
  visibleApps,
} from "./evaluate.ts";
export { limitBreach, type RequestedChange } from "./limits.ts";
export { loadPolicy, parsePolicy } from "./load.ts";
export {
  ACTIONS,
  type ActionRule,
  type Binding,
  type ChangeLimits,
  type Policy,
  type PolicyAction,
  type Principal,
  type Scope,
  toPolicyAction,
} from "./policy.ts";
export { PolicyError, type PolicyProblem } from "./problems.ts";
export { describeScope, inScope, matchScope, type ScopedApp } from "./scope.ts";
export { channelDefaults, policySnapshot, proposalTtlMs, twoPersonRule } from "./settings.ts";
export {
  CachingUserGroups,
  type GroupLookup,
  groupsOf,
  type Membership,
  resolveGroups,
  type UserGroupDirectory,
} from "./usergroups.ts";

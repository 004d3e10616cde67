// Builds the Caller the pure decisions take: which of the user groups named by the channel's binding the
// user is in. Only those groups are read from Slack, and only when the policy names any.
import { type Caller, findBinding } from "./evaluate.ts";
import { isGroupId, type Policy } from "./policy.ts";
import { groupsOf, type UserGroupDirectory } from "./usergroups.ts";

/** Every user group ID the channel's binding names as a requester or approver. */
export function groupIdsFor(policy: Policy | undefined, channel: string): string[] {
  const binding = policy && findBinding(policy, channel);
  if (!binding) return [];
  const all = Object.values(binding.actions).flatMap((r) => (r ? [...r.requesters, ...r.approvers] : []));
  return [...new Set(all.filter(isGroupId))];
}

export async function callerFor(
  directory: UserGroupDirectory,
  policy: Policy | undefined,
  channel: string,
  user: string,
): Promise<{ caller: Caller; notes: string[] }> {
  const ids = groupIdsFor(policy, channel);
  if (!ids.length) return { caller: { channel, user, userGroups: [] }, notes: [] };
  const { groups, errors, notes } = await groupsOf(directory, ids, user);
  return {
    caller: { channel, user, userGroups: groups, ...(Object.keys(errors).length ? { groupErrors: errors } : {}) },
    notes,
  };
}

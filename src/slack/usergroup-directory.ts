// The UserGroupDirectory port on Slack: usergroups.users.list (needs the usergroups:read scope).

import type { UserGroupDirectory } from "../policy/usergroups.ts";
import type { WebClient } from "./web-client.ts";

export function slackUserGroups(client: Pick<WebClient, "usergroups">): UserGroupDirectory {
  return {
    async members(groupId) {
      const r = await client.usergroups.users.list({ usergroup: groupId });
      if (!r.ok) throw new Error(r.error ?? "usergroups.users.list failed");
      return r.users ?? [];
    },
  };
}

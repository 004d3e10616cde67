// Workspace directory methods: auth.test, conversations.info/open, users.info, usergroups.*, apps.connections.open.
import type { ChannelInfo, UserInfo } from "../store.ts";
import { tzLabel, tzOffsetSeconds } from "../tz.ts";
import { type ApiContext, type Args, type MethodSpec, openDm, required, SlackApiError, str } from "./context.ts";

function authTest(ctx: ApiContext): Record<string, unknown> {
  return {
    url: `https://${ctx.id.teamDomain}.slack.com/`,
    team: ctx.id.teamName,
    user: ctx.id.botName,
    team_id: ctx.id.teamId,
    user_id: ctx.id.botUserId,
    bot_id: ctx.id.botId,
    is_enterprise_install: false,
  };
}

export function channelJson(c: ChannelInfo): Record<string, unknown> {
  if (c.im_user) {
    return { id: c.id, created: c.created, is_im: true, is_org_shared: false, user: c.im_user, is_user_deleted: false };
  }
  return {
    id: c.id,
    name: c.name,
    name_normalized: c.name,
    is_channel: !c.is_private,
    is_group: c.is_private,
    is_im: false,
    is_mpim: false,
    is_private: c.is_private,
    is_archived: false,
    is_general: false,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: c.is_member,
    created: c.created,
    creator: "U0CREATOR",
    topic: { value: "", creator: "", last_set: 0 },
    purpose: { value: "", creator: "", last_set: 0 },
  };
}

function conversationsInfo(ctx: ApiContext, args: Args): Record<string, unknown> {
  const c = ctx.store.channels.get(required(args, "channel", "channel_not_found"));
  if (!c) throw new SlackApiError("channel_not_found");
  return { channel: channelJson(c) };
}

function conversationsOpen(ctx: ApiContext, args: Args): Record<string, unknown> {
  const users = (str(args, "users") ?? "").split(",").filter(Boolean);
  if (users.length !== 1) throw new SlackApiError(users.length === 0 ? "users_list_not_supplied" : "not_supported");
  if (!ctx.store.users.has(users[0])) throw new SlackApiError("user_not_found");
  return { channel: { id: openDm(ctx, users[0]).id } };
}

export function userJson(ctx: ApiContext, u: UserInfo): Record<string, unknown> {
  const now = ctx.store.now();
  return {
    id: u.id,
    team_id: ctx.id.teamId,
    name: u.name,
    deleted: false,
    real_name: u.name,
    tz: u.tz,
    tz_label: tzLabel(u.tz, now),
    tz_offset: tzOffsetSeconds(u.tz, now),
    is_admin: u.is_admin,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: u.is_bot,
    is_app_user: false,
    updated: Math.floor(now / 1000),
    profile: { real_name: u.name, display_name: u.name, real_name_normalized: u.name, team: ctx.id.teamId },
  };
}

function usersInfo(ctx: ApiContext, args: Args): Record<string, unknown> {
  const u = ctx.store.users.get(required(args, "user", "user_not_found"));
  if (!u) throw new SlackApiError("user_not_found");
  return { user: userJson(ctx, u) };
}

function usergroupsUsersList(ctx: ApiContext, args: Args): Record<string, unknown> {
  const g = ctx.store.usergroups.get(required(args, "usergroup", "no_such_subteam"));
  if (!g) throw new SlackApiError("no_such_subteam");
  return { users: [...g.users] };
}

function usergroupsList(ctx: ApiContext, args: Args): Record<string, unknown> {
  const withUsers = str(args, "include_users") === "true";
  return {
    usergroups: [...ctx.store.usergroups.values()].map((g) => ({
      id: g.id,
      team_id: ctx.id.teamId,
      is_usergroup: true,
      name: g.handle,
      handle: g.handle,
      user_count: g.users.length,
      ...(withUsers ? { users: [...g.users] } : {}),
    })),
  };
}

function connectionsOpen(ctx: ApiContext): Record<string, unknown> {
  const wsBase = ctx.baseUrl.replace(/^http/, "ws");
  return { url: `${wsBase}/link/?ticket=${ctx.issueSocketTicket()}&app_id=${ctx.id.appId}` };
}

export const directoryMethods: Record<string, MethodSpec> = {
  "auth.test": { token: "any", handle: authTest },
  "conversations.info": { token: "bot", handle: conversationsInfo },
  "conversations.open": { token: "bot", handle: conversationsOpen },
  "users.info": { token: "bot", handle: usersInfo },
  "usergroups.users.list": { token: "bot", handle: usergroupsUsersList },
  "usergroups.list": { token: "bot", handle: usergroupsList },
  "apps.connections.open": { token: "app", handle: connectionsOpen },
};

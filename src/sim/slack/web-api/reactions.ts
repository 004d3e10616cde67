// reactions.add / reactions.remove on stored messages (the bot user reacts).
import {
  type ApiContext,
  type Args,
  type MethodSpec,
  required,
  resolveChannel,
  SlackApiError,
  str,
} from "./context.ts";

function target(ctx: ApiContext, args: Args): { channel: string; ts: string; name: string } {
  const ch = resolveChannel(ctx, str(args, "channel"));
  const ts = required(args, "timestamp", "no_item_specified");
  const name = required(args, "name", "invalid_name").replace(/^:|:$/g, "");
  if (!/^[a-z0-9_+'-]+$/.test(name)) throw new SlackApiError("invalid_name");
  const m = ctx.store.findMessage(ch.id, ts);
  if (!m || m.deleted) throw new SlackApiError("message_not_found");
  return { channel: ch.id, ts, name };
}

function add(ctx: ApiContext, args: Args): Record<string, unknown> {
  const t = target(ctx, args);
  const user = ctx.id.botUserId;
  const dup = ctx.store.reactions.some(
    (r) => r.channel === t.channel && r.ts === t.ts && r.name === t.name && r.user === user,
  );
  if (dup) throw new SlackApiError("already_reacted");
  ctx.store.reactions.push({ ...t, user });
  return {};
}

function remove(ctx: ApiContext, args: Args): Record<string, unknown> {
  const t = target(ctx, args);
  const i = ctx.store.reactions.findIndex(
    (r) => r.channel === t.channel && r.ts === t.ts && r.name === t.name && r.user === ctx.id.botUserId,
  );
  if (i < 0) throw new SlackApiError("no_reaction");
  ctx.store.reactions.splice(i, 1);
  return {};
}

export const reactionMethods: Record<string, MethodSpec> = {
  "reactions.add": { token: "bot", handle: add },
  "reactions.remove": { token: "bot", handle: remove },
};

// chat.* methods: postMessage, update, postEphemeral, delete, getPermalink, scheduleMessage and friends.
import type { StoredEphemeral, StoredMessage } from "../store.ts";
import {
  type ApiContext,
  type Args,
  bool,
  type MethodSpec,
  required,
  resolveChannel,
  SlackApiError,
  str,
} from "./context.ts";
import { type MessageContent, messageJson, parseContent, resolveThread } from "./message-content.ts";

/** Stores a bot message (used by chat.postMessage, response_url in_channel, file shares, scheduled delivery). */
export function storeBotMessage(
  ctx: ApiContext,
  channel: string,
  content: MessageContent,
  via: StoredMessage["via"],
  extra: Partial<StoredMessage> = {},
): StoredMessage {
  const m: StoredMessage = {
    channel,
    ts: ctx.store.nextTs(),
    text: content.text ?? "",
    blocks: content.blocks,
    attachments: content.attachments,
    user: ctx.id.botUserId,
    bot_id: ctx.id.botId,
    via,
    updates: [],
    deleted: false,
    ...extra,
  };
  ctx.store.messages.push(m);
  return m;
}

/** `metadata` arrives as JSON text in form bodies and as an object in JSON bodies; Slack stores the object. */
function metadataOf(v: unknown): unknown {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    throw new SlackApiError("invalid_metadata_format");
  }
}

function postMessage(ctx: ApiContext, args: Args): Record<string, unknown> {
  const ch = resolveChannel(ctx, str(args, "channel"));
  if (!ch.is_member) throw new SlackApiError("not_in_channel");
  const content = parseContent(args);
  const thread_ts = resolveThread(ctx, ch.id, str(args, "thread_ts"));
  if (ctx.rateLimiter && !ctx.rateLimiter.tryAcquire(ch.id)) {
    throw new SlackApiError("ratelimited", {}, 429, { "retry-after": "1" });
  }
  const m = storeBotMessage(ctx, ch.id, content, "chat.postMessage", {
    thread_ts,
    reply_broadcast: thread_ts !== undefined && bool(args, "reply_broadcast") ? true : undefined,
    metadata: metadataOf(args.metadata),
  });
  return { channel: ch.id, ts: m.ts, message: messageJson(ctx, m) };
}

function update(ctx: ApiContext, args: Args): Record<string, unknown> {
  const ch = resolveChannel(ctx, str(args, "channel"));
  const m = ctx.store.findMessage(ch.id, required(args, "ts", "message_not_found"));
  if (!m || m.deleted) throw new SlackApiError("message_not_found");
  if (m.user !== ctx.id.botUserId) throw new SlackApiError("cant_update_message");
  const content = parseContent(args, "message", true);
  if (content.text === undefined && content.blocks === undefined && content.attachments === undefined) {
    throw new SlackApiError("no_text");
  }
  if (content.text !== undefined) m.text = content.text;
  if (content.blocks !== undefined) m.blocks = content.blocks;
  if (content.attachments !== undefined) m.attachments = content.attachments;
  m.updates.push({ at: ctx.store.now(), text: m.text, blocks: m.blocks, via: "chat.update" });
  return { channel: ch.id, ts: m.ts, text: m.text, message: messageJson(ctx, m) };
}

function postEphemeral(ctx: ApiContext, args: Args): Record<string, unknown> {
  const ch = resolveChannel(ctx, str(args, "channel"));
  const user = required(args, "user");
  const content = parseContent(args);
  const e: StoredEphemeral = {
    channel: ch.id,
    user,
    ts: ctx.store.nextTs(),
    thread_ts: str(args, "thread_ts"),
    text: content.text ?? "",
    blocks: content.blocks,
    via: "chat.postEphemeral",
    updates: [],
    deleted: false,
  };
  ctx.store.ephemerals.push(e);
  return { message_ts: e.ts };
}

function del(ctx: ApiContext, args: Args): Record<string, unknown> {
  const ch = resolveChannel(ctx, str(args, "channel"));
  const m = ctx.store.findMessage(ch.id, required(args, "ts", "message_not_found"));
  if (!m || m.deleted) throw new SlackApiError("message_not_found");
  if (m.user !== ctx.id.botUserId) throw new SlackApiError("cant_delete_message");
  m.deleted = true;
  return { channel: ch.id, ts: m.ts };
}

function getPermalink(ctx: ApiContext, args: Args): Record<string, unknown> {
  const ch = resolveChannel(ctx, str(args, "channel"));
  const ts = required(args, "message_ts", "message_not_found");
  const m = ctx.store.findMessage(ch.id, ts);
  if (!m || m.deleted) throw new SlackApiError("message_not_found");
  const thread = m.thread_ts ? `?thread_ts=${m.thread_ts}&cid=${ch.id}` : "";
  return {
    channel: ch.id,
    permalink: `https://${ctx.id.teamDomain}.slack.com/archives/${ch.id}/p${ts.replace(".", "")}${thread}`,
  };
}

const MAX_SCHEDULE_AHEAD_S = 120 * 24 * 3600;

function scheduleMessage(ctx: ApiContext, args: Args): Record<string, unknown> {
  const ch = resolveChannel(ctx, str(args, "channel"));
  const postAt = Number(required(args, "post_at", "invalid_time"));
  if (!Number.isFinite(postAt)) throw new SlackApiError("invalid_time");
  const nowS = ctx.store.now() / 1000;
  if (postAt <= nowS) throw new SlackApiError("time_in_past");
  if (postAt - nowS > MAX_SCHEDULE_AHEAD_S) throw new SlackApiError("time_too_far");
  const content = parseContent(args);
  const thread_ts = resolveThread(ctx, ch.id, str(args, "thread_ts"));
  const s = {
    id: ctx.newId("Q"),
    channel: ch.id,
    post_at: Math.floor(postAt),
    text: content.text ?? "",
    blocks: content.blocks,
    thread_ts,
    deleted: false,
    delivered_ts: undefined as string | undefined,
  };
  ctx.store.scheduled.push(s);
  ctx.schedule(s.post_at * 1000, () => {
    if (s.deleted || s.delivered_ts) return;
    s.delivered_ts = storeBotMessage(ctx, s.channel, content, "chat.scheduleMessage", { thread_ts }).ts;
  });
  return {
    channel: ch.id,
    scheduled_message_id: s.id,
    post_at: s.post_at,
    message: { type: "message", text: s.text, user: ctx.id.botUserId, bot_id: ctx.id.botId, blocks: s.blocks },
  };
}

function deleteScheduledMessage(ctx: ApiContext, args: Args): Record<string, unknown> {
  const id = required(args, "scheduled_message_id", "invalid_scheduled_message_id");
  const s = ctx.store.scheduled.find((x) => x.id === id && !x.deleted);
  if (!s || s.delivered_ts) throw new SlackApiError("invalid_scheduled_message_id");
  s.deleted = true;
  return {};
}

function listScheduled(ctx: ApiContext, args: Args): Record<string, unknown> {
  const channel = str(args, "channel");
  const pending = ctx.store.scheduled.filter(
    (s) => !s.deleted && !s.delivered_ts && (!channel || s.channel === channel),
  );
  return {
    scheduled_messages: pending.map((s) => ({
      id: s.id,
      channel_id: s.channel,
      post_at: s.post_at,
      date_created: s.post_at,
      text: s.text,
    })),
    response_metadata: { next_cursor: "" },
  };
}

export const chatMethods: Record<string, MethodSpec> = {
  "chat.postMessage": { token: "bot", handle: postMessage },
  "chat.update": { token: "bot", handle: update },
  "chat.postEphemeral": { token: "bot", handle: postEphemeral },
  "chat.delete": { token: "bot", handle: del },
  "chat.getPermalink": { token: "bot", handle: getPermalink },
  "chat.scheduleMessage": { token: "bot", handle: scheduleMessage },
  "chat.deleteScheduledMessage": { token: "bot", handle: deleteScheduledMessage },
  "chat.scheduledMessages.list": { token: "bot", handle: listScheduled },
};

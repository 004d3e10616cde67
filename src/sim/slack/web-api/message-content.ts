// Validating message content (text / blocks / attachments) and rendering stored messages as Slack JSON.
import { MAX_MESSAGE_TEXT, type Surface, validateBlocks } from "../block-kit-limits.ts";
import type { StoredEphemeral, StoredMessage } from "../store.ts";
import { type ApiContext, type Args, SlackApiError, str } from "./context.ts";

export interface MessageContent {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
}

/**
 * The content of a chat.* call or response_url body, checked like Slack: undecodable blocks →
 * invalid_blocks_format, limit violations → invalid_blocks (+ response_metadata.messages), long text → msg_too_long,
 * nothing at all → no_text (unless `allowEmpty`, as chat.update may keep the old content).
 */
export function parseContent(args: Args, surface: Surface = "message", allowEmpty = false): MessageContent {
  const text = typeof args.text === "string" ? args.text : str(args, "text");
  const out: MessageContent = {};
  if (text !== undefined && text !== "") out.text = text;
  if (args.blocks !== undefined && args.blocks !== "") {
    if (!Array.isArray(args.blocks)) throw new SlackApiError("invalid_blocks_format");
    const errors = validateBlocks(args.blocks, surface);
    if (errors.length > 0) throw new SlackApiError("invalid_blocks", { response_metadata: { messages: errors } });
    out.blocks = args.blocks;
  }
  if (args.attachments !== undefined && args.attachments !== "") {
    if (!Array.isArray(args.attachments)) throw new SlackApiError("invalid_attachments");
    out.attachments = args.attachments;
  }
  if (out.text !== undefined && out.text.length > MAX_MESSAGE_TEXT) throw new SlackApiError("msg_too_long");
  if (!allowEmpty && out.text === undefined && out.blocks === undefined && out.attachments === undefined) {
    throw new SlackApiError("no_text");
  }
  return out;
}

/** A stored message as Slack returns it (chat.postMessage `message`, block_actions `message`). */
export function messageJson(ctx: ApiContext, m: StoredMessage): Record<string, unknown> {
  const json: Record<string, unknown> = {
    type: "message",
    user: m.user,
    text: m.text,
    ts: m.ts,
    team: ctx.id.teamId,
  };
  if (m.bot_id) {
    json.bot_id = m.bot_id;
    json.app_id = ctx.id.appId;
    json.bot_profile = {
      id: m.bot_id,
      app_id: ctx.id.appId,
      name: ctx.id.botName,
      deleted: false,
      team_id: ctx.id.teamId,
    };
  }
  if (m.blocks) json.blocks = m.blocks;
  if (m.attachments) json.attachments = m.attachments;
  if (m.thread_ts) json.thread_ts = m.thread_ts;
  if (m.metadata !== undefined) json.metadata = m.metadata;
  if (m.files) {
    json.files = m.files.map((id) => ({ id }));
    json.upload = true;
  }
  const last = m.updates.at(-1);
  if (last) json.edited = { user: m.user, ts: String(Math.floor(last.at / 1000)) };
  return json;
}

export function ephemeralJson(ctx: ApiContext, e: StoredEphemeral): Record<string, unknown> {
  return {
    type: "message",
    subtype: "bot_message",
    bot_id: ctx.id.botId,
    text: e.text,
    ts: e.ts,
    ...(e.blocks ? { blocks: e.blocks } : {}),
    ...(e.thread_ts ? { thread_ts: e.thread_ts } : {}),
  };
}

/** Resolves a thread_ts to its parent (Slack threads replies-to-replies under the parent). */
export function resolveThread(ctx: ApiContext, channel: string, threadTs: string | undefined): string | undefined {
  if (threadTs === undefined) return undefined;
  const target = ctx.store.findMessage(channel, threadTs);
  // Stricter than Slack (which may accept unknown ts): a bad thread_ts is almost always a bot bug.
  if (!target || target.deleted) throw new SlackApiError("thread_not_found");
  return target.thread_ts ?? target.ts;
}

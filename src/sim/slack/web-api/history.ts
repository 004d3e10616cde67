// conversations.history: a channel's top-level messages, newest first, between `oldest` and `latest`
// (exclusive unless `inclusive`), `limit` per page (default 100, at most 999). Message metadata is returned
// only with `include_all_metadata`. Shape after the method's documented response:
// { ok, messages: [{ type, user, text, ts, … }], has_more, pin_count, response_metadata: { next_cursor } }.
// conversations.replies: a thread (the parent first, then its replies oldest first) between `oldest` and
// `latest`, same paging and metadata rules; an unknown `ts` is `thread_not_found`. Shape after the
// method's documented response: { ok, messages: [parent, …replies], has_more, response_metadata }.
import type { StoredMessage } from "../store.ts";
import { type ApiContext, type Args, bool, type MethodSpec, resolveChannel, SlackApiError, str } from "./context.ts";
import { messageJson } from "./message-content.ts";

const tsNumber = (ts: string | undefined, fallback: number): number => {
  if (ts === undefined || ts === "") return fallback;
  const n = Number(ts);
  if (!Number.isFinite(n)) throw new SlackApiError("invalid_ts_oldest");
  return n;
};

/** The `oldest`/`latest`/`inclusive` filter both methods apply. */
function inRangeOf(args: Args): (m: StoredMessage) => boolean {
  const oldest = tsNumber(str(args, "oldest"), 0);
  const latest = tsNumber(str(args, "latest"), Number.POSITIVE_INFINITY);
  const inclusive = bool(args, "inclusive");
  return (m) => {
    const t = Number(m.ts);
    return inclusive ? t >= oldest && t <= latest : t > oldest && t < latest;
  };
}

/** One page of `all` by `cursor` and `limit`, metadata only with `include_all_metadata`. */
function pageOf(ctx: ApiContext, args: Args, all: StoredMessage[]) {
  const limit = Math.min(999, Math.max(1, Number(str(args, "limit") ?? args.limit ?? 100) || 100));
  const cursor = Number(str(args, "cursor") ?? 0) || 0;
  const withMetadata = bool(args, "include_all_metadata");
  const messages = all.slice(cursor, cursor + limit).map((m) => {
    const json = messageJson(ctx, m);
    if (!withMetadata) delete json.metadata;
    return json;
  });
  const more = cursor + limit < all.length;
  return { messages, has_more: more, response_metadata: { next_cursor: more ? String(cursor + limit) : "" } };
}

function history(ctx: ApiContext, args: Args): Record<string, unknown> {
  const ch = resolveChannel(ctx, str(args, "channel"));
  if (!ch.is_member) throw new SlackApiError("not_in_channel");
  const inRange = inRangeOf(args);
  const all = ctx.store.messages
    .filter((m) => m.channel === ch.id && !m.deleted && (!m.thread_ts || m.thread_ts === m.ts) && inRange(m))
    .sort((a, b) => Number(b.ts) - Number(a.ts));
  return { ...pageOf(ctx, args, all), pin_count: 0 };
}

function replies(ctx: ApiContext, args: Args): Record<string, unknown> {
  const ch = resolveChannel(ctx, str(args, "channel"));
  if (!ch.is_member) throw new SlackApiError("not_in_channel");
  const parentTs = str(args, "ts");
  if (!parentTs) throw new SlackApiError("invalid_arguments");
  const parent = ctx.store.messages.find((m) => m.channel === ch.id && m.ts === parentTs && !m.deleted);
  if (!parent) throw new SlackApiError("thread_not_found");
  const inRange = inRangeOf(args);
  const thread = ctx.store.messages
    .filter((m) => m.channel === ch.id && !m.deleted && m.thread_ts === parentTs && m.ts !== parentTs && inRange(m))
    .sort((a, b) => Number(a.ts) - Number(b.ts));
  return pageOf(ctx, args, [parent, ...thread]);
}

export const historyMethods: Record<string, MethodSpec> = {
  "conversations.history": { token: "bot", handle: history },
  "conversations.replies": { token: "bot", handle: replies },
};

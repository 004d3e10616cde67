// conversations.history: a channel's top-level messages, newest first, between `oldest` and `latest`
// (exclusive unless `inclusive`), `limit` per page (default 100, at most 999). Message metadata is returned
// only with `include_all_metadata`. Shape after the method's documented response:
// { ok, messages: [{ type, user, text, ts, … }], has_more, pin_count, response_metadata: { next_cursor } }.
import type { StoredMessage } from "../store.ts";
import { type ApiContext, type Args, bool, type MethodSpec, resolveChannel, SlackApiError, str } from "./context.ts";
import { messageJson } from "./message-content.ts";

const tsNumber = (ts: string | undefined, fallback: number): number => {
  if (ts === undefined || ts === "") return fallback;
  const n = Number(ts);
  if (!Number.isFinite(n)) throw new SlackApiError("invalid_ts_oldest");
  return n;
};

function history(ctx: ApiContext, args: Args): Record<string, unknown> {
  const ch = resolveChannel(ctx, str(args, "channel"));
  if (!ch.is_member) throw new SlackApiError("not_in_channel");
  const oldest = tsNumber(str(args, "oldest"), 0);
  const latest = tsNumber(str(args, "latest"), Number.POSITIVE_INFINITY);
  const inclusive = bool(args, "inclusive");
  const limit = Math.min(999, Math.max(1, Number(str(args, "limit") ?? args.limit ?? 100) || 100));
  const cursor = Number(str(args, "cursor") ?? 0) || 0;
  const inRange = (m: StoredMessage) => {
    const t = Number(m.ts);
    return inclusive ? t >= oldest && t <= latest : t > oldest && t < latest;
  };
  const all = ctx.store.messages
    .filter((m) => m.channel === ch.id && !m.deleted && (!m.thread_ts || m.thread_ts === m.ts) && inRange(m))
    .sort((a, b) => Number(b.ts) - Number(a.ts));
  const page = all.slice(cursor, cursor + limit);
  const withMetadata = bool(args, "include_all_metadata");
  const messages = page.map((m) => {
    const json = messageJson(ctx, m);
    if (!withMetadata) delete json.metadata;
    return json;
  });
  const more = cursor + limit < all.length;
  return {
    messages,
    has_more: more,
    pin_count: 0,
    response_metadata: { next_cursor: more ? String(cursor + limit) : "" },
  };
}

export const historyMethods: Record<string, MethodSpec> = {
  "conversations.history": { token: "bot", handle: history },
};

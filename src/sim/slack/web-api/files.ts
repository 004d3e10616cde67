// files.getUploadURLExternal and files.completeUploadExternal: steps 1 and 3 of files.uploadV2
// (step 2, the byte upload, is served by ../uploads.ts).
import type { StoredFile } from "../store.ts";
import { storeBotMessage } from "./chat.ts";
import {
  type ApiContext,
  type Args,
  type MethodSpec,
  required,
  resolveChannel,
  SlackApiError,
  str,
} from "./context.ts";
import { parseContent, resolveThread } from "./message-content.ts";

/** Emulator cap (Slack's real cap is far larger); bigger declared lengths get file_upload_size_restricted. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

const BY_EXT: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  svg: "image/svg+xml",
  txt: "text/plain",
  csv: "text/csv",
  json: "application/json",
  zip: "application/zip",
  pdf: "application/pdf",
};

/** Slack sniffs content; we recognise PNG/JPEG/GIF magic and fall back to the extension. */
export function mimetypeOf(name: string, bytes?: Buffer): string {
  if (bytes?.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return "image/png";
  }
  if (bytes && bytes[0] === 0xff && bytes[1] === 0xd8) return "image/jpeg";
  if (bytes?.subarray(0, 4).toString("latin1") === "GIF8") return "image/gif";
  const ext = name.split(".").pop()?.toLowerCase() ?? "";
  return BY_EXT[ext] ?? "application/octet-stream";
}

function getUploadUrl(ctx: ApiContext, args: Args): Record<string, unknown> {
  const filename = required(args, "filename");
  const length = Number(required(args, "length"));
  if (!Number.isInteger(length) || length < 1) throw new SlackApiError("invalid_arguments");
  if (length > MAX_UPLOAD_BYTES) throw new SlackApiError("file_upload_size_restricted");
  // Slack's docs name it alt_txt; @slack/web-api sends alt_text. Accept both.
  const alt = str(args, "alt_txt") ?? str(args, "alt_text");
  if (alt !== undefined && alt.length > 1000) throw new SlackApiError("alt_txt_too_large");
  const f: StoredFile = {
    id: ctx.newId("F"),
    name: filename,
    title: filename,
    alt_text: alt,
    snippet_type: str(args, "snippet_type"),
    length,
    mimetype: mimetypeOf(filename),
    uploaded: false,
    completed: false,
    created: Math.floor(ctx.store.now() / 1000),
  };
  ctx.store.files.set(f.id, f);
  return { upload_url: `${ctx.baseUrl}/upload/v1/${f.id}`, file_id: f.id };
}

export function fileJson(ctx: ApiContext, f: StoredFile): Record<string, unknown> {
  const ext = f.name.includes(".") ? (f.name.split(".").pop() ?? "").toLowerCase() : "binary";
  const priv = `https://files.slack.com/files-pri/${ctx.id.teamId}-${f.id}/${encodeURIComponent(f.name)}`;
  return {
    id: f.id,
    created: f.created,
    timestamp: f.created,
    name: f.name,
    title: f.title,
    mimetype: f.mimetype,
    filetype: ext,
    pretty_type: ext.toUpperCase(),
    user: ctx.id.botUserId,
    user_team: ctx.id.teamId,
    editable: false,
    size: f.bytes?.length ?? f.length,
    mode: "hosted",
    is_external: false,
    external_type: "",
    is_public: f.channel !== undefined && !ctx.store.channels.get(f.channel)?.is_private,
    public_url_shared: false,
    display_as_bot: false,
    username: "",
    ...(f.alt_text !== undefined ? { alt_txt: f.alt_text } : {}),
    url_private: priv,
    url_private_download: `https://files.slack.com/files-pri/${ctx.id.teamId}-${f.id}/download/${encodeURIComponent(f.name)}`,
    permalink: `https://${ctx.id.teamDomain}.slack.com/files/${ctx.id.botUserId}/${f.id}/${encodeURIComponent(f.name)}`,
    comments_count: 0,
    // Sharing is asynchronous at Slack: the completion response lists no shares yet.
    channels: [],
    groups: [],
    ims: [],
    shares: {},
    has_more_shares: false,
    file_access: "visible",
  };
}

function complete(ctx: ApiContext, args: Args): Record<string, unknown> {
  const list = args.files;
  if (!Array.isArray(list) || list.length === 0) throw new SlackApiError("invalid_arguments");
  const files = list.map((entry) => {
    const e = (entry ?? {}) as Record<string, unknown>;
    const f = typeof e.id === "string" ? ctx.store.files.get(e.id) : undefined;
    // Slack only knows a file once its bytes arrived at the upload URL.
    if (!f?.uploaded) throw new SlackApiError("file_not_found");
    if (f.completed) throw new SlackApiError("file_already_completed");
    return { f, title: typeof e.title === "string" && e.title !== "" ? e.title : undefined };
  });
  const channelIds = str(args, "channel_id") ? [str(args, "channel_id")] : (str(args, "channels") ?? "").split(",");
  const channels = channelIds.filter((c): c is string => !!c).map((c) => resolveChannel(ctx, c));
  const threadArg = str(args, "thread_ts");
  if (threadArg !== undefined && channels.length !== 1) throw new SlackApiError("invalid_arguments");
  const threadTs = channels.length === 1 ? resolveThread(ctx, channels[0].id, threadArg) : undefined;
  const initialComment = str(args, "initial_comment");
  // Slack ignores blocks when initial_comment is set.
  const content = initialComment !== undefined ? { text: initialComment } : parseContent(args, "message", true);
  for (const { f, title } of files) {
    f.title = title ?? f.title;
    f.mimetype = mimetypeOf(f.name, f.bytes);
    f.completed = true;
    f.initial_comment = initialComment;
  }
  for (const ch of channels) {
    const m = storeBotMessage(ctx, ch.id, content, "files.completeUploadExternal", {
      thread_ts: threadTs,
      files: files.map(({ f }) => f.id),
    });
    for (const { f } of files) {
      // A file shared into several channels keeps the first share as its home.
      f.channel ??= ch.id;
      f.thread_ts ??= threadTs;
      f.message_ts ??= m.ts;
    }
  }
  return { files: files.map(({ f }) => fileJson(ctx, f)) };
}

export const fileMethods: Record<string, MethodSpec> = {
  "files.getUploadURLExternal": { token: "bot", handle: getUploadUrl },
  "files.completeUploadExternal": { token: "bot", handle: complete },
};

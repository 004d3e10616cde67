// response_url endpoints handed to the app with slash commands and block_actions. Like Slack: JSON bodies with
// response_type (ephemeral default | in_channel), replace_original, delete_original; at most 5 uses within
// 30 minutes (emulator clock), after which the URL answers 404 (`used_url` / `expired_url`).

import type { ResponseUrlPost } from "./store.ts";
import { storeBotMessage } from "./web-api/chat.ts";
import type { ApiContext } from "./web-api/context.ts";
import { SlackApiError } from "./web-api/context.ts";
import { type MessageContent, parseContent } from "./web-api/message-content.ts";

export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60_000;

export interface ResponseUrlOrigin {
  kind: "command" | "interactive";
  channel: string;
  user: string;
  /** The message the interaction came from (block_actions). */
  messageTs?: string;
  isEphemeral?: boolean;
}

interface Entry {
  origin: ResponseUrlOrigin;
  createdAt: number;
  uses: number;
}

export class ResponseUrls {
  readonly #ctx: ApiContext;
  readonly #entries = new Map<string, Entry>();
  #seq = 0;

  constructor(ctx: ApiContext) {
    this.#ctx = ctx;
  }

  create(origin: ResponseUrlOrigin): string {
    this.#seq += 1;
    const id = `${origin.kind === "command" ? "cmd" : "act"}${this.#seq}`;
    this.#entries.set(id, { origin, createdAt: this.#ctx.store.now(), uses: 0 });
    return `${this.#ctx.baseUrl}/response/${id}`;
  }

  /** Handles one POST; records it in store.responseUrlPosts whatever the outcome. */
  post(id: string, raw: string): { status: number; text: string } {
    const store = this.#ctx.store;
    const record: ResponseUrlPost = { responseUrlId: id, at: store.now(), body: {}, status: 200 };
    store.responseUrlPosts.push(record);
    const reply = (status: number, error?: string) => {
      record.status = status;
      record.error = error;
      return { status, text: error ?? JSON.stringify({ ok: true }) };
    };
    const entry = this.#entries.get(id);
    if (!entry) return reply(404, "invalid_url");
    if (store.now() - entry.createdAt > RESPONSE_URL_TTL_MS) return reply(404, "expired_url");
    if (entry.uses >= RESPONSE_URL_MAX_USES) return reply(404, "used_url");
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return reply(400, "invalid_payload");
      record.body = parsed as Record<string, unknown>;
    } catch {
      return reply(400, "invalid_payload");
    }
    try {
      record.effect = this.#apply(entry.origin, record.body, "response_url");
    } catch (err) {
      if (err instanceof SlackApiError) return reply(400, err.code);
      throw err;
    }
    entry.uses += 1;
    return reply(200);
  }

  /**
   * Shows a slash command's ack body the way Slack does (a JSON message, or plain text as an ephemeral).
   * Returns the Slack error code when the content is invalid, else undefined. An empty ack shows nothing.
   */
  applyCommandAck(origin: ResponseUrlOrigin, ack: unknown): string | undefined {
    if (ack === undefined || ack === null || ack === "") return undefined;
    const body = typeof ack === "string" ? { text: ack } : (ack as Record<string, unknown>);
    if (typeof body !== "object" || Object.keys(body).length === 0) return undefined;
    try {
      this.#apply({ ...origin, messageTs: undefined }, body, "command_ack");
      return undefined;
    } catch (err) {
      if (err instanceof SlackApiError) return err.code;
      throw err;
    }
  }

  #apply(
    origin: ResponseUrlOrigin,
    body: Record<string, unknown>,
    via: "response_url" | "command_ack",
  ): ResponseUrlPost["effect"] {
    const ctx = this.#ctx;
    const store = ctx.store;
    const original = origin.messageTs
      ? origin.isEphemeral
        ? store.findEphemeral(origin.channel, origin.messageTs)
        : store.findMessage(origin.channel, origin.messageTs)
      : undefined;
    if (body.delete_original === true || body.delete_original === "true") {
      if (!original || original.deleted) throw new SlackApiError("message_not_found");
      original.deleted = true;
      return "deleted";
    }
    const content: MessageContent = parseContent(body);
    if ((body.replace_original === true || body.replace_original === "true") && original && !original.deleted) {
      original.text = content.text ?? "";
      original.blocks = content.blocks;
      original.updates.push({ at: store.now(), text: original.text, blocks: original.blocks, via: "response_url" });
      return "replaced";
    }
    const threadTs = typeof body.thread_ts === "string" ? body.thread_ts : undefined;
    if (body.response_type === "in_channel") {
      storeBotMessage(ctx, origin.channel, content, via, { thread_ts: threadTs });
      return "in_channel";
    }
    store.ephemerals.push({
      channel: origin.channel,
      user: origin.user,
      ts: store.nextTs(),
      thread_ts: threadTs,
      text: content.text ?? "",
      blocks: content.blocks,
      via,
      updates: [],
      deleted: false,
    });
    return "ephemeral";
  }
}

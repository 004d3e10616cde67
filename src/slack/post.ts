// Everything the bot sends to Slack goes through here: paced per channel, 429s waited out, and the one
// answer shape of every read command — a "⏳ …" message posted at once, updated in place into the answer,
// with the chart and any long output uploaded into its thread.
import { randomUUID } from "node:crypto";
import type { KnownBlock } from "@slack/types";
import type { Logger } from "../log.ts";
import type { SlackMessage } from "./views/index.ts";
import { ChannelPacer, retryRateLimited, type WebClient } from "./web-client.ts";

export interface UploadFile {
  filename: string;
  title: string;
  content: Buffer | string;
  altText?: string;
  /** Slack's snippet syntax for text files ("text", "json"); binary files (PNG, zip) go without. */
  snippetType?: string;
}

export interface HomeViewPayload {
  type: "home";
  blocks: KnownBlock[];
}

/** Slack errors that mean "the bot cannot post here" (not a member, or cannot even see the channel). */
export const NOT_IN_CHANNEL = new Set(["not_in_channel", "channel_not_found", "is_archived"]);

/** The `error` of a Web API platform error (ok:false), e.g. "not_in_channel". */
export function slackErrorCode(e: unknown): string | undefined {
  const data = (e as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === "string" ? data.error : undefined;
}

/** Slack message metadata (chat.postMessage `metadata`): an event type and a flat payload. */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, string>;
}

/**
 * The call may have done its work although it failed on our side (timed out, connection lost, Slack 5xx):
 * repeating it blindly could post twice.
 */
export function outcomeUnknown(e: unknown): boolean {
  const err = e as { code?: string; statusCode?: number } | undefined;
  if (err?.code === "slack_webapi_request_error") return true;
  return err?.code === "slack_webapi_http_error" && (err.statusCode ?? 0) >= 500;
}

/** The request got no answer (timeout, connection lost): Slack may have done the work. */
export function timedOut(e: unknown): boolean {
  return (e as { code?: string } | undefined)?.code === "slack_webapi_request_error";
}

/** The ts of the newest-listed message carrying exactly `metadata`. */
function tagged(
  messages: Array<{ ts?: string; metadata?: { event_type?: string; event_payload?: unknown } }> | undefined,
  metadata: MessageMetadata,
): string | undefined {
  const want = JSON.stringify(metadata.event_payload);
  return (messages ?? []).find(
    (m) => m.metadata?.event_type === metadata.event_type && JSON.stringify(m.metadata?.event_payload ?? {}) === want,
  )?.ts;
}

/** Event type of the metadata every top-level post carries, so a post whose outcome is unknown can be found. */
const POST_EVENT = "appsvc_post";

export class SlackOut {
  readonly client: WebClient;
  /** For calls that must not be repeated blindly (posting, uploads): no automatic retries. */
  readonly #once: WebClient;
  readonly #pacer: ChannelPacer;
  readonly #log: Logger;

  constructor(client: WebClient, opts: { pacer?: ChannelPacer; log: Logger; once?: WebClient }) {
    this.client = client;
    this.#once = opts.once ?? client;
    this.#pacer = opts.pacer ?? new ChannelPacer();
    this.#log = opts.log;
  }

  #retry<T>(what: string, fn: () => Promise<T>, log: Logger = this.#log): Promise<T> {
    return retryRateLimited(fn, { log, what });
  }

  /**
   * chat.postMessage, paced per channel; returns the message ts. Never posts twice: a post whose outcome is
   * unknown (timed out, connection lost, 5xx) is looked for by its metadata tag (in the channel, or in the
   * thread for a reply given `metadata`) before it is sent once more; a reply without a tag is not repeated.
   */
  async post(
    channel: string,
    msg: SlackMessage,
    opts: { threadTs?: string; log?: Logger; metadata?: MessageMetadata } = {},
  ): Promise<string> {
    const metadata =
      opts.metadata ?? (opts.threadTs ? undefined : { event_type: POST_EVENT, event_payload: { id: randomUUID() } });
    const send = () =>
      this.#pacer.run(channel, () =>
        this.#retry(
          "chat.postMessage",
          () =>
            this.#once.chat.postMessage({
              channel,
              text: msg.text,
              blocks: msg.blocks,
              ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
              ...(metadata ? { metadata } : {}),
            }),
          opts.log,
        ),
      );
    const startedAt = Date.now();
    let res: Awaited<ReturnType<typeof send>>;
    try {
      res = await send();
    } catch (e) {
      if (!outcomeUnknown(e) || !metadata) throw e;
      const log = opts.log ?? this.#log;
      const since = startedAt - 5_000;
      const found = await (opts.threadTs
        ? this.findOwnReply(channel, opts.threadTs, since, metadata, log)
        : this.findOwn(channel, since, metadata, log)
      ).catch(() => undefined);
      if (found) {
        log.info({ ts: found }, "chat.postMessage failed on our side but the message was posted; using it");
        return found;
      }
      log.warn({ err: String(e) }, "chat.postMessage failed and the message is not in the channel; posting once more");
      res = await send();
    }
    if (!res.ts) throw new Error("chat.postMessage answered without a ts");
    return res.ts;
  }

  /** chat.delete of the bot's own message (an interim message that could not be updated). */
  async remove(channel: string, ts: string, log?: Logger): Promise<void> {
    await this.#retry("chat.delete", () => this.client.chat.delete({ channel, ts }), log);
  }

  /**
   * The ts of the bot's own message in `channel` since `sinceMs` that carries `metadata` (event type and
   * payload equal), newest first; undefined when there is none. How a post whose outcome is unknown (a
   * timed-out call, a replica that died while posting) is reconciled before posting again.
   */
  async findOwn(
    channel: string,
    sinceMs: number,
    metadata: MessageMetadata,
    log?: Logger,
  ): Promise<string | undefined> {
    const res = await this.#retry(
      "conversations.history",
      () =>
        this.client.conversations.history({
          channel,
          oldest: (Math.floor(sinceMs / 1000) - 1).toString(),
          include_all_metadata: true,
          limit: 100,
        }),
      log,
    );
    return tagged(res.messages, metadata);
  }

  /** As `findOwn`, for a reply in the thread of `threadTs` (conversations.replies). */
  async findOwnReply(
    channel: string,
    threadTs: string,
    sinceMs: number,
    metadata: MessageMetadata,
    log?: Logger,
  ): Promise<string | undefined> {
    const res = await this.#retry(
      "conversations.replies",
      () =>
        this.client.conversations.replies({
          channel,
          ts: threadTs,
          oldest: (Math.floor(sinceMs / 1000) - 1).toString(),
          include_all_metadata: true,
          limit: 200,
        }),
      log,
    );
    return tagged(res.messages, metadata);
  }

  async update(channel: string, ts: string, msg: SlackMessage, log?: Logger): Promise<void> {
    await this.#retry(
      "chat.update",
      () => this.client.chat.update({ channel, ts, text: msg.text, blocks: msg.blocks }),
      log,
    );
  }

  async ephemeral(channel: string, user: string, msg: SlackMessage, log?: Logger): Promise<void> {
    await this.#retry(
      "chat.postEphemeral",
      () => this.client.chat.postEphemeral({ channel, user, text: msg.text, blocks: msg.blocks }),
      log,
    );
  }

  /** files.uploadV2 into a channel's thread (three calls; retried whole on a 429). */
  async upload(channel: string, threadTs: string | undefined, f: UploadFile, log?: Logger): Promise<void> {
    const content = typeof f.content === "string" ? Buffer.from(f.content, "utf8") : f.content;
    await this.#retry(
      "files.uploadV2",
      () => {
        const common = {
          file: content,
          filename: f.filename,
          title: f.title,
          ...(f.altText ? { alt_text: f.altText } : {}),
          ...(f.snippetType ? { snippet_type: f.snippetType } : {}),
        };
        return threadTs
          ? this.#once.files.uploadV2({ channel_id: channel, thread_ts: threadTs, ...common })
          : this.#once.files.uploadV2({ channel_id: channel, ...common });
      },
      log,
    );
  }

  async publishHome(user: string, view: HomeViewPayload, log?: Logger): Promise<void> {
    await this.#retry("views.publish", () => this.client.views.publish({ user_id: user, view }), log);
  }
}

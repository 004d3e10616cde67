// Everything the bot sends to Slack goes through here: paced per channel, 429s waited out, and the one
// answer shape of every read command — a "⏳ …" message posted at once, updated in place into the answer,
// with the chart and any long output uploaded into its thread.
import type { KnownBlock } from "@slack/types";
import type { Logger } from "../log.ts";
import type { SlackMessage } from "./views/index.ts";
import { ChannelPacer, retryRateLimited, type WebClient } from "./web-client.ts";

export interface UploadFile {
  filename: string;
  title: string;
  content: Buffer | string;
  altText?: string;
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

export class SlackOut {
  readonly client: WebClient;
  readonly #pacer: ChannelPacer;
  readonly #log: Logger;

  constructor(client: WebClient, opts: { pacer?: ChannelPacer; log: Logger }) {
    this.client = client;
    this.#pacer = opts.pacer ?? new ChannelPacer();
    this.#log = opts.log;
  }

  #retry<T>(what: string, fn: () => Promise<T>, log: Logger = this.#log): Promise<T> {
    return retryRateLimited(fn, { log, what });
  }

  /** chat.postMessage, paced per channel; returns the message ts. */
  async post(
    channel: string,
    msg: SlackMessage,
    opts: { threadTs?: string; log?: Logger; metadata?: MessageMetadata } = {},
  ): Promise<string> {
    const res = await this.#pacer.run(channel, () =>
      this.#retry(
        "chat.postMessage",
        () =>
          this.client.chat.postMessage({
            channel,
            text: msg.text,
            blocks: msg.blocks,
            ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
            ...(opts.metadata ? { metadata: opts.metadata } : {}),
          }),
        opts.log,
      ),
    );
    if (!res.ts) throw new Error("chat.postMessage answered without a ts");
    return res.ts;
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
    const want = JSON.stringify(metadata.event_payload);
    const found = (res.messages ?? []).find(
      (m) => m.metadata?.event_type === metadata.event_type && JSON.stringify(m.metadata?.event_payload ?? {}) === want,
    );
    return found?.ts;
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
        };
        return threadTs
          ? this.client.files.uploadV2({ channel_id: channel, thread_ts: threadTs, ...common })
          : this.client.files.uploadV2({ channel_id: channel, ...common });
      },
      log,
    );
  }

  async publishHome(user: string, view: HomeViewPayload, log?: Logger): Promise<void> {
    await this.#retry("views.publish", () => this.client.views.publish({ user_id: user, view }), log);
  }
}

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
  async post(channel: string, msg: SlackMessage, opts: { threadTs?: string; log?: Logger } = {}): Promise<string> {
    const res = await this.#pacer.run(channel, () =>
      this.#retry(
        "chat.postMessage",
        () =>
          this.client.chat.postMessage({
            channel,
            text: msg.text,
            blocks: msg.blocks,
            ...(opts.threadTs ? { thread_ts: opts.threadTs } : {}),
          }),
        opts.log,
      ),
    );
    if (!res.ts) throw new Error("chat.postMessage answered without a ts");
    return res.ts;
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

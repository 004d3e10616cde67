// The driver plays Slack → app: signed HTTP posts to the bot's /slack/events, or envelopes over Socket Mode.
import { randomBytes } from "node:crypto";
import {
  type ButtonClickInput,
  blockActionsPayload,
  DEFAULT_CHANNEL_ID,
  DEFAULT_USER_ID,
  eventCallback,
  findAction,
  type SlashCommandInput,
  slashCommandFields,
} from "./payloads.ts";
import type { ResponseUrls } from "./response-url.ts";
import { postForm } from "./send-signed.ts";
import { signSlackRequest } from "./signing.ts";
import type { SocketHub } from "./socket-mode.ts";
import type { MessageStore } from "./store.ts";
import type { ApiContext } from "./web-api/context.ts";
import { messageJson } from "./web-api/message-content.ts";

export interface SignOptions {
  /** Sign with the wrong secret. */
  badSignature?: boolean;
  /** Added to the current unix time for X-Slack-Request-Timestamp (e.g. -301 → stale). */
  timestampOffsetSeconds?: number;
}

export interface SlackDriver {
  slashCommand(
    botUrl: string,
    cmd: SlashCommandInput,
    opts?: SignOptions,
  ): Promise<{
    status: number;
    body: string;
    /** Request written → ack received (how Slack times it). */
    ackMs: number;
    /** Before the request was written: this process's own queueing (a burst fired from one event loop). */
    queuedMs: number;
    responseUrl: string;
    triggerId: string;
    /** Set when the ack body was not a valid message (e.g. "invalid_blocks"); a valid one is stored like Slack shows it. */
    ackError?: string;
  }>;
  clickButton(
    botUrl: string,
    args: ButtonClickInput,
    opts?: SignOptions,
  ): Promise<{ status: number; body: string; ackMs: number; queuedMs: number }>;
  socketSlashCommand(
    cmd: SlashCommandInput,
  ): Promise<{ ack: unknown; ackMs: number; responseUrl: string; ackError?: string }>;
  socketClickButton(args: ButtonClickInput): Promise<{ ack: unknown; ackMs: number }>;
  socketEvent(event: Record<string, unknown>): Promise<{ ackMs: number }>;
  /** An Events API callback (e.g. app_home_opened) posted to the bot's /slack/events as signed JSON. */
  event(botUrl: string, event: Record<string, unknown>): Promise<{ status: number; ackMs: number }>;
  waitFor<T>(pred: (store: MessageStore) => T | undefined | false, timeoutMs?: number): Promise<T>;
  /** The last signed HTTP request sent, exactly as sent: tests replay it as an attacker (or Slack's retry) would. */
  lastSigned(): { headers: Record<string, string>; body: string } | undefined;
}

export function createDriver(ctx: ApiContext, signingSecret: string, urls: ResponseUrls, hub: SocketHub): SlackDriver {
  const store = ctx.store;
  let seq = 0;
  const triggerId = () => `${++seq}${Date.now() % 1e6}.${Date.now()}.${randomBytes(16).toString("hex")}`;
  const userName = (id: string) => store.users.get(id)?.name ?? id.toLowerCase().replace(/^u0?/, "");
  const channelName = (id: string) => store.channels.get(id)?.name ?? id.toLowerCase();

  function command(cmd: SlashCommandInput) {
    const channel = cmd.channelId ?? DEFAULT_CHANNEL_ID;
    const user = cmd.userId ?? DEFAULT_USER_ID;
    const origin = { kind: "command" as const, channel, user };
    const responseUrl = urls.create(origin);
    const fields = slashCommandFields(ctx.id, cmd, {
      channelName: channelName(channel),
      userName: cmd.userName ?? userName(user),
      responseUrl,
      triggerId: triggerId(),
    });
    return { fields, responseUrl, origin };
  }

  function click(args: ButtonClickInput): Record<string, unknown> {
    const stored = store.findMessage(args.channelId, args.messageTs);
    const ephemeral = stored ? undefined : store.findEphemeral(args.channelId, args.messageTs);
    const target = stored ?? ephemeral;
    if (!target || target.deleted) {
      throw new Error(`clickButton: no live message ${args.channelId}/${args.messageTs} in the store`);
    }
    const found = findAction(target.blocks, args.actionId);
    if (!found) {
      throw new Error(
        `clickButton: no element with action_id "${args.actionId}" in ${args.channelId}/${args.messageTs}`,
      );
    }
    const user = args.userId ?? DEFAULT_USER_ID;
    return blockActionsPayload(ctx.id, args, {
      channelName: channelName(args.channelId),
      userName: userName(user),
      responseUrl: urls.create({
        kind: "interactive",
        channel: args.channelId,
        user,
        messageTs: args.messageTs,
        isEphemeral: ephemeral !== undefined,
      }),
      triggerId: triggerId(),
      actionTs: store.nextTs(),
      blockId: found.blockId,
      element: found.element,
      message: stored ? messageJson(ctx, stored) : undefined,
      isEphemeral: ephemeral !== undefined,
    });
  }

  let last: { headers: Record<string, string>; body: string } | undefined;

  async function postSigned(
    botUrl: string,
    body: string,
    opts: SignOptions = {},
    contentType = "application/x-www-form-urlencoded",
  ) {
    const ts = Math.floor(Date.now() / 1000) + (opts.timestampOffsetSeconds ?? 0);
    const secret = opts.badSignature ? `${signingSecret}-wrong` : signingSecret;
    const headers = {
      // Exactly this: Bolt answers 400 to "application/x-www-form-urlencoded; charset=utf-8".
      "content-type": contentType,
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signSlackRequest(secret, ts, body),
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
    };
    last = { headers, body };
    const res = await postForm(`${botUrl.replace(/\/+$/, "")}/slack/events`, headers, body);
    let ack: unknown = res.body;
    if (res.contentType.startsWith("application/json")) {
      try {
        ack = JSON.parse(res.body);
      } catch {
        // not JSON after all: shown as text, like Slack
      }
    }
    return { status: res.status, body: res.body, ackMs: res.ackMs, queuedMs: res.queuedMs, ack };
  }

  function callback(event: Record<string, unknown>): Record<string, unknown> {
    const full = { event_ts: store.nextTs(), ...event };
    const id = `Ev${randomBytes(6).toString("hex").toUpperCase()}`;
    return eventCallback(ctx.id, full, id, Math.floor(store.now() / 1000));
  }

  return {
    lastSigned: () => last,
    async slashCommand(botUrl, cmd, opts) {
      const { fields, responseUrl, origin } = command(cmd);
      const { ack, ...res } = await postSigned(botUrl, new URLSearchParams(fields).toString(), opts);
      const ackError = res.status === 200 ? urls.applyCommandAck(origin, ack) : undefined;
      return { ...res, responseUrl, triggerId: fields.trigger_id, ...(ackError ? { ackError } : {}) };
    },

    async clickButton(botUrl, args, opts) {
      const payload = click(args);
      // Slack ignores a block_actions ack body.
      const { ack: _ignored, ...res } = await postSigned(
        botUrl,
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        opts,
      );
      return res;
    },

    async socketSlashCommand(cmd) {
      const { fields, responseUrl, origin } = command(cmd);
      const res = await hub.push({ type: "slash_commands", payload: fields, accepts_response_payload: true });
      const ackError = urls.applyCommandAck(origin, res.ack);
      return { ...res, responseUrl, ...(ackError ? { ackError } : {}) };
    },

    socketClickButton(args) {
      return hub.push({ type: "interactive", payload: click(args), accepts_response_payload: false });
    },

    async event(botUrl, event) {
      const res = await postSigned(botUrl, JSON.stringify(callback(event)), {}, "application/json");
      return { status: res.status, ackMs: res.ackMs };
    },

    async socketEvent(event) {
      const payload = callback(event);
      const { ackMs } = await hub.push({
        type: "events_api",
        payload,
        accepts_response_payload: false,
        retry_attempt: 0,
        retry_reason: "",
      });
      return { ackMs };
    },

    async waitFor<T>(pred: (s: MessageStore) => T | undefined | false, timeoutMs = 5000): Promise<T> {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const v = pred(store);
        if (v !== undefined && v !== false && v !== null) return v;
        if (performance.now() > deadline) {
          throw new Error(
            `waitFor: condition not met within ${timeoutMs} ms. Store:\n${JSON.stringify(store.dump(), null, 2)}`,
          );
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}

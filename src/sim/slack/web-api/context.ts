// What every Web API method handler gets, how it fails (Slack error codes), and argument helpers.
import type { ChannelRateLimiter } from "../rate-limit.ts";
import type { ChannelInfo, MessageStore } from "../store.ts";

export interface EmuIdentity {
  teamId: string;
  teamDomain: string;
  teamName: string;
  appId: string;
  botId: string;
  botUserId: string;
  botName: string;
}

export interface ApiContext {
  id: EmuIdentity;
  store: MessageStore;
  /** "http://127.0.0.1:PORT" */
  baseUrl: string;
  newId(prefix: string): string;
  /** A one-time ticket for the Socket Mode link URL. */
  issueSocketTicket(): string;
  rateLimiter?: ChannelRateLimiter;
  /** Runs `fn` once the emulated clock reaches `atMs` (chat.scheduleMessage delivery). */
  schedule(atMs: number, fn: () => void): void;
  /** Scopes granted to each token, sent back in `x-oauth-scopes` as Slack does. */
  scopes: { bot: string[]; app: string[] };
}

export type Args = Record<string, unknown>;
export type Handler = (ctx: ApiContext, args: Args) => Record<string, unknown>;

export interface MethodSpec {
  /** Which token type the method accepts; others get `not_allowed_token_type`. */
  token: "bot" | "app" | "any";
  handle: Handler;
}

/** An `ok:false` answer. `status`/`headers` only for the rare non-200 cases (429). */
export class SlackApiError extends Error {
  readonly code: string;
  readonly extra: Record<string, unknown>;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(code: string, extra: Record<string, unknown> = {}, status = 200, headers: Record<string, string> = {}) {
    super(code);
    this.code = code;
    this.extra = extra;
    this.status = status;
    this.headers = headers;
  }
}

/** A scalar argument as a string (form bodies carry numbers and booleans as text). */
export function str(args: Args, key: string): string | undefined {
  const v = args[key];
  if (v === undefined || v === null || v === "") return undefined;
  return typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
}

export function required(args: Args, key: string, error = "invalid_arguments"): string {
  const v = str(args, key);
  if (v === undefined) throw new SlackApiError(error);
  return v;
}

export function bool(args: Args, key: string): boolean {
  const v = args[key];
  return v === true || v === "true" || v === "1" || v === 1;
}

/** A channel id (or a user id, which Slack resolves to the DM with that user). */
export function resolveChannel(ctx: ApiContext, channel: string | undefined): ChannelInfo {
  if (!channel) throw new SlackApiError("channel_not_found");
  const found = ctx.store.channels.get(channel);
  if (found) return found;
  if (ctx.store.users.has(channel)) return openDm(ctx, channel);
  throw new SlackApiError("channel_not_found");
}

/** The DM channel between the bot and a user, created on first use. */
export function openDm(ctx: ApiContext, userId: string): ChannelInfo {
  for (const c of ctx.store.channels.values()) if (c.im_user === userId) return c;
  const dm: ChannelInfo = {
    id: `D${userId.replace(/^[UW]/, "")}`,
    name: userId,
    is_private: true,
    is_member: true,
    im_user: userId,
    created: Math.floor(ctx.store.now() / 1000),
  };
  ctx.store.channels.set(dm.id, dm);
  return dm;
}

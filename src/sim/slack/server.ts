// The Slack workspace emulator: one loopback HTTP server for the Web API (/api/<method>), the upload URL
// (/upload/v1/<file>), response_url (/response/<id>) and the Socket Mode link (ws /link).
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BOT_SCOPES } from "../../slack/scopes.ts";
import { createDriver, type SlackDriver } from "./driver.ts";
import { FaultRegistry, type Faults } from "./faults.ts";
import { parseApiArgs, readBody, sendJson, sendText, sleep } from "./http-util.ts";
import { ChannelRateLimiter } from "./rate-limit.ts";
import { ResponseUrls } from "./response-url.ts";
import { type SocketControl, SocketHub } from "./socket-mode.ts";
import { MessageStore } from "./store.ts";
import { tzOffsetSeconds } from "./tz.ts";
import { receiveUpload } from "./uploads.ts";
import type { ApiContext, EmuIdentity } from "./web-api/context.ts";
import { callMethod, tokenOf } from "./web-api/index.ts";

export type { SlackDriver } from "./driver.ts";
export type { FaultSpec } from "./faults.ts";
export { signSlackRequest } from "./signing.ts";
export type { SocketControl } from "./socket-mode.ts";
export { MessageStore } from "./store.ts";

export interface CallRecord {
  at: number;
  method: string;
  /** Decoded arguments (blocks/view/files JSON-parsed), without `token`. */
  body: Record<string, unknown>;
  ok: boolean;
  error?: string;
  status: number;
}

export interface SlackEmulator {
  url: string;
  apiUrl: string;
  botToken: string;
  appToken: string;
  signingSecret: string;
  team: { id: string; domain: string };
  /** Bot identity as auth.test reports it. */
  bot: { userId: string; botId: string; appId: string; name: string };
  store: MessageStore;
  calls: CallRecord[];
  faults: Faults;
  users: { add(u: { id: string; name: string; tz?: string; is_admin?: boolean }): void };
  usergroups: { add(g: { id: string; handle: string; users: string[] }): void };
  channels: { add(c: { id: string; name: string; is_private?: boolean; is_member?: boolean }): void };
  socket: SocketControl;
  driver: SlackDriver;
  /** Changes the bot token's granted scopes (a reinstall with another manifest). */
  setScopes(scopes: string[]): void;
  close(): Promise<void>;
}

export interface SlackEmulatorOptions {
  port?: number;
  signingSecret?: string;
  botToken?: string;
  appToken?: string;
  rateLimit?: { perChannelPerSecond?: number };
  /** Bot token scopes (default: those manifest.yml asks for, as an installed app's token has). */
  scopes?: string[];
  /** Emulated clock for ts values, response_url expiry, scheduled messages and tz offsets (default wall clock). */
  clock?: { now(): number };
}

const IDENTITY: EmuIdentity = {
  teamId: "T0EMU",
  teamDomain: "emu",
  teamName: "Emu",
  appId: "A0APP",
  botId: "B0BOT",
  botUserId: "U0BOT",
  botName: "appsvc",
};

export async function startSlackEmulator(opts: SlackEmulatorOptions = {}): Promise<SlackEmulator> {
  const clock = opts.clock ?? { now: () => Date.now() };
  const botToken = opts.botToken ?? `xoxb-emu-${randomBytes(8).toString("hex")}`;
  const appToken = opts.appToken ?? `xapp-1-${IDENTITY.appId}-1-${randomBytes(8).toString("hex")}`;
  const signingSecret = opts.signingSecret ?? randomBytes(16).toString("hex");
  const store = new MessageStore(() => clock.now());
  store.users.set(IDENTITY.botUserId, {
    id: IDENTITY.botUserId,
    name: IDENTITY.botName,
    tz: "America/Los_Angeles",
    is_admin: false,
    is_bot: true,
  });
  const calls: CallRecord[] = [];
  const faults = new FaultRegistry();
  const hub = new SocketHub(IDENTITY.appId);
  const timers: Array<{ at: number; fn: () => void }> = [];
  let counter = 0;

  const ctx: ApiContext = {
    id: IDENTITY,
    store,
    baseUrl: "", // set once listening
    newId: (prefix) => `${prefix}0EMU${(++counter).toString(36).toUpperCase().padStart(5, "0")}`,
    issueSocketTicket: () => hub.issueTicket(),
    rateLimiter: opts.rateLimit?.perChannelPerSecond
      ? new ChannelRateLimiter(opts.rateLimit.perChannelPerSecond)
      : undefined,
    schedule: (at, fn) => timers.push({ at, fn }),
    scopes: { bot: [...(opts.scopes ?? BOT_SCOPES)], app: ["connections:write"] },
  };
  const responseUrls = new ResponseUrls(ctx);

  // Scheduled messages follow the emulated clock, which may be moved by hand: poll it.
  const runDue = () => {
    const now = clock.now();
    for (const t of timers.filter((x) => x.at <= now)) {
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
  };
  const ticker = setInterval(runDue, 200);
  ticker.unref();

  async function api(method: string, req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    let args: Record<string, unknown>;
    try {
      args = await parseApiArgs(req, body);
    } catch {
      calls.push({ at: clock.now(), method, body: {}, ok: false, error: "invalid_json", status: 200 });
      return sendJson(res, 200, { ok: false, error: "invalid_json" });
    }
    const token = tokenOf(req.headers.authorization, args);
    const { token: _secret, ...recorded } = args;
    const fault = faults.take(method);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault?.hang) return; // never answered; close() drops the connection
    const answer = fault?.reply ?? callMethod(ctx, method, args, token, { bot: botToken, app: appToken });
    const error = answer.body.ok === false ? String(answer.body.error) : undefined;
    calls.push({ at: clock.now(), method, body: recorded, ok: !error, error, status: answer.status });
    if (fault?.replyDelayMs) await sleep(fault.replyDelayMs);
    sendJson(res, answer.status, answer.body, answer.headers);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    runDue();
    const path = new URL(req.url ?? "/", "http://emu").pathname;
    const body = await readBody(req);
    const apiMatch = /^\/api\/([A-Za-z0-9_.]+)$/.exec(path);
    if (apiMatch) return api(apiMatch[1], req, res, body);
    const pseudo = path.startsWith("/upload/") ? "upload" : path.startsWith("/response/") ? "response_url" : "";
    const fault = pseudo ? faults.take(pseudo) : undefined;
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault?.hang) return;
    if (fault?.reply) return sendJson(res, fault.reply.status, fault.reply.body, fault.reply.headers);
    if (fault?.replyDelayMs) {
      // The real handler's work is done now; only the answer is late.
      const late = res.end.bind(res) as (...a: unknown[]) => ServerResponse;
      res.end = ((...a: unknown[]) => {
        setTimeout(() => late(...a), fault.replyDelayMs);
        return res;
      }) as typeof res.end;
    }
    const upload = /^\/upload\/v1\/([A-Za-z0-9]+)$/.exec(path);
    if (upload && req.method === "POST") {
      const r = await receiveUpload(store, upload[1], req, body);
      return sendText(res, r.status, r.text);
    }
    const resp = /^\/response\/([A-Za-z0-9]+)$/.exec(path);
    if (resp && req.method === "POST") {
      const r = responseUrls.post(resp[1], body.toString("utf8"));
      return r.status === 200 ? sendJson(res, 200, { ok: true }) : sendText(res, r.status, r.text);
    }
    sendText(res, 404, "not_found");
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendText(res, 500, `emulator error: ${err instanceof Error ? err.message : String(err)}`);
    });
  });
  server.on("upgrade", (req, socket, head) => hub.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ctx.baseUrl = url;

  return {
    url,
    apiUrl: `${url}/api/`,
    botToken,
    appToken,
    signingSecret,
    team: { id: IDENTITY.teamId, domain: IDENTITY.teamDomain },
    bot: { userId: IDENTITY.botUserId, botId: IDENTITY.botId, appId: IDENTITY.appId, name: IDENTITY.botName },
    store,
    calls,
    faults,
    users: {
      add(u) {
        const tz = u.tz ?? "America/Los_Angeles";
        tzOffsetSeconds(tz, clock.now()); // throws RangeError now for an unknown zone, not later in users.info
        store.users.set(u.id, { id: u.id, name: u.name, tz, is_admin: u.is_admin ?? false, is_bot: false });
      },
    },
    usergroups: {
      add: (g) => store.usergroups.set(g.id, { id: g.id, handle: g.handle, users: [...g.users] }),
    },
    channels: {
      add: (c) =>
        store.channels.set(c.id, {
          id: c.id,
          name: c.name,
          is_private: c.is_private ?? false,
          is_member: c.is_member ?? true,
          created: Math.floor(clock.now() / 1000),
        }),
    },
    socket: hub,
    driver: createDriver(ctx, signingSecret, responseUrls, hub),
    setScopes(scopes) {
      ctx.scopes.bot = [...scopes];
    },
    async close() {
      clearInterval(ticker);
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

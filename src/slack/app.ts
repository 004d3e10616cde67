// The Bolt app and its receiver. HTTP mode: signed requests on POST /slack/events and GET /healthz (and the
// extra routes, e.g. the alert webhook) on the same port (HTTPReceiver customRoutes). Socket Mode
// (SLACK_APP_TOKEN): the WebSocket to Slack, plus a small node:http server for /healthz and the extra routes
// on PORT.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { App, type Authorize, HTTPReceiver, SocketModeReceiver, type webApi } from "@slack/bolt";
import type { Rejections } from "../door/rejections.ts";
import type { ReplayGuard } from "../door/replay-guard.ts";
import { slackHttpDoor } from "../door/slack-http.ts";
import type { Logger } from "../log.ts";
import { boltLogger } from "./bolt-logger.ts";

export const EVENTS_PATH = "/slack/events";
export const HEALTH_PATH = "/healthz";

export interface SlackAppOptions {
  mode: "http" | "socket";
  signingSecret?: string;
  appToken?: string;
  port: number;
  authorize: Authorize<boolean>;
  clientOptions: webApi.WebClientOptions;
  health: (req: IncomingMessage, res: ServerResponse) => void;
  /** More endpoints on the same port (any method; the handler answers 405 itself). */
  routes?: ExtraRoute[];
  log: Logger;
  /** The door's memory of handled requests and its refusal counts (HTTP mode). */
  door: { replay: ReplayGuard; rejections: Rejections };
  /** Registers the listeners before the app starts. */
  register(app: App): void;
}

export interface ExtraRoute {
  path: string;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

const ANY_METHOD = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];

export interface RunningSlackApp {
  app: App;
  /** Slack requests are arriving or waiting for their response (Socket Mode: envelopes arrived in the last QUIET_MS). */
  receiving(): boolean;
  /** The port /healthz (and in HTTP mode /slack/events) listens on. */
  port: number;
  close(): Promise<void>;
}

export async function startSlackApp(o: SlackAppOptions): Promise<RunningSlackApp> {
  const logger = boltLogger(o.log, "bolt");
  const common = {
    authorize: o.authorize,
    logger,
    clientOptions: o.clientOptions,
    // No conversation state: every command stands alone, and the memory store would grow.
    convoStore: false as const,
  };
  if (o.mode === "socket") {
    if (!o.appToken) throw new Error("Socket Mode needs SLACK_APP_TOKEN");
    // The receiver App({ socketMode: true }) would build, made here so its client's envelopes can be seen.
    const receiver = new SocketModeReceiver({
      appToken: o.appToken,
      logger,
      installerOptions: { clientOptions: o.clientOptions },
    });
    dedupeEnvelopes(receiver, o.door);
    const receiving = trackEnvelopes(receiver);
    const app = new App({ ...common, receiver });
    wire(app, o);
    const health = await listenHealth(o.port, o.health, o.routes ?? []);
    try {
      await app.start();
    } catch (e) {
      await closeServer(health);
      throw e;
    }
    return {
      app,
      receiving,
      port: (health.address() as AddressInfo).port,
      close: async () => {
        await app.stop();
        await closeServer(health);
      },
    };
  }
  if (!o.signingSecret) throw new Error("HTTP mode needs SLACK_SIGNING_SECRET");
  const receiver = new HTTPReceiver({
    signingSecret: o.signingSecret,
    endpoints: EVENTS_PATH,
    customRoutes: [
      { path: HEALTH_PATH, method: ["GET"], handler: o.health },
      ...(o.routes ?? []).map((r) => ({ path: r.path, method: ANY_METHOD, handler: r.handler })),
    ],
    logger,
  });
  // The door first: Bolt only ever sees a capped, fresh, correctly signed, first-time request.
  receiver.requestListener = slackHttpDoor(
    { signingSecret: o.signingSecret, path: EVENTS_PATH, ...o.door },
    receiver.requestListener,
  );
  const receiving = trackRequests(receiver);
  const app = new App({ ...common, receiver });
  wire(app, o);
  const server = (await app.start(o.port)) as Server;
  return {
    app,
    receiving,
    port: (server.address() as AddressInfo).port,
    close: () => app.stop().then(() => undefined),
  };
}

function wire(app: App, o: SlackAppOptions): void {
  app.error(async (e) => {
    o.log.error({ err: e, code: (e as { code?: string }).code }, "unhandled error in a Slack listener");
  });
  o.register(app);
}

/** Requests of a burst arrive a few milliseconds apart: work waits until none has arrived for this long. */
export const QUIET_MS = 5;

/** Wraps the listener the receiver's server will use, to know when requests are arriving or awaiting a response. */
function trackRequests(receiver: HTTPReceiver): () => boolean {
  let pending = 0;
  let lastArrival = Number.NEGATIVE_INFINITY;
  const inner = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    pending++;
    lastArrival = performance.now();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      pending--;
    };
    res.once("finish", finish);
    res.once("close", finish);
    inner(req, res);
  };
  return () => pending > 0 || performance.now() - lastArrival < QUIET_MS;
}

/**
 * Socket Mode has no signatures (the socket is the app's own authenticated connection), but Slack redelivers
 * an envelope it believes unacknowledged: one whose payload was handled before is acked and not handed on.
 */
function dedupeEnvelopes(receiver: SocketModeReceiver, door: SlackAppOptions["door"]): void {
  type SlackEvent = { body: unknown; retry_num?: number; ack(): Promise<void> };
  const client = receiver.client;
  const handlers = client.listeners("slack_event") as Array<(args: SlackEvent) => Promise<void>>;
  client.removeAllListeners("slack_event");
  client.on("slack_event", async (args: SlackEvent) => {
    if (door.replay.seenBefore(Buffer.from(JSON.stringify(args.body)))) {
      door.rejections.record(args.retry_num ? "slack-retry" : "replay");
      await args.ack();
      return;
    }
    for (const h of handlers) await h(args);
  });
}

/**
 * Socket Mode: envelopes are arriving or awaiting their ack (sent back on the WebSocket), as HTTP requests
 * awaiting their response are in trackRequests: from an envelope's arrival until its ack has gone out (or its
 * handling ended without one), then for QUIET_MS.
 */
function trackEnvelopes(receiver: SocketModeReceiver): () => boolean {
  type SlackEvent = { ack(...a: unknown[]): Promise<void> };
  let pending = 0;
  let lastArrival = Number.NEGATIVE_INFINITY;
  const client = receiver.client;
  const handlers = client.listeners("slack_event") as Array<(args: SlackEvent) => Promise<void>>;
  client.removeAllListeners("slack_event");
  client.on("slack_event", async (args: SlackEvent) => {
    pending++;
    lastArrival = performance.now();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      pending--;
      lastArrival = performance.now();
    };
    const ack = args.ack.bind(args);
    args.ack = (...a: unknown[]) => ack(...a).finally(finish);
    try {
      for (const h of handlers) await h(args);
    } finally {
      finish();
    }
  });
  return () => pending > 0 || performance.now() - lastArrival < QUIET_MS;
}

function listenHealth(port: number, health: SlackAppOptions["health"], routes: ExtraRoute[]): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url?.split("?")[0];
    if (req.method === "GET" && path === HEALTH_PATH) return health(req, res);
    const extra = routes.find((r) => r.path === path);
    if (extra) return extra.handler(req, res);
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found\n");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => resolve(server));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

// The door for Slack over HTTP: wraps the receiver's request listener so that nothing reaches Bolt unless
// its body fits the cap, its timestamp is fresh in both directions and its signature matches; a request
// already handled (replay, Slack retry) is acknowledged with an empty 200 and not handed on. Refusals say
// nothing about why beyond the status, and are counted and sampled into the log (rejections.ts).
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Rejections } from "./rejections.ts";
import type { ReplayGuard } from "./replay-guard.ts";
import { checkSignedRequest, MAX_BODY_BYTES } from "./signed-request.ts";

export interface SlackHttpDoorOptions {
  signingSecret: string;
  /** The events path (POST); other paths (/healthz) pass untouched. */
  path: string;
  replay: ReplayGuard;
  rejections: Rejections;
  now?: () => number;
  maxBodyBytes?: number;
}

type Buffered = IncomingMessage & { rawBody?: Buffer };

export function slackHttpDoor(o: SlackHttpDoorOptions, inner: RequestListener): RequestListener {
  const max = o.maxBodyBytes ?? MAX_BODY_BYTES;
  const now = o.now ?? Date.now;
  return (req, res) => {
    if (req.method !== "POST" || req.url?.split("?")[0] !== o.path) return inner(req, res);
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > max) return tooLarge(o, req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on("data", (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        tooLarge(o, req, res);
        return;
      }
      chunks.push(c);
    });
    req.on("error", () => undefined);
    req.on("end", () => {
      if (over) return;
      const body = Buffer.concat(chunks, size);
      if (isSslCheck(req, body)) return handOn(req, res, body, inner);
      const check = checkSignedRequest({
        signingSecret: o.signingSecret,
        body,
        timestamp: header(req, "x-slack-request-timestamp"),
        signature: header(req, "x-slack-signature"),
        nowMs: now(),
      });
      if (!check.ok) {
        o.rejections.record(check.reason);
        res.writeHead(401, { "content-type": "text/plain" });
        res.end("invalid request signature\n");
        return;
      }
      if (o.replay.seenBefore(body)) {
        o.rejections.record(req.headers["x-slack-retry-num"] ? "slack-retry" : "replay");
        res.writeHead(200, { "content-type": "text/plain" });
        res.end();
        return;
      }
      handOn(req, res, body, inner);
    });
  };
}

function handOn(req: Buffered, res: ServerResponse, body: Buffer, inner: RequestListener): void {
  // Bolt reads the buffered body instead of the (consumed) stream and verifies the signature again.
  req.rawBody = body;
  inner(req, res);
}

function tooLarge(o: SlackHttpDoorOptions, req: IncomingMessage, res: ServerResponse): void {
  o.rejections.record("too-large");
  res.writeHead(413, { "content-type": "text/plain", connection: "close" });
  res.end("request body too large\n", () => req.socket.destroy());
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === "string" ? v : undefined;
}

/** Slack's unsigned SSL check; Bolt strips anything else from such a body. */
function isSslCheck(req: IncomingMessage, body: Buffer): boolean {
  return (
    req.headers["content-type"] === "application/x-www-form-urlencoded" &&
    body.length < 64 &&
    new URLSearchParams(body.toString()).get("ssl_check") === "1"
  );
}

// The HTTP door in front of the real Bolt receiver: what Bolt never sees (stale or future timestamps, bad
// signatures, oversized bodies) and what it sees once (replays, Slack retries), with sampled refusal logs.
import { request } from "node:http";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { Rejections } from "../../src/door/rejections.ts";
import { ReplayGuard } from "../../src/door/replay-guard.ts";
import { createLogger } from "../../src/log.ts";
import { signSlackRequest } from "../../src/sim/slack/signing.ts";
import { EVENTS_PATH, HEALTH_PATH, type RunningSlackApp, startSlackApp } from "../../src/slack/app.ts";

const SECRET = "door-secret";
let running: RunningSlackApp | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function start() {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  const log = createLogger({ level: "info", destination: sink });
  const rejections = new Rejections(log);
  const commands: string[] = [];
  running = await startSlackApp({
    mode: "http",
    signingSecret: SECRET,
    port: 0,
    // No Web API is reached in these tests: the listener only acks.
    authorize: async () => ({ botToken: "xoxb-test" }),
    clientOptions: { slackApiUrl: "http://127.0.0.1:9/api/", retryConfig: { retries: 0 } },
    health: (_req, res) => res.end(JSON.stringify(rejections.totals())),
    log,
    door: { replay: new ReplayGuard(), rejections },
    register: (app) =>
      app.command("/appsvc", async ({ ack, command }) => {
        commands.push(command.text);
        await ack();
      }),
  });
  return { port: running.port, commands, lines };
}

function send(
  port: number,
  body: string | Buffer,
  headers: Record<string, string>,
  path = EVENTS_PATH,
  method = "POST",
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method, headers }, (res) => {
      let text = "";
      res.on("data", (c) => {
        text += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

let trigger = 0;
function signed(text: string, offsetS = 0) {
  const body = new URLSearchParams({
    command: "/appsvc",
    text,
    user_id: "U1",
    channel_id: "C1",
    team_id: "T1",
    trigger_id: `t${++trigger}`,
    response_url: "http://127.0.0.1:9/hook",
  }).toString();
  const ts = Math.floor(Date.now() / 1000) + offsetS;
  return {
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signSlackRequest(SECRET, ts, body),
    },
  };
}

describe("the Slack HTTP door", () => {
  it("admits a fresh signed command once", async () => {
    const s = await start();
    const r = signed("help");
    expect((await send(s.port, r.body, r.headers)).status).toBe(200);
    expect(s.commands).toEqual(["help"]);
  });

  it("refuses timestamps from the future (+1 day, +1 year) and from the past, before Bolt sees them", async () => {
    const s = await start();
    for (const offset of [86_400, 365 * 86_400, 301, -301]) {
      const r = signed("restart shop-api", offset);
      expect((await send(s.port, r.body, r.headers)).status, `offset ${offset}`).toBe(401);
    }
    const inf = signed("restart shop-api");
    const res = await send(s.port, inf.body, { ...inf.headers, "x-slack-request-timestamp": "Infinity" });
    expect(res.status).toBe(401);
    expect(res.body).not.toMatch(/timestamp|secret|\//);
    expect(s.commands).toEqual([]);
  });

  it("acknowledges an exact replay and a Slack retry without acting twice", async () => {
    const s = await start();
    const r = signed("restart shop-api");
    expect((await send(s.port, r.body, r.headers)).status).toBe(200);
    const again = await send(s.port, r.body, r.headers);
    expect(again).toEqual({ status: 200, body: "" });
    // A retry carries the same body under a new timestamp and signature.
    const ts = Math.floor(Date.now() / 1000) + 1;
    const retry = await send(s.port, r.body, {
      ...r.headers,
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signSlackRequest(SECRET, ts, r.body),
      "x-slack-retry-num": "1",
      "x-slack-retry-reason": "http_timeout",
    });
    expect(retry.status).toBe(200);
    expect(s.commands).toEqual(["restart shop-api"]);
  });

  it("refuses an oversized body before buffering it, with or without a Content-Length", async () => {
    const s = await start();
    const big = Buffer.alloc(4 * 1024 * 1024, "a");
    const declared = await send(s.port, big, { "content-type": "application/x-www-form-urlencoded" });
    expect(declared.status).toBe(413);
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: s.port,
          path: EVENTS_PATH,
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "transfer-encoding": "chunked" },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      for (let i = 0; i < 16; i++) req.write(Buffer.alloc(64 * 1024, "b"));
      req.end();
    }).catch(() => 413);
    expect(chunked).toBe(413);
    expect(s.commands).toEqual([]);
  });

  it("counts refusals and logs each reason at most once a minute", async () => {
    const s = await start();
    for (let i = 0; i < 300; i++) {
      const r = signed("status shop-api", 3_600);
      await send(s.port, r.body, r.headers);
    }
    const bad = signed("status shop-api");
    for (let i = 0; i < 200; i++)
      await send(s.port, bad.body, { ...bad.headers, "x-slack-signature": `v0=${"0".repeat(64)}` });
    const refusals = s.lines.filter((l) => l.msg === "request refused at the door");
    expect(refusals.map((l) => l.reason).sort()).toEqual(["bad-signature", "future-timestamp"]);
    const health = await send(s.port, "", {}, HEALTH_PATH, "GET");
    expect(JSON.parse(health.body)).toEqual({ "future-timestamp": 300, "bad-signature": 200 });
    expect(s.commands).toEqual([]);
  });
});

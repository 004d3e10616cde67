import { WebClient, WebClientEvent } from "@slack/web-api";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type SlackEmulator, startSlackEmulator } from "../../../src/sim/slack/server.ts";

let emu: SlackEmulator;
const client = (opts: ConstructorParameters<typeof WebClient>[1] = {}) =>
  new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 }, ...opts });
const caught = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as Record<string, unknown>,
  );

beforeEach(async () => {
  emu = await startSlackEmulator({ rateLimit: { perChannelPerSecond: 1 } });
  emu.channels.add({ id: "C0OPS", name: "ops" });
  emu.channels.add({ id: "C0DEV", name: "dev" });
});
afterEach(() => emu.close());

describe("fault injection", () => {
  it("a 429 with Retry-After is honoured by a retrying WebClient: second try succeeds, nothing lost or doubled", async () => {
    emu.faults.add({ method: "chat.postMessage", retryAfterSeconds: 1, times: 1 });
    const web = client({ retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 0 } });
    const rateLimited: number[] = [];
    web.on(WebClientEvent.RATE_LIMITED, (sec: number) => rateLimited.push(sec));
    const r = await web.chat.postMessage({ channel: "C0OPS", text: "digest" });
    expect(r.ok).toBe(true);
    expect(rateLimited).toEqual([1]);
    const attempts = emu.calls.filter((c) => c.method === "chat.postMessage");
    expect(attempts.map((c) => [c.status, c.error])).toEqual([
      [429, "ratelimited"],
      [200, undefined],
    ]);
    expect(emu.store.channelMessages("C0OPS").map((m) => m.text)).toEqual(["digest"]);
  });

  it("rejectRateLimitedCalls surfaces retryAfter at once", async () => {
    emu.faults.add({ method: /^chat\./, retryAfterSeconds: 7 });
    const err = await caught(
      client({ rejectRateLimitedCalls: true }).chat.update({ channel: "C0OPS", ts: "1.1", text: "x" }),
    );
    expect(err).toMatchObject({ code: "slack_webapi_rate_limited_error", retryAfter: 7 });
  });

  it("5xx faults are retried per retryConfig; with retries:0 they fail as WebAPIHTTPError", async () => {
    emu.faults.add({ method: "chat.postMessage", status: 503, times: 1 });
    expect(await caught(client().chat.postMessage({ channel: "C0OPS", text: "x" }))).toMatchObject({
      code: "slack_webapi_http_error",
      statusCode: 503,
    });
    emu.faults.add({ method: "chat.postMessage", status: 502, times: 2 });
    const ok = await client({ retryConfig: { retries: 2, minTimeout: 1, maxTimeout: 5 } }).chat.postMessage({
      channel: "C0DEV",
      text: "after 502s",
    });
    expect(ok.ok).toBe(true);
    expect(emu.calls.filter((c) => c.method === "chat.postMessage").map((c) => c.status)).toEqual([503, 502, 502, 200]);
  });

  it("ok:false faults carry extra fields and are not retried; clear() removes faults", async () => {
    emu.faults.add({
      method: "chat.postEphemeral",
      error: "missing_scope",
      extra: { needed: "chat:write", provided: "commands" },
    });
    const web = client({ retryConfig: { retries: 3, minTimeout: 1, maxTimeout: 2 } });
    const err = await caught(web.chat.postEphemeral({ channel: "C0OPS", user: "U1", text: "x" }));
    expect(err).toMatchObject({
      data: { ok: false, error: "missing_scope", needed: "chat:write", provided: "commands" },
    });
    expect(emu.calls.filter((c) => c.method === "chat.postEphemeral")).toHaveLength(1);
    emu.faults.clear();
    expect((await web.chat.postEphemeral({ channel: "C0OPS", user: "U1", text: "x" })).ok).toBe(true);
  });

  it("hang never answers (client timeout fires); latency only delays", async () => {
    emu.faults.add({ method: "auth.test", hang: true, times: 1 });
    expect(await caught(client({ timeout: 150 }).auth.test())).toMatchObject({ code: "slack_webapi_request_error" });
    emu.faults.add({ method: "auth.test", latencyMs: 50, times: 1 });
    expect((await client().auth.test()).ok).toBe(true);
  });

  it('the upload URL can fail too (pseudo-method "upload")', async () => {
    emu.faults.add({ method: "upload", status: 500, times: 1 });
    const err = await caught(
      client().files.uploadV2({ channel_id: "C0OPS", file: Buffer.from("x"), filename: "a.txt" }),
    );
    // makeRequest rejects any non-200 before uploadV2's own check: a WebAPIHTTPError, retried like any 5xx.
    expect(err).toMatchObject({ code: "slack_webapi_http_error", statusCode: 500 });
    expect(emu.calls.some((c) => c.method === "files.completeUploadExternal")).toBe(false);
  });
});

describe("per-channel rate limit (option on)", () => {
  it("refuses a second post in the same channel within a second with 429 + Retry-After: 1", async () => {
    const web = client({ rejectRateLimitedCalls: true });
    await web.chat.postMessage({ channel: "C0OPS", text: "one" });
    expect(await caught(web.chat.postMessage({ channel: "C0OPS", text: "two" }))).toMatchObject({
      code: "slack_webapi_rate_limited_error",
      retryAfter: 1,
    });
    expect((await web.chat.postMessage({ channel: "C0DEV", text: "other channel" })).ok).toBe(true);
    // chat.update is a different tier: not limited per channel.
    const ts = emu.store.channelMessages("C0OPS")[0].ts;
    expect((await web.chat.update({ channel: "C0OPS", ts, text: "one (edited)" })).ok).toBe(true);
    expect(emu.store.channelMessages("C0OPS").map((m) => m.text)).toEqual(["one (edited)"]);
  });

  it("a retrying client gets every message through, in order", async () => {
    const web = client({ retryConfig: { retries: 3, minTimeout: 0, maxTimeout: 0 } });
    for (const text of ["a", "b"]) await web.chat.postMessage({ channel: "C0OPS", text });
    expect(emu.store.channelMessages("C0OPS").map((m) => m.text)).toEqual(["a", "b"]);
    expect(emu.calls.some((c) => c.status === 429)).toBe(true);
  });

  it("is off by default", async () => {
    const plain = await startSlackEmulator();
    try {
      plain.channels.add({ id: "C1", name: "c" });
      const web = new WebClient(plain.botToken, { slackApiUrl: plain.apiUrl, rejectRateLimitedCalls: true });
      for (const text of ["a", "b", "c"]) await web.chat.postMessage({ channel: "C1", text });
      expect(plain.store.channelMessages("C1")).toHaveLength(3);
    } finally {
      await plain.close();
    }
  });
});

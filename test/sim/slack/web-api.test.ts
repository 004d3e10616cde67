import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackEmulator, startSlackEmulator } from "../../../src/sim/slack/server.ts";

let emu: SlackEmulator;
let web: WebClient;

/** The Slack error code a WebClient call failed with (WebAPIPlatformError.data). */
async function slackError(p: Promise<unknown>): Promise<{ error: string; [k: string]: unknown }> {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code?: string; data?: { error: string } } | undefined;
  expect(err?.code).toBe("slack_webapi_platform_error");
  return err!.data!;
}

beforeAll(async () => {
  emu = await startSlackEmulator();
  emu.channels.add({ id: "C0OPS", name: "ops" });
  emu.channels.add({ id: "C0OUT", name: "outside", is_member: false });
  emu.users.add({ id: "U0ALICE", name: "alice", tz: "Europe/Paris", is_admin: true });
  emu.usergroups.add({ id: "S0ONCALL", handle: "oncall", users: ["U0ALICE", "U0BOB"] });
  web = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(() => emu.close());

describe("auth", () => {
  it("auth.test answers the bot identity", async () => {
    const r = await web.auth.test();
    expect(r).toMatchObject({ ok: true, team_id: emu.team.id, user_id: emu.bot.userId, bot_id: emu.bot.botId });
  });

  it("missing token → not_authed, wrong token → invalid_auth, app token on chat → not_allowed_token_type", async () => {
    const anon = new WebClient(undefined, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
    expect((await slackError(anon.auth.test())).error).toBe("not_authed");
    const bad = new WebClient("xoxb-wrong", { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
    expect((await slackError(bad.auth.test())).error).toBe("invalid_auth");
    const app = new WebClient(emu.appToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
    expect((await slackError(app.chat.postMessage({ channel: "C0OPS", text: "x" }))).error).toBe(
      "not_allowed_token_type",
    );
    expect((await slackError(web.apps.connections.open({}))).error).toBe("not_allowed_token_type");
  });

  it("accepts JSON bodies with a Bearer token, and the token as a form field", async () => {
    const json = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.botToken}`, "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ channel: "C0OPS", text: "via json", blocks: [{ type: "divider" }] }),
    }).then((r) => r.json());
    expect(json).toMatchObject({
      ok: true,
      channel: "C0OPS",
      message: { text: "via json", blocks: [{ type: "divider" }] },
    });
    const form = await fetch(`${emu.apiUrl}auth.test`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: emu.botToken }).toString(),
    }).then((r) => r.json());
    expect(form).toMatchObject({ ok: true, user_id: emu.bot.userId });
    const last = emu.calls.at(-1)!;
    expect(last.method).toBe("auth.test");
    expect(last.body).not.toHaveProperty("token");
  });
});

describe("chat", () => {
  it("postMessage stores the message and returns Slack's shape; replies thread under the parent", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*api* is degraded" } }];
    const parent = await web.chat.postMessage({ channel: "C0OPS", text: "api is degraded", blocks });
    expect(parent).toMatchObject({
      ok: true,
      channel: "C0OPS",
      message: { type: "message", bot_id: emu.bot.botId, blocks },
    });
    expect(parent.ts).toMatch(/^\d{10}\.\d{6}$/);
    const reply = await web.chat.postMessage({ channel: "C0OPS", text: "details", thread_ts: parent.ts });
    const nested = await web.chat.postMessage({ channel: "C0OPS", text: "more", thread_ts: reply.ts });
    expect(Number(reply.ts)).toBeGreaterThan(Number(parent.ts));
    expect(emu.store.findMessage("C0OPS", parent.ts!)).toMatchObject({
      text: "api is degraded",
      blocks,
      user: emu.bot.userId,
    });
    expect(emu.store.thread("C0OPS", parent.ts!).map((m) => m.ts)).toEqual([reply.ts, nested.ts]);
    const call = emu.calls.findLast((c) => c.method === "chat.postMessage")!;
    expect(call).toMatchObject({ ok: true, status: 200, body: { channel: "C0OPS", thread_ts: reply.ts } });
  });

  it("conversations.replies lists the parent then its replies, metadata only when asked, thread_not_found otherwise", async () => {
    const parent = await web.chat.postMessage({ channel: "C0OPS", text: "Restart shop-api?" });
    const metadata = { event_type: "appsvc_verification", event_payload: { approval: "a-1" } };
    const r1 = await web.chat.postMessage({ channel: "C0OPS", text: "Watching…", thread_ts: parent.ts });
    const r2 = await web.chat.postMessage({ channel: "C0OPS", text: "recovered", thread_ts: parent.ts, metadata });
    const all = await web.conversations.replies({ channel: "C0OPS", ts: parent.ts!, include_all_metadata: true });
    expect(all.messages?.map((m) => m.ts)).toEqual([parent.ts, r1.ts, r2.ts]);
    expect(all.messages?.[2]?.metadata).toEqual(metadata);
    const plain = await web.conversations.replies({ channel: "C0OPS", ts: parent.ts! });
    expect(plain.messages?.[2]?.metadata).toBeUndefined();
    const paged = await web.conversations.replies({ channel: "C0OPS", ts: parent.ts!, limit: 2 });
    expect(paged).toMatchObject({ has_more: true, response_metadata: { next_cursor: "2" } });
    const since = await web.conversations.replies({ channel: "C0OPS", ts: parent.ts!, oldest: r1.ts });
    expect(since.messages?.map((m) => m.ts)).toEqual([parent.ts, r2.ts]);
    expect((await slackError(web.conversations.replies({ channel: "C0OPS", ts: "1.000001" }))).error).toBe(
      "thread_not_found",
    );
    expect((await slackError(web.conversations.replies({ channel: "C0OUT", ts: parent.ts! }))).error).toBe(
      "not_in_channel",
    );
  });

  it("update keeps a history; postEphemeral and delete work; errors use Slack's codes", async () => {
    const { ts } = await web.chat.postMessage({ channel: "C0OPS", text: "Restart api?" });
    const up = await web.chat.update({ channel: "C0OPS", ts: ts!, text: "Restarting api…" });
    expect(up).toMatchObject({ ok: true, channel: "C0OPS", ts, text: "Restarting api…" });
    await web.chat.update({ channel: "C0OPS", ts: ts!, text: "Restarted api" });
    const m = emu.store.findMessage("C0OPS", ts!)!;
    expect(m.text).toBe("Restarted api");
    expect(m.updates.map((u) => u.text)).toEqual(["Restarting api…", "Restarted api"]);

    const eph = await web.chat.postEphemeral({ channel: "C0OPS", user: "U0ALICE", text: "only you" });
    expect(emu.store.ephemeralsFor("U0ALICE", "C0OPS").at(-1)).toMatchObject({ ts: eph.message_ts, text: "only you" });

    await web.chat.delete({ channel: "C0OPS", ts: ts! });
    expect(emu.store.findMessage("C0OPS", ts!)!.deleted).toBe(true);
    expect((await slackError(web.chat.update({ channel: "C0OPS", ts: ts!, text: "x" }))).error).toBe(
      "message_not_found",
    );
    expect((await slackError(web.chat.postMessage({ channel: "C0NOPE", text: "x" }))).error).toBe("channel_not_found");
    expect((await slackError(web.chat.postMessage({ channel: "C0OUT", text: "x" }))).error).toBe("not_in_channel");
    expect((await slackError(web.chat.postMessage({ channel: "C0OPS", text: "" }))).error).toBe("no_text");
    expect((await slackError(web.chat.postMessage({ channel: "C0OPS", text: "x", thread_ts: "1.000001" }))).error).toBe(
      "thread_not_found",
    );
    const failed = emu.calls.findLast((c) => c.method === "chat.postMessage")!;
    expect(failed).toMatchObject({ ok: false, error: "thread_not_found", status: 200 });
  });

  it("rejects oversize text with msg_too_long and bad blocks with invalid_blocks + response_metadata.messages", async () => {
    const before = emu.store.messages.length;
    expect((await slackError(web.chat.postMessage({ channel: "C0OPS", text: "x".repeat(40_001) }))).error).toBe(
      "msg_too_long",
    );
    const data = await slackError(
      web.chat.postMessage({
        channel: "C0OPS",
        text: "fallback",
        blocks: [{ type: "header", text: { type: "plain_text", text: "h".repeat(151) } }],
      }),
    );
    expect(data).toMatchObject({
      error: "invalid_blocks",
      response_metadata: { messages: ["[ERROR] must be less than 151 characters [json-pointer:/blocks/0/text/text]"] },
    });
    const tooMany = Array.from({ length: 51 }, () => ({ type: "divider" }));
    expect((await slackError(web.chat.postMessage({ channel: "C0OPS", text: "t", blocks: tooMany }))).error).toBe(
      "invalid_blocks",
    );
    const raw = await fetch(`${emu.apiUrl}chat.postMessage`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.botToken}`, "content-type": "application/x-www-form-urlencoded" },
      body: "channel=C0OPS&text=t&blocks=%5Bnot-json",
    }).then((r) => r.json());
    expect(raw).toEqual({ ok: false, error: "invalid_blocks_format" });
    expect(emu.store.messages.length).toBe(before);
    expect((await web.chat.postMessage({ channel: "C0OPS", text: "x".repeat(40_000) })).ok).toBe(true);
  });

  it("posting to a user id opens the DM", async () => {
    const r = await web.chat.postMessage({ channel: "U0ALICE", text: "your digest" });
    expect(r.channel).toMatch(/^D/);
    const open = await web.conversations.open({ users: "U0ALICE" });
    expect(open.channel?.id).toBe(r.channel);
    expect(emu.store.channelMessages(r.channel!).map((m) => m.text)).toEqual(["your digest"]);
  });
});

describe("directory", () => {
  it("users.info reports tz, tz_label and a DST-aware tz_offset", async () => {
    const r = await web.users.info({ user: "U0ALICE" });
    expect(r.user).toMatchObject({ id: "U0ALICE", name: "alice", tz: "Europe/Paris", is_admin: true, is_bot: false });
    const offset = r.user!.tz_offset!;
    expect([3600, 7200]).toContain(offset);
    expect(r.user!.tz_label).toBe(offset === 3600 ? "Central European Standard Time" : "Central European Summer Time");
    expect((await slackError(web.users.info({ user: "U0NOBODY" }))).error).toBe("user_not_found");
  });

  it("tz_offset follows the emulated clock across a DST change", async () => {
    let now = Date.parse("2026-01-15T12:00:00Z");
    const e2 = await startSlackEmulator({ clock: { now: () => now } });
    try {
      e2.users.add({ id: "U1", name: "bob", tz: "America/New_York" });
      const c = new WebClient(e2.botToken, { slackApiUrl: e2.apiUrl, retryConfig: { retries: 0 } });
      expect((await c.users.info({ user: "U1" })).user).toMatchObject({
        tz_offset: -18000,
        tz_label: "Eastern Standard Time",
      });
      now = Date.parse("2026-07-15T12:00:00Z");
      expect((await c.users.info({ user: "U1" })).user).toMatchObject({
        tz_offset: -14400,
        tz_label: "Eastern Daylight Time",
      });
      expect(() => e2.users.add({ id: "U2", name: "x", tz: "Mars/Olympus" })).toThrow(RangeError);
    } finally {
      await e2.close();
    }
  });

  it("usergroups.users.list and conversations.info", async () => {
    expect((await web.usergroups.users.list({ usergroup: "S0ONCALL" })).users).toEqual(["U0ALICE", "U0BOB"]);
    expect((await slackError(web.usergroups.users.list({ usergroup: "S0NONE" }))).error).toBe("no_such_subteam");
    expect((await web.conversations.info({ channel: "C0OPS" })).channel).toMatchObject({
      id: "C0OPS",
      name: "ops",
      is_member: true,
    });
    expect((await slackError(web.conversations.info({ channel: "C0NOPE" }))).error).toBe("channel_not_found");
  });
});

describe("views.publish and reactions", () => {
  it("stores the App Home per user, enforces 100 blocks and the hash", async () => {
    const view = {
      type: "home" as const,
      blocks: [{ type: "section", text: { type: "mrkdwn", text: "Fleet: 3 apps" } }],
    };
    const r = await web.views.publish({ user_id: "U0ALICE", view });
    expect(r.view).toMatchObject({ type: "home", blocks: view.blocks, app_id: emu.bot.appId });
    expect(emu.store.views.get("U0ALICE")).toMatchObject({ publishCount: 1, view });
    const again = await web.views.publish({ user_id: "U0ALICE", view, hash: r.view!.hash });
    expect(again.view?.id).toBe(r.view?.id);
    expect((await slackError(web.views.publish({ user_id: "U0ALICE", view, hash: "stale" }))).error).toBe(
      "hash_conflict",
    );
    const big = { type: "home" as const, blocks: Array.from({ length: 101 }, () => ({ type: "divider" })) };
    const data = await slackError(web.views.publish({ user_id: "U0ALICE", view: big }));
    expect(data).toMatchObject({
      error: "invalid_arguments",
      response_metadata: { messages: ["[ERROR] no more than 100 items allowed [json-pointer:/view/blocks]"] },
    });
    expect(emu.store.views.get("U0ALICE")!.publishCount).toBe(2);
  });

  it("reactions.add / remove", async () => {
    const { ts } = await web.chat.postMessage({ channel: "C0OPS", text: "done" });
    await web.reactions.add({ channel: "C0OPS", timestamp: ts!, name: "white_check_mark" });
    expect(emu.store.reactions).toContainEqual({
      channel: "C0OPS",
      ts,
      name: "white_check_mark",
      user: emu.bot.userId,
    });
    expect(
      (await slackError(web.reactions.add({ channel: "C0OPS", timestamp: ts!, name: "white_check_mark" }))).error,
    ).toBe("already_reacted");
    await web.reactions.remove({ channel: "C0OPS", timestamp: ts!, name: "white_check_mark" });
    expect(emu.store.reactions.filter((r) => r.ts === ts)).toEqual([]);
  });
});

import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackEmulator, startSlackEmulator } from "../../../src/sim/slack/server.ts";

let now = Date.parse("2026-03-02T07:59:00Z");
let emu: SlackEmulator;
let web: WebClient;
const nowS = () => Math.floor(now / 1000);

beforeAll(async () => {
  emu = await startSlackEmulator({ clock: { now: () => now } });
  emu.channels.add({ id: "C0OPS", name: "ops" });
  web = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(() => emu.close());

describe("chat.scheduleMessage on the emulated clock", () => {
  it("delivers when the clock reaches post_at; deleted ones never arrive", async () => {
    const digest = await web.chat.scheduleMessage({ channel: "C0OPS", text: "Morning digest", post_at: nowS() + 60 });
    const dropped = await web.chat.scheduleMessage({ channel: "C0OPS", text: "dropped", post_at: nowS() + 60 });
    expect(digest).toMatchObject({ ok: true, channel: "C0OPS", post_at: nowS() + 60 });
    await web.chat.deleteScheduledMessage({ channel: "C0OPS", scheduled_message_id: dropped.scheduled_message_id! });
    const listed = await web.chat.scheduledMessages.list({ channel: "C0OPS" });
    expect(listed.scheduled_messages?.map((s) => s.id)).toEqual([digest.scheduled_message_id]);
    expect(emu.store.channelMessages("C0OPS")).toHaveLength(0);

    now += 61_000;
    const msg = await emu.driver.waitFor((s) => s.channelMessages("C0OPS")[0]);
    expect(msg).toMatchObject({ text: "Morning digest", via: "chat.scheduleMessage" });
    expect(Math.floor(Number(msg.ts))).toBe(nowS());
    expect(emu.store.channelMessages("C0OPS").map((m) => m.text)).toEqual(["Morning digest"]);
    expect((await web.chat.scheduledMessages.list({})).scheduled_messages).toEqual([]);
  });

  it("rejects times in the past or beyond 120 days", async () => {
    const err = (p: Promise<unknown>) =>
      p.then(
        () => "ok",
        (e: { data: { error: string } }) => e.data.error,
      );
    expect(await err(web.chat.scheduleMessage({ channel: "C0OPS", text: "x", post_at: nowS() - 1 }))).toBe(
      "time_in_past",
    );
    expect(await err(web.chat.scheduleMessage({ channel: "C0OPS", text: "x", post_at: nowS() + 121 * 86400 }))).toBe(
      "time_too_far",
    );
  });

  it("chat.getPermalink points at the message", async () => {
    const { ts } = await web.chat.postMessage({ channel: "C0OPS", text: "link me" });
    const r = await web.chat.getPermalink({ channel: "C0OPS", message_ts: ts! });
    expect(r.permalink).toBe(`https://${emu.team.domain}.slack.com/archives/C0OPS/p${ts!.replace(".", "")}`);
  });
});

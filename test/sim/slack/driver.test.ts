import { isValidSlackRequest } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackEmulator, startSlackEmulator } from "../../../src/sim/slack/server.ts";
import { type Captured, startCaptureServer } from "./capture-server.ts";

let emu: SlackEmulator;
let bot: Awaited<ReturnType<typeof startCaptureServer>>;

const verify = (r: Captured, secret: string, nowMilliseconds?: number) =>
  isValidSlackRequest({
    signingSecret: secret,
    body: r.body,
    headers: {
      "x-slack-signature": String(r.headers["x-slack-signature"]),
      "x-slack-request-timestamp": Number(r.headers["x-slack-request-timestamp"]),
    },
    nowMilliseconds,
  });

beforeAll(async () => {
  emu = await startSlackEmulator({ signingSecret: "driver-test-secret" });
  emu.channels.add({ id: "C0OPS", name: "ops" });
  emu.users.add({ id: "U0ALICE", name: "alice" });
  bot = await startCaptureServer();
});
afterAll(async () => {
  await bot.close();
  await emu.close();
});

describe("driver wire format (HTTP mode)", () => {
  it("slashCommand posts a signed form body exactly as Slack does", async () => {
    const r = await emu.driver.slashCommand(`${bot.url}/`, { text: "restart api & <!channel>" });
    expect(r.status).toBe(200);
    const req = bot.requests.at(-1)!;
    expect(req.path).toBe("/slack/events");
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(verify(req, "driver-test-secret")).toBe(true);
    const f = Object.fromEntries(new URLSearchParams(req.body));
    expect(f).toMatchObject({
      command: "/appsvc",
      text: "restart api & <!channel>",
      team_id: emu.team.id,
      team_domain: emu.team.domain,
      channel_id: "C0OPS",
      channel_name: "ops",
      user_id: "U0ALICE",
      user_name: "alice",
      api_app_id: emu.bot.appId,
      response_url: r.responseUrl,
      trigger_id: r.triggerId,
    });
    expect(r.responseUrl.startsWith(`${emu.url}/response/`)).toBe(true);
    const again = await emu.driver.slashCommand(bot.url, { text: "x" });
    expect(again.responseUrl).not.toBe(r.responseUrl);
    expect(again.triggerId).not.toBe(r.triggerId);
  });

  it("badSignature and timestampOffsetSeconds produce requests Bolt's verifier rejects", async () => {
    await emu.driver.slashCommand(bot.url, { text: "x" }, { badSignature: true });
    expect(verify(bot.requests.at(-1)!, "driver-test-secret")).toBe(false);
    await emu.driver.slashCommand(bot.url, { text: "x" }, { timestampOffsetSeconds: -301 });
    const stale = bot.requests.at(-1)!;
    expect(Number(stale.headers["x-slack-request-timestamp"])).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) - 301);
    expect(verify(stale, "driver-test-secret")).toBe(false);
  });

  it("clickButton sends a block_actions payload for a stored message's button", async () => {
    const web = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
    const { ts } = await web.chat.postMessage({
      channel: "C0OPS",
      text: "Restart api?",
      blocks: [
        {
          type: "actions",
          block_id: "restart",
          elements: [
            {
              type: "button",
              action_id: "approve",
              style: "primary",
              value: "api",
              text: { type: "plain_text", text: "Approve" },
            },
          ],
        },
      ],
    });
    const r = await emu.driver.clickButton(bot.url, {
      channelId: "C0OPS",
      messageTs: ts!,
      actionId: "approve",
      userId: "U0ALICE",
    });
    expect(r.status).toBe(200);
    const req = bot.requests.at(-1)!;
    expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(verify(req, "driver-test-secret")).toBe(true);
    const payload = JSON.parse(new URLSearchParams(req.body).get("payload")!);
    expect(payload).toMatchObject({
      type: "block_actions",
      user: { id: "U0ALICE", name: "alice" },
      container: { type: "message", message_ts: ts, channel_id: "C0OPS", is_ephemeral: false },
      channel: { id: "C0OPS", name: "ops" },
      message: { ts, text: "Restart api?", bot_id: emu.bot.botId },
      actions: [{ action_id: "approve", block_id: "restart", type: "button", value: "api", style: "primary" }],
    });
    expect(payload.response_url).toMatch(/\/response\//);
    await expect(
      emu.driver.clickButton(bot.url, { channelId: "C0OPS", messageTs: ts!, actionId: "nope" }),
    ).rejects.toThrow(/no element with action_id "nope"/);
  });

  it("a slash command's ack body is shown like Slack shows it; invalid content is reported as ackError", async () => {
    bot.reply.status = 200;
    bot.reply.contentType = "application/json";
    bot.reply.body = JSON.stringify({ response_type: "in_channel", text: "Checking api…" });
    const shown = await emu.driver.slashCommand(bot.url, { text: "status api" });
    expect(shown.ackError).toBeUndefined();
    expect(emu.store.channelMessages("C0OPS").at(-1)).toMatchObject({ text: "Checking api…", via: "command_ack" });

    bot.reply.contentType = undefined;
    bot.reply.body = "plain text ack";
    await emu.driver.slashCommand(bot.url, { text: "status api", userId: "U0ALICE" });
    expect(emu.store.ephemeralsFor("U0ALICE").at(-1)).toMatchObject({ text: "plain text ack", via: "command_ack" });

    bot.reply.contentType = "application/json";
    bot.reply.body = JSON.stringify({ text: "t", blocks: [{ type: "header", text: { type: "mrkdwn", text: "h" } }] });
    expect((await emu.driver.slashCommand(bot.url, { text: "x" })).ackError).toBe("invalid_blocks");
    Object.assign(bot.reply, { status: 200, body: "", contentType: undefined });
  });

  it("waitFor resolves with the predicate's value, or throws with a store dump", async () => {
    setTimeout(() => emu.store.reactions.push({ channel: "C0OPS", ts: "1.2", name: "eyes", user: "U0BOT" }), 30);
    const hit = await emu.driver.waitFor((s) => s.reactions.find((x) => x.name === "eyes"));
    expect(hit.ts).toBe("1.2");
    await expect(emu.driver.waitFor((s) => s.reactions.length > 99, 50)).rejects.toThrow(/Store:[\s\S]*"reactions"/);
  });

  it("socket* methods fail clearly when no app is connected", async () => {
    expect(emu.socket.connected()).toBe(0);
    await expect(emu.driver.socketSlashCommand({ text: "x" })).rejects.toThrow(/no Socket Mode connection/);
  });
});

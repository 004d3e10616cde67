// A real Bolt app in HTTP mode, driven over the wire by the emulator's driver.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackEmulator, startSlackEmulator } from "../../../src/sim/slack/server.ts";

let emu: SlackEmulator;
let app: App;
let botUrl: string;
const runs = { command: 0, action: 0 };

beforeAll(async () => {
  emu = await startSlackEmulator(); // before new App(): the constructor calls auth.test at once
  emu.channels.add({ id: "C0OPS", name: "ops" });
  app = new App({
    token: emu.botToken,
    signingSecret: emu.signingSecret,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } },
  });
  app.command("/appsvc", async ({ ack, command, respond, client }) => {
    runs.command += 1;
    await ack({ response_type: "ephemeral", text: `Working on ${command.text}` });
    await respond({ response_type: "in_channel", text: `<@${command.user_id}> asked for ${command.text}` });
    await client.chat.postMessage({
      channel: command.channel_id,
      text: `Restart ${command.text}?`,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `Restart *${command.text}*?` } },
        {
          type: "actions",
          block_id: "restart",
          elements: [
            {
              type: "button",
              action_id: "approve",
              style: "primary",
              value: command.text,
              text: { type: "plain_text", text: "Approve" },
            },
          ],
        },
      ],
    });
  });
  app.action("approve", async ({ ack, body, action, client, respond }) => {
    runs.action += 1;
    await ack();
    const b = body as { channel: { id: string }; message: { ts: string }; user: { id: string } };
    const value = (action as { value?: string }).value;
    await client.chat.update({
      channel: b.channel.id,
      ts: b.message.ts,
      text: `Restarting ${value}, approved by <@${b.user.id}>`,
    });
    await respond({ text: "Approved." });
  });
  const server = (await app.start(0)) as unknown as Server;
  botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app.stop();
  await emu.close();
});

describe("Bolt HTTP mode against the emulator", () => {
  it("new App() fires auth.test on its own, before any request (it may still be in flight after start)", async () => {
    await emu.driver.waitFor(() => emu.calls.length > 0);
    expect(emu.calls[0]).toMatchObject({ method: "auth.test", ok: true });
  });

  it("a slash command is acked with the ack body, then respond() and chat.postMessage land in the store", async () => {
    const r = await emu.driver.slashCommand(botUrl, { text: "api" });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ response_type: "ephemeral", text: "Working on api" });
    expect(r.ackMs).toBeGreaterThan(0);
    expect(emu.store.ephemeralsFor("U0ALICE", "C0OPS").map((e) => [e.text, e.via])).toContainEqual([
      "Working on api",
      "command_ack",
    ]);
    const prompt = await emu.driver.waitFor((s) => s.channelMessages("C0OPS").find((m) => m.text === "Restart api?"));
    expect(prompt.blocks).toHaveLength(2);
    expect(emu.store.channelMessages("C0OPS").map((m) => m.text)).toContain("<@U0ALICE> asked for api");
    // Bolt adds team_id from the payload to every Web API call.
    expect(emu.calls.find((c) => c.method === "chat.postMessage")?.body.team_id).toBe(emu.team.id);
  });

  it("the Approve button runs the action: chat.update edits the prompt, respond() answers ephemerally", async () => {
    const prompt = emu.store.channelMessages("C0OPS").find((m) => m.text === "Restart api?")!;
    const r = await emu.driver.clickButton(botUrl, { channelId: "C0OPS", messageTs: prompt.ts, actionId: "approve" });
    expect([r.status, r.body]).toEqual([200, ""]);
    await emu.driver.waitFor(
      (s) => s.findMessage("C0OPS", prompt.ts)?.text === "Restarting api, approved by <@U0ALICE>",
    );
    await emu.driver.waitFor((s) => s.ephemeralsFor("U0ALICE").some((e) => e.text === "Approved."));
    expect(runs.action).toBe(1);
  });

  it("a bad signature or a stale timestamp gets 401 without running the listener", async () => {
    const before = { ...runs };
    const bad = await emu.driver.slashCommand(botUrl, { text: "api" }, { badSignature: true });
    const stale = await emu.driver.slashCommand(botUrl, { text: "api" }, { timestampOffsetSeconds: -301 });
    const prompt = emu.store.channelMessages("C0OPS").find((m) => m.text.startsWith("Restart"))!;
    const click = await emu.driver.clickButton(
      botUrl,
      { channelId: "C0OPS", messageTs: prompt.ts, actionId: "approve" },
      { badSignature: true },
    );
    expect([bad.status, stale.status, click.status]).toEqual([401, 401, 401]);
    expect(runs).toEqual(before);
    // Bolt has no future bound on the timestamp (the bot's own door adds one: src/door): a request from "the future" passes.
    const future = await emu.driver.slashCommand(botUrl, { text: "db" }, { timestampOffsetSeconds: 600 });
    expect(future.status).toBe(200);
    expect(runs.command).toBe(before.command + 1);
    // Let the listener finish its Web API calls before afterAll closes the emulator.
    await emu.driver.waitFor((s) => s.channelMessages("C0OPS").some((m) => m.text === "Restart db?"));
  });
});

// A real Bolt app in Socket Mode connected to the emulator's WebSocket.
import { App, LogLevel, SocketModeReceiver } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { type SlackEmulator, startSlackEmulator } from "../../../src/sim/slack/server.ts";

let emu: SlackEmulator | undefined;
let app: App | undefined;

afterEach(async () => {
  await app?.stop();
  // app.stop() does not await the close handshake: wait for the server side.
  if (emu) await emu.driver.waitFor(() => emu!.socket.connected() === 0, 2000).catch(() => undefined);
  await emu?.close();
  app = undefined;
  emu = undefined;
});

function registerListeners(a: App): void {
  a.command("/appsvc", async ({ ack, command, client }) => {
    await ack({ response_type: "ephemeral", text: `ok ${command.text}` });
    await client.chat.postMessage({
      channel: command.channel_id,
      text: `Restart ${command.text}?`,
      blocks: [
        {
          type: "actions",
          elements: [
            {
              type: "button",
              action_id: "approve",
              value: command.text,
              text: { type: "plain_text", text: "Approve" },
            },
          ],
        },
      ],
    });
  });
  a.action("approve", async ({ ack, body, client }) => {
    await ack();
    const b = body as { channel: { id: string }; message: { ts: string } };
    await client.chat.update({ channel: b.channel.id, ts: b.message.ts, text: "Approved" });
  });
  a.event("app_home_opened", async ({ event, client }) => {
    await client.views.publish({
      user_id: event.user,
      view: { type: "home", blocks: [{ type: "section", text: { type: "mrkdwn", text: "Fleet overview" } }] },
    });
  });
}

describe("Bolt Socket Mode against the emulator", () => {
  it("connects (hello), gets envelopes for commands, buttons and events, and acks each", async () => {
    emu = await startSlackEmulator();
    emu.channels.add({ id: "C0OPS", name: "ops" });
    app = new App({
      token: emu.botToken,
      appToken: emu.appToken,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } },
    });
    registerListeners(app);
    await app.start();
    expect(emu.socket.connected()).toBe(1);
    expect(emu.calls.find((c) => c.method === "apps.connections.open")).toMatchObject({ ok: true });

    const cmd = await emu.driver.socketSlashCommand({ text: "api" });
    expect(cmd.ack).toEqual({ response_type: "ephemeral", text: "ok api" });
    expect(emu.store.ephemeralsFor("U0ALICE").map((e) => e.text)).toEqual(["ok api"]);
    const prompt = await emu.driver.waitFor((s) => s.channelMessages("C0OPS").find((m) => m.text === "Restart api?"));

    const click = await emu.driver.socketClickButton({ channelId: "C0OPS", messageTs: prompt.ts, actionId: "approve" });
    expect(click.ack).toEqual({});
    await emu.driver.waitFor((s) => s.findMessage("C0OPS", prompt.ts)?.text === "Approved");

    const ev = await emu.driver.socketEvent({
      type: "app_home_opened",
      user: "U0ALICE",
      channel: "D0ALICE",
      tab: "home",
    });
    expect(ev.ackMs).toBeGreaterThanOrEqual(0);
    const home = await emu.driver.waitFor((s) => s.views.get("U0ALICE"));
    expect(home.view).toMatchObject({ type: "home" });
    expect(emu.socket.acks).toHaveLength(3);
  });

  it("a disconnect frame makes the client reconnect through apps.connections.open", async () => {
    emu = await startSlackEmulator();
    emu.channels.add({ id: "C0OPS", name: "ops" });
    const clientOptions = { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } };
    // App({ socketMode: true }) cannot set clientPingTimeout, which is also the reconnect delay (default 5 s).
    const receiver = new SocketModeReceiver({
      appToken: emu.appToken,
      clientPingTimeout: 1000,
      logLevel: LogLevel.ERROR,
      installerOptions: { clientOptions },
    });
    app = new App({ token: emu.botToken, receiver, logLevel: LogLevel.ERROR, clientOptions });
    registerListeners(app);
    await app.start();
    expect(emu.socket.connectionCount()).toBe(1);

    emu.socket.disconnect("refresh_requested");
    expect(emu.socket.connected()).toBe(0);
    await emu.socket.waitForConnection(5000);
    expect(emu.socket.connectionCount()).toBe(2);
    expect(emu.calls.filter((c) => c.method === "apps.connections.open")).toHaveLength(2);
    const cmd = await emu.driver.socketSlashCommand({ text: "web" });
    expect(cmd.ack).toEqual({ response_type: "ephemeral", text: "ok web" });
  });

  it("apps.connections.open refuses the bot token, and the link refuses unknown tickets", async () => {
    emu = await startSlackEmulator();
    const viaBot = await fetch(`${emu.apiUrl}apps.connections.open`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.botToken}` },
    }).then((r) => r.json());
    expect(viaBot).toEqual({ ok: false, error: "not_allowed_token_type" });
    const ws = new WebSocket(`${emu.url.replace("http", "ws")}/link/?ticket=forged`);
    const outcome = await new Promise<string>((resolve) => {
      ws.onopen = () => resolve("open");
      ws.onerror = () => resolve("error");
    });
    expect(outcome).toBe("error");
    expect(emu.socket.connected()).toBe(0);
  });
});

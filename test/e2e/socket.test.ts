// The same bot in Socket Mode (SLACK_APP_TOKEN set): envelopes over the emulator's WebSocket, acks as
// envelope payloads, answers through the Web API, /healthz on its own small server.
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type Azure,
  blockText,
  type Harness,
  newChannel,
  PNG_MAGIC,
  startAzure,
  startHarness,
  USER,
} from "./harness.ts";

let azure: Azure;
let h: Harness;

beforeAll(async () => {
  azure = await startAzure();
  h = await startHarness(azure, { mode: "socket" });
});
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

it("connects over the WebSocket and serves /healthz on PORT", async () => {
  expect(h.emu.socket.connected()).toBe(1);
  expect(h.emu.calls.some((c) => c.method === "apps.connections.open" && c.ok)).toBe(true);
  const res = await fetch(`${h.botUrl}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: "ok" });
});

it("help is the ack payload itself", async () => {
  const channel = newChannel(h);
  const { ack } = await h.emu.driver.socketSlashCommand({ text: "help", channelId: channel });
  expect(ack).toMatchObject({ response_type: "ephemeral" });
  expect(h.emu.store.ephemeralsFor(USER, channel)[0].text).toMatch(/commands/);
});

it("a write verb answers that approvals are coming", async () => {
  const channel = newChannel(h);
  await h.emu.driver.socketSlashCommand({ text: "restart shop-api", channelId: channel });
  expect(h.emu.store.ephemeralsFor(USER, channel)[0].text).toMatch(/nothing was changed/i);
});

let statusChannel = "";
let statusTs = "";

it("status: progress, update in place, the PNG in the thread", async () => {
  statusChannel = newChannel(h);
  const { ack } = await h.emu.driver.socketSlashCommand({
    text: "status shop-api --window 3h",
    channelId: statusChannel,
  });
  expect(ack).toEqual({});
  await h.idle();
  const [m] = h.emu.store.channelMessages(statusChannel);
  statusTs = m.ts;
  expect(m.text).toMatch(/shop-api: 🟠 incident ended — R08/); // S1 recovered at T0+100
  expect(m.updates).toHaveLength(1);
  const png = h.emu.store.filesIn(statusChannel, m.ts).find((f) => f.name.endsWith(".png"));
  expect(png?.bytes?.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
});

it("the Diagnose button answers in the thread; a fix button ephemerally", async () => {
  const click = await h.emu.driver.socketClickButton({
    channelId: statusChannel,
    messageTs: statusTs,
    actionId: "appsvc_diagnose",
  });
  expect(click.ack).toEqual({});
  await h.idle();
  const diagnosis = h.emu.store.thread(statusChannel, statusTs).find((r) => r.via === "chat.postMessage");
  expect(diagnosis?.text).toMatch(/R08|Memory/);

  await h.emu.driver.socketClickButton({
    channelId: statusChannel,
    messageTs: statusTs,
    actionId: "appsvc_mitigate_0",
  });
  await h.emu.driver.waitFor((s) =>
    s.ephemeralsFor(USER, statusChannel).find((e) => /nothing was changed/i.test(e.text)),
  );
});

it("diagnose as a command", async () => {
  const channel = newChannel(h);
  await h.emu.driver.socketSlashCommand({ text: "diagnose shop-api", channelId: channel });
  await h.idle();
  const [m] = h.emu.store.channelMessages(channel);
  expect(blockText(m.blocks)).toMatch(/Memory exhaustion/);
});

it("app_home_opened publishes the Home tab", async () => {
  await h.emu.driver.socketEvent({ type: "app_home_opened", user: USER, channel: "D0ALICE", tab: "home" });
  const view = await h.emu.driver.waitFor((s) => s.views.get(USER));
  expect(JSON.stringify(view.view)).toContain("shop-api");
});

it("no secret reached the logs", () => {
  const all = h.logs.join("\n");
  for (const secret of [h.emu.botToken, h.emu.signingSecret, h.emu.appToken]) expect(all).not.toContain(secret);
});

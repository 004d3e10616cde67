// Every /appsvc verb, both buttons and App Home through the real Bolt app in HTTP mode (signed requests),
// answered against the Azure simulator (S1: shop-api's memory leak) and seen in the Slack emulator's store.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offThreadMetricsStats } from "../../src/digests/metrics-off-thread.ts";
import type { StoredMessage } from "../../src/sim/slack/store.ts";
import {
  type Azure,
  blockText,
  type Harness,
  newChannel,
  openHome,
  PNG_MAGIC,
  startAzure,
  startHarness,
  USER,
} from "./harness.ts";

let azure: Azure;
let h: Harness;

beforeAll(async () => {
  azure = await startAzure();
  h = await startHarness(azure);
});
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

/** Sends the command, waits for the bot to finish, and returns the channel's top-level messages. */
async function run(text: string, channel = newChannel(h), userId = USER) {
  const ack = await h.emu.driver.slashCommand(h.botUrl, { text, channelId: channel, userId });
  expect(ack.status).toBe(200);
  await h.idle();
  return { ack, channel, messages: h.emu.store.channelMessages(channel) };
}

/** The one answer message: posted as "⏳ …" and then updated in place. */
function answerOf(messages: StoredMessage[]): StoredMessage {
  expect(messages).toHaveLength(1);
  const m = messages[0];
  expect(m.updates.length).toBeGreaterThanOrEqual(1);
  return m;
}

describe("answered in the ack (ephemeral, no Azure call)", () => {
  it("help lists the commands; help <verb> explains one", async () => {
    const before = h.azureCalls();
    const { ack, channel, messages } = await run("help");
    expect(messages).toEqual([]);
    const shown = h.emu.store.ephemeralsFor(USER, channel);
    expect(shown).toHaveLength(1);
    expect(blockText(shown[0].blocks)).toContain("/appsvc status");
    // Read-only (no policy): help lists only what the caller may use, and says why the writes are missing.
    expect(blockText(shown[0].blocks)).not.toContain("/appsvc restart");
    expect(blockText(shown[0].blocks)).toContain("This bot is read-only");
    expect(JSON.parse(ack.body)).toMatchObject({ response_type: "ephemeral" });
    const detail = await run("help diagnose");
    expect(h.emu.store.ephemeralsFor(USER, detail.channel)[0].text).toContain("/appsvc diagnose");
    expect(h.azureCalls()).toBe(before);
  });

  it("a parser error shows the usage and a suggestion", async () => {
    const { channel, messages } = await run("stauts shop-api");
    expect(messages).toEqual([]);
    const [e] = h.emu.store.ephemeralsFor(USER, channel);
    expect(e.text).toMatch(/Unknown command/);
    expect(blockText(e.blocks)).toContain("status");
  });

  it.each([
    ["restart shop-api", "Restart"],
    ["start shop-api", "Start"],
    ["stop shop-api", "Stop"],
    ["scale shop-api out 3", "Scale"],
    ["autoheal shop-api enable AH-MEM", "Auto-heal"],
    ["healthcheck shop-api /health", "Health check"],
  ])("%s says approvals are coming and changes nothing", async (text, word) => {
    const before = h.azureCalls();
    const { channel, messages } = await run(text);
    expect(messages).toEqual([]);
    const [e] = h.emu.store.ephemeralsFor(USER, channel);
    expect(e.text).toContain(word);
    expect(e.text).toMatch(/nothing was changed/i);
    expect(h.azureCalls()).toBe(before);
    expect(h.azure.sim.requests.filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("digest subscribe, list and now: the digest lands in the channel with the fleet chart in its thread", async () => {
    const channel = newChannel(h);
    await run("digest subscribe 08:30 Europe/Berlin daily", channel);
    expect(h.emu.store.ephemeralsFor(USER, channel).at(-1)?.text).toMatch(/08:30/);
    await run("digest list", channel);
    const listed = h.emu.store.ephemeralsFor(USER, channel).at(-1);
    expect(listed?.text).toMatch(/1 digest subscription in this channel/);
    expect(JSON.stringify(listed)).toMatch(/08:30/);
    const runs = offThreadMetricsStats().runs;
    const { messages } = await run("digest now", channel);
    const digest = messages.find((m) => m.via === "chat.postMessage");
    if (!digest) throw new Error(`no digest posted: ${JSON.stringify(messages.map((m) => m.text))}`);
    expect(JSON.stringify(digest.blocks)).toContain("shop-api");
    // Its metrics were read on the worker (site, plan and history passes).
    expect(offThreadMetricsStats().runs - runs).toBe(3);
    await h.idle();
    const png = h.emu.store.filesIn(channel, digest.ts).find((f) => f.mimetype === "image/png");
    expect(png?.bytes?.subarray(1, 4).toString()).toBe("PNG");
  });

  it("digest list answers the asker with this channel's subscriptions", async () => {
    const { channel, messages } = await run("digest list");
    expect(messages).toEqual([]);
    await h.idle();
    expect(h.emu.store.ephemeralsFor(USER, channel).at(-1)?.text).toMatch(/No digest subscription in this channel/);
  });
});

describe("read verbs answer in the channel, in place", () => {
  let statusMsg: StoredMessage;
  let statusChannel: string;

  it("status: the answer replaces the progress message, the chart PNG goes into its thread", async () => {
    const { channel, messages } = await run("status shop-api --window 3h");
    const m = answerOf(messages);
    statusMsg = m;
    statusChannel = channel;
    expect(h.emu.calls.find((c) => c.method === "chat.postMessage" && c.body.channel === channel)?.body.text).toMatch(
      /⏳ Checking `shop-api`/,
    );
    expect(m.text).toMatch(/shop-api: 🟠 incident ended — R08/); // S1 recovered at T0+100
    expect(blockText(m.blocks)).toContain("appsvc_diagnose");
    // The requesting user's zone (users.info), not UTC.
    expect(blockText(m.blocks)).toContain("Times in Europe/Berlin");
    const files = h.emu.store.filesIn(channel, m.ts);
    const png = files.find((f) => f.name.endsWith(".png"));
    expect(png?.bytes?.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect(png?.mimetype).toBe("image/png");
    expect(png?.alt_text).toContain("Europe/Berlin");
  });

  it("status for a user without a known zone uses UTC", async () => {
    const { messages } = await run("status shop-api", newChannel(h), "U0NOBODY");
    expect(blockText(answerOf(messages).blocks)).toContain("Times in UTC");
  });

  it("the Diagnose button answers in the status message's thread", async () => {
    const click = await h.emu.driver.clickButton(h.botUrl, {
      channelId: statusChannel,
      messageTs: statusMsg.ts,
      actionId: "appsvc_diagnose",
    });
    expect(click.status).toBe(200);
    await h.idle();
    const replies = h.emu.store.thread(statusChannel, statusMsg.ts);
    const diagnosis = replies.find((r) => r.via === "chat.postMessage");
    expect(diagnosis?.text).toMatch(/R08|Memory/);
    expect(diagnosis?.updates.length).toBe(1);
  });

  it("a fix button answers ephemerally that approvals are coming", async () => {
    const fix = (statusMsg.blocks as Array<{ type: string; elements?: Array<{ action_id: string }> }>)
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id?.startsWith("appsvc_mitigate_"));
    expect(fix).toBeDefined();
    const before = h.azure.sim.requests.filter((r) => r.method !== "GET").length;
    await h.emu.driver.clickButton(h.botUrl, {
      channelId: statusChannel,
      messageTs: statusMsg.ts,
      actionId: fix!.action_id,
    });
    await h.idle();
    await h.emu.driver.waitFor((s) =>
      s.ephemeralsFor(USER, statusChannel).find((e) => /nothing was changed/i.test(e.text)),
    );
    expect(h.azure.sim.requests.filter((r) => r.method !== "GET").length).toBe(before);
  });

  it("diagnose: ranked causes, with the full detail as a file in the thread", async () => {
    const { channel, messages } = await run("diagnose shop-api");
    const m = answerOf(messages);
    expect(m.text).toMatch(/R08|Memory/);
    expect(blockText(m.blocks)).toMatch(/Memory exhaustion/);
    for (const f of h.emu.store.filesIn(channel, m.ts)) expect(f.bytes?.length).toBeGreaterThan(0);
  });

  it("list: every app, with the verdict the bot last saw", async () => {
    const m = answerOf((await run("list")).messages);
    const text = blockText(m.blocks);
    expect(text).toContain("shop-api");
    expect(text).toContain("web");
    expect(text).toContain("🔴");
  });

  it("metrics: a table of the status set with the chart; named metrics without it", async () => {
    const all = await run("metrics shop-api");
    const m = answerOf(all.messages);
    expect(blockText(m.blocks)).toContain("Http5xx");
    expect(h.emu.store.filesIn(all.channel, m.ts).some((f) => f.name.endsWith(".png"))).toBe(true);
    const one = await run("metrics shop-api MemoryPercentage");
    const m1 = answerOf(one.messages);
    expect(blockText(m1.blocks)).toContain("MemoryPercentage");
    expect(blockText(m1.blocks)).not.toContain("Http5xx");
  });

  it("health: one app's Resource Health, and the fleet's Service Health", async () => {
    const one = answerOf((await run("health shop-api")).messages);
    expect(one.text).toMatch(/shop-api: Resource Health/);
    const fleet = answerOf((await run("health")).messages);
    expect(fleet.text).toMatch(/Azure health: \d+ active Service Health event/);
  });

  it("logs: 5xx from Log Analytics", async () => {
    const m = answerOf((await run("logs shop-api --window 3h")).messages);
    expect(m.text).toContain("shop-api");
    expect(blockText(m.blocks)).not.toContain("No Log Analytics workspace is configured");
    // shop-api sends no logs to the workspace, yet its metrics count 5xx: the answer says so.
    expect(blockText(m.blocks)).toContain("its logs are not flowing");
  });

  it("links: portal diagnostics and the Kudu console on the site's SCM host", async () => {
    const m = answerOf((await run("links shop-api")).messages);
    const text = blockText(m.blocks);
    expect(text).toContain("https://portal.azure.com/#@/resource/subscriptions/");
    expect(text).toMatch(/scm\.[a-z.]+\/DebugConsole/);
  });

  it("an unknown name suggests close ones; an ambiguous one lists the candidates", async () => {
    const unknown = answerOf((await run("status shpo-api")).messages);
    expect(unknown.text).toMatch(/No app matches shpo-api/);
    expect(blockText(unknown.blocks)).toContain("shop-api");
    const ambiguous = answerOf((await run("status web")).messages);
    expect(ambiguous.text).toMatch(/web matches 2 apps/);
    expect(blockText(ambiguous.blocks)).toContain("rg-web-a/web");
  });
});

describe("App Home and channels the bot is not in", () => {
  it("app_home_opened publishes the apps with their last verdict", async () => {
    const { status, view: text } = await openHome(h, USER);
    expect(status).toBe(200);
    expect(text).toContain("shop-api");
    expect(text).toContain("Pending approvals");
  });

  it("not in the channel: the answer comes through response_url, with a note to invite the bot", async () => {
    const channel = newChannel(h, { member: false });
    const { messages } = await run("status shop-api", channel);
    expect(messages.map((m) => m.via)).toEqual(["response_url"]);
    expect(messages[0].text).toMatch(/shop-api/);
    const note = h.emu.store.ephemeralsFor(USER, channel);
    expect(note.map((e) => e.text).join(" ")).toMatch(/invite me/i);
  });
});

it("no secret reached the logs", () => {
  const all = h.logs.join("\n");
  expect(h.logs.length).toBeGreaterThan(20);
  for (const secret of [h.emu.botToken, h.emu.signingSecret, h.emu.appToken]) expect(all).not.toContain(secret);
});

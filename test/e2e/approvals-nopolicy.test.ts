// Without a policy file the bot is read-only: reads work, every write command and fix button explains how to
// enable writes, and nothing reaches Azure or the store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Azure, type Harness, newChannel, startAzureWith, startHarness, toldTo, USER } from "./harness.ts";

let azure: Azure;
let h: Harness;

beforeAll(async () => {
  azure = await startAzureWith([["S1", { minutesIn: 96 }]]);
  h = await startHarness(azure);
});
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

describe("no policy: read-only", () => {
  it.each([
    "restart shop-api",
    "scale shop-api out 3",
    "autoheal shop-api enable AH-MEM",
    "healthcheck shop-api /health",
  ])("%s explains how to enable writes, with no Azure call", async (text) => {
    const channel = newChannel(h);
    const before = h.azureCalls();
    await h.emu.driver.slashCommand(h.botUrl, { text, channelId: channel, userId: USER });
    await h.idle();
    expect(h.emu.store.channelMessages(channel)).toEqual([]);
    const [told] = toldTo(h, USER, channel);
    expect(told).toMatch(/nothing was changed/i);
    expect(told).toContain("APPSVC_CONFIG");
    expect(h.azureCalls()).toBe(before);
  });

  it("a fix button explains the same; reads still answer", async () => {
    const channel = newChannel(h);
    await h.emu.driver.slashCommand(h.botUrl, { text: "status shop-api", channelId: channel, userId: USER });
    await h.idle();
    const [answer] = h.emu.store.channelMessages(channel);
    const fix = (answer?.blocks ?? [])
      .flatMap((b) => (b as { elements?: { action_id?: string }[] }).elements ?? [])
      .find((e) => e.action_id?.startsWith("appsvc_mitigate_"));
    if (!answer || !fix?.action_id) throw new Error("status shows no fix button");
    const before = h.azureCalls();
    await h.emu.driver.clickButton(h.botUrl, {
      channelId: channel,
      messageTs: answer.ts,
      actionId: fix.action_id,
      userId: USER,
    });
    await h.emu.driver.waitFor(() => toldTo(h, USER, channel).join("\n").includes("APPSVC_CONFIG"));
    expect(h.azureCalls()).toBe(before);
  });
});

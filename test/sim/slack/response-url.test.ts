import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackEmulator, startSlackEmulator } from "../../../src/sim/slack/server.ts";
import { startCaptureServer } from "./capture-server.ts";

let now = Date.parse("2026-03-02T09:00:00Z");
let emu: SlackEmulator;
let bot: Awaited<ReturnType<typeof startCaptureServer>>;
let web: WebClient;

// What Bolt's respond() sends: JSON, no Authorization header.
const respond = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function buttonMessage(): Promise<{ ts: string; responseUrl: string }> {
  const { ts } = await web.chat.postMessage({
    channel: "C0OPS",
    text: "Restart api?",
    blocks: [
      { type: "actions", elements: [{ type: "button", action_id: "go", text: { type: "plain_text", text: "Go" } }] },
    ],
  });
  await emu.driver.clickButton(bot.url, { channelId: "C0OPS", messageTs: ts!, actionId: "go" });
  const payload = JSON.parse(new URLSearchParams(bot.requests.at(-1)!.body).get("payload")!);
  return { ts: ts!, responseUrl: payload.response_url };
}

beforeAll(async () => {
  emu = await startSlackEmulator({ clock: { now: () => now } });
  emu.channels.add({ id: "C0OPS", name: "ops" });
  bot = await startCaptureServer();
  web = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(async () => {
  await bot.close();
  await emu.close();
});

describe("response_url", () => {
  it("ephemeral by default, in_channel on request", async () => {
    const { responseUrl } = await emu.driver.slashCommand(bot.url, { text: "status", userId: "U0BOB" });
    expect((await respond(responseUrl, { text: "only bob sees this" })).status).toBe(200);
    expect((await respond(responseUrl, { response_type: "in_channel", text: "everyone sees this" })).status).toBe(200);
    expect(emu.store.ephemeralsFor("U0BOB", "C0OPS").map((e) => e.text)).toEqual(["only bob sees this"]);
    expect(emu.store.channelMessages("C0OPS").at(-1)).toMatchObject({
      text: "everyone sees this",
      via: "response_url",
    });
  });

  it("allows 5 uses, then answers 404 used_url", async () => {
    const { responseUrl } = await emu.driver.slashCommand(bot.url, { text: "status" });
    for (let i = 1; i <= 5; i++) expect((await respond(responseUrl, { text: `use ${i}` })).status).toBe(200);
    const sixth = await respond(responseUrl, { text: "use 6" });
    expect(sixth.status).toBe(404);
    expect(await sixth.text()).toBe("used_url");
    const id = responseUrl.split("/").pop();
    expect(emu.store.responseUrlPosts.filter((p) => p.responseUrlId === id).map((p) => p.status)).toEqual([
      200, 200, 200, 200, 200, 404,
    ]);
  });

  it("expires 30 minutes after issue on the emulator clock", async () => {
    const { responseUrl } = await emu.driver.slashCommand(bot.url, { text: "status" });
    now += 30 * 60_000;
    expect((await respond(responseUrl, { text: "just in time" })).status).toBe(200);
    now += 1;
    const late = await respond(responseUrl, { text: "too late" });
    expect([late.status, await late.text()]).toEqual([404, "expired_url"]);
  });

  it("replace_original edits the clicked message; delete_original removes it", async () => {
    const a = await buttonMessage();
    expect((await respond(a.responseUrl, { replace_original: true, text: "Approved by <@U0ALICE>" })).status).toBe(200);
    const m = emu.store.findMessage("C0OPS", a.ts)!;
    expect(m.text).toBe("Approved by <@U0ALICE>");
    expect(m.blocks).toBeUndefined();
    expect(m.updates.map((u) => u.via)).toEqual(["response_url"]);

    const b = await buttonMessage();
    expect((await respond(b.responseUrl, { delete_original: true })).status).toBe(200);
    expect(emu.store.findMessage("C0OPS", b.ts)!.deleted).toBe(true);
    expect(emu.store.channelMessages("C0OPS").some((x) => x.ts === b.ts)).toBe(false);
  });

  it("invalid blocks answer 400 invalid_blocks and do not use up the URL", async () => {
    const { responseUrl } = await emu.driver.slashCommand(bot.url, { text: "status" });
    const bad = await respond(responseUrl, { text: "t", blocks: [{ type: "nope" }] });
    expect([bad.status, await bad.text()]).toEqual([400, "invalid_blocks"]);
    for (let i = 0; i < 5; i++) expect((await respond(responseUrl, { text: "ok" })).status).toBe(200);
  });
});

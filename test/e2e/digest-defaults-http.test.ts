// `/appsvc digest subscribe` through the real Bolt app (HTTP mode) in a channel whose policy binding sets
// `digest: { time, days }`: what the user does not type comes from the policy, and the answer says so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Azure, blockText, type Harness, startAzure, startHarness, USER } from "./harness.ts";

const MORNING = "C0DIGESTAM";

let azure: Azure;
let h: Harness;

beforeAll(async () => {
  azure = await startAzure();
  h = await startHarness(azure, {
    policyYaml: [
      "bindings:",
      `  - channel: ${MORNING}`,
      "    name: morning",
      '    digest: { time: "07:45", days: daily }',
      "    scope:",
      "      apps: [shop-api]",
      "",
    ].join("\n"),
  });
  h.emu.channels.add({ id: MORNING, name: "morning", is_member: true });
});
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

async function told(text: string) {
  const ack = await h.emu.driver.slashCommand(h.botUrl, { text, channelId: MORNING, userId: USER });
  expect(ack.status).toBe(200);
  await h.idle();
  const last = h.emu.store.ephemeralsFor(USER, MORNING).at(-1);
  if (!last) throw new Error(`no answer to ${JSON.stringify(text)}`);
  return last;
}

describe("digest subscribe with the channel's policy defaults", () => {
  it("stores 07:45 daily for a bare subscribe and says the time and days came from the policy", async () => {
    const m = await told("digest subscribe");
    expect(m.text).toBe(
      "✅ Digest subscribed: 07:45 Europe/Berlin (your Slack time zone) every day, covering the channel's scope. Time and days from the channel's policy.",
    );
    const listed = await told("digest list");
    expect(listed.text).toBe("1 digest subscription in this channel.");
    expect(blockText(listed.blocks)).toMatch(/07:45 Europe\/Berlin every day · the channel's scope · next /);
  });
});

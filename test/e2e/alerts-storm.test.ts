// A storm: 100 alerts within seconds across 20 apps, into one channel, while Slack rate-limits posts
// (429 with Retry-After). Nothing is lost: one thread per app holding every one of its alerts, one
// evidence pack each, one storm summary, and the Retry-After waits are honoured.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALERTS_TOKEN, appIdOf, http5xxAlert, payloadOf, postAlert } from "./alerts-helpers.ts";
import { type Azure, current, type Harness, type ScenarioSpec, startAzureWith, startHarness } from "./harness.ts";

const CHANNEL = "C0STORM";
const APPS = 20;
const RULES = 5;

let azure: Azure;
let h: Harness;

beforeAll(async () => {
  const apps: ScenarioSpec[] = Array.from({ length: APPS }, (_, i) => [
    "healthy",
    { appName: `storm-${i}`, resourceGroup: "rg-storm" },
  ]);
  azure = await startAzureWith(apps);
  h = await startHarness(azure, { alerts: { token: ALERTS_TOKEN, channel: CHANNEL }, postIntervalMs: 20 });
  h.emu.channels.add({ id: CHANNEL, name: "alerts", is_member: true });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

describe("an alert storm", () => {
  it("groups 100 alerts over 20 apps into 20 threads, honours Retry-After, and loses nothing", async () => {
    h.emu.faults.add({ method: "chat.postMessage", retryAfterSeconds: 1, times: 2 });
    const specs = Array.from({ length: APPS * RULES }, (_, i) =>
      http5xxAlert(h, appIdOf(h, `storm-${i % APPS}`), { rule: `rule-${Math.floor(i / APPS)}`, severity: i % 5 }),
    );
    const answers = await Promise.all(specs.map((s) => postAlert(h, payloadOf(s))));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await h.idle(120_000);
    const tops = h.emu.store.channelMessages(CHANNEL);
    const threads = tops.filter((m) => /storm-\d+/.test(m.text));
    expect(threads).toHaveLength(APPS);
    for (let app = 0; app < APPS; app++) {
      const t = threads.find((m) => m.text.includes(`storm-${app}:`));
      expect(t, `thread of storm-${app}`).toBeDefined();
      if (!t) continue;
      const blocks = current(h, CHANNEL, t.ts).blocks;
      for (let r = 0; r < RULES; r++) expect(blocks).toContain(`rule-${r}`);
      expect(blocks).toContain(`${RULES} alerts grouped`);
      expect(h.emu.store.thread(CHANNEL, t.ts).filter((m) => m.via === "chat.postMessage")).toHaveLength(1);
    }
    const summaries = tops.filter((m) => m.text.includes("Alert storm"));
    expect(summaries).toHaveLength(1);
    // The summary's last edit lands a moment after the storm's last alert.
    await h.emu.driver.waitFor(
      () => current(h, CHANNEL, summaries[0].ts).text.includes(`${APPS * RULES} alerts`),
      10_000,
    );
    expect(current(h, CHANNEL, summaries[0].ts).text).toContain(`${APPS * RULES} alerts across ${APPS} apps`);
    // The two 429s were waited out (1 s each, the channel's queue held), not dropped.
    expect(h.logs.filter((l) => l.includes("Slack rate-limited the call"))).toHaveLength(2);
  });
});

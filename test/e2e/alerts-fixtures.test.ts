// Azure's own sample payloads (test/fixtures/alerts, source in its README) end to end, in Socket Mode (the
// webhook is served beside /healthz on PORT): each one as published (accepted; not about an App Service
// app, so a thread without an evidence pack in APPSVC_ALERTS_CHANNEL), and retargeted at a simulated app
// (its thread, condition and evidence pack). The endpoint answers 404 when alerts are not configured.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALERTS_PATH } from "../../src/http/alerts.ts";
import { ALERTS_TOKEN, appIdOf, postAlert } from "./alerts-helpers.ts";
import { type Azure, blockText, current, type Harness, startAzure, startHarness } from "./harness.ts";

const CHANNEL = "C0FIXTURES";
const DIR = join(import.meta.dirname, "../fixtures/alerts");
const load = (f: string) =>
  JSON.parse(readFileSync(join(DIR, f), "utf8")) as { data: { essentials: Record<string, unknown> } };

/** File → what its top-level message must say (the condition or event as the bot renders it). */
const FIXTURES: Array<[file: string, says: string]> = [
  ["metric-static.json", "Percentage CPU Average &gt; 25 (observed 31.1) over 5 min"],
  ["metric-dynamic.json", "Egress Total &gt; 47658 (dynamic threshold) (observed 50.1k) over 5 min"],
  ["log-search-v2.json", "query `Heartbeat` &lt; 1 (observed 0) over 10 min"],
  ["activity-log.json", "Microsoft.Compute/virtualMachines/restart/action (Succeeded)"],
  [
    "resource-health.json",
    "stopping and deallocating as requested by an authorized user or process (Available → Unavailable)",
  ],
  [
    "service-health.json",
    "Azure Synapse Analytics Scheduled Maintenance Pending (Active) · Azure Synapse Analytics · East US · Maintenance · Planned",
  ],
];

/** The newest incident thread (a storm summary may follow it: these tests send many alerts in a minute). */
function lastThread() {
  const top = h.emu.store
    .channelMessages(CHANNEL)
    .filter((m) => !m.text.includes("Alert storm"))
    .at(-1);
  if (!top) throw new Error("nothing posted");
  return top;
}

let azure: Azure;
let h: Harness;

beforeAll(async () => {
  azure = await startAzure();
  h = await startHarness(azure, { mode: "socket", alerts: { token: ALERTS_TOKEN, channel: CHANNEL } });
  h.emu.channels.add({ id: CHANNEL, name: "alerts", is_member: true });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

describe.each(FIXTURES)("%s", (file, says) => {
  it("as published: accepted, a thread that says what happened, no evidence pack", async () => {
    const body = load(file);
    // The samples reuse alert IDs; Resolved samples are sent as the Fired notification they follow.
    body.data.essentials.alertId = `${String(body.data.essentials.alertId)}-${file}`;
    body.data.essentials.monitorCondition = "Fired";
    const r = await postAlert(h, body);
    expect(r.status).toBe(200);
    await h.idle(30_000);
    const top = lastThread();
    expect(current(h, CHANNEL, top.ts).blocks).toContain(says);
    const replies = h.emu.store.thread(CHANNEL, top.ts);
    expect(replies.map((m) => m.text)).toEqual(["No evidence pack: the alert is not about an App Service app."]);
  });

  it("retargeted at a simulated App Service app: a thread with its evidence pack", async () => {
    const body = load(file);
    const app = appIdOf(h, "web", "rg-web-a");
    body.data.essentials.alertId = `/subscriptions/x/providers/Microsoft.AlertsManagement/alerts/${file}-app`;
    body.data.essentials.alertTargetIDs = [app.toLowerCase()];
    body.data.essentials.monitorCondition = "Fired";
    const r = await postAlert(h, body);
    expect(r.status).toBe(200);
    await h.idle(30_000);
    const top = lastThread();
    const blocks = current(h, CHANNEL, top.ts).blocks;
    expect(blocks).toContain(says);
    expect(blocks).toContain("web");
    const pack = h.emu.store.thread(CHANNEL, top.ts).find((m) => m.via === "chat.postMessage");
    expect(blockText(pack?.blocks)).toContain("Requests");
    expect(h.emu.store.filesIn(CHANNEL, top.ts)).toHaveLength(1);
    // The next fixture must open its own thread, not join this app's.
    const resolved = {
      ...body,
      data: {
        ...body.data,
        essentials: {
          ...body.data.essentials,
          monitorCondition: "Resolved",
          resolvedDateTime: new Date(azure.clock.now()).toISOString(),
        },
      },
    };
    expect((await postAlert(h, resolved)).status).toBe(200);
    await h.idle(30_000);
    expect(current(h, CHANNEL, top.ts).blocks).toContain("✅ Resolved");
  });
});

describe("not configured", () => {
  it("answers 404 without APPSVC_ALERTS_TOKEN, and posts nothing", async () => {
    const plain = await startHarness(azure);
    try {
      const r = await fetch(`${plain.botUrl}${ALERTS_PATH}?token=${ALERTS_TOKEN}`, { method: "POST", body: "{}" });
      expect(r.status).toBe(404);
      expect(plain.emu.store.messages).toHaveLength(0);
    } finally {
      await plain.close();
    }
  });
});

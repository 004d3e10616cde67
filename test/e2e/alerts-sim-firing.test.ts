// The whole loop with the simulator as Azure Monitor: S1's memory leak makes shop-api's Http5xx rule fire on
// the simulated clock, the simulator POSTs Fired to the bot (a thread with the diagnosis), the on-call
// engineer restarts through the approval flow, and once the 5xx stop the simulator POSTs Resolved (the
// thread is edited). Also: a mute until resolved, and the secure webhook's bearer from the simulator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALERTS_PATH } from "../../src/http/alerts.ts";
import { AlertFiring, defaultAlertRules, type SentAlert } from "../../src/sim/azure/alerts/fire.ts";
import { MINUTE } from "../../src/sim/azure/fleet.ts";
import { ALERTS_TOKEN } from "./alerts-helpers.ts";
import {
  ALERTS_TENANT,
  type Azure,
  addOpsPeople,
  BOB,
  blockText,
  clickAs,
  current,
  type Harness,
  OPS,
  opsPolicy,
  proposeVia,
  simVerify,
  startAzureWith,
  startHarness,
} from "./harness.ts";

const AUDIENCE = "api://appsvc-bot";
let azure: Azure;
let h: Harness;
let firing: AlertFiring;
const sent: SentAlert[] = [];

beforeAll(async () => {
  azure = await startAzureWith([["S1", { minutesIn: 80 }]]);
  h = await startHarness(azure, {
    policyYaml: `${opsPolicy()}    alerts: true\n`,
    approvals: simVerify(azure),
    alerts: { token: ALERTS_TOKEN, audience: AUDIENCE },
  });
  addOpsPeople(h);
  const site = azure.fleet.sites.find((s) => s.name === "shop-api");
  if (!site) throw new Error("no shop-api");
  firing = new AlertFiring({
    fleet: azure.fleet,
    rules: defaultAlertRules().map((rule) => ({ site, rule })),
    webhookUrl: `${h.botUrl}${ALERTS_PATH}?token=${ALERTS_TOKEN}`,
    bearer: () => azure.sim.entra.signWebhookToken({ audience: AUDIENCE, tenant: ALERTS_TENANT }),
    onSent: (e) => sent.push(e),
  });
}, 60_000);
afterAll(async () => {
  firing?.stop();
  await h?.close();
  await azure?.close();
});

describe("the simulator fires alerts", () => {
  let top: string;

  it("nothing fires while the app is healthy", async () => {
    expect(await firing.tick()).toEqual([]);
    expect(h.emu.store.channelMessages(OPS)).toHaveLength(0);
  });

  it("Fired when the 5xx start: a thread with the diagnosis and the chart", async () => {
    azure.clock.advance(16 * MINUTE);
    const now = await firing.tick();
    expect(now.map((e) => [e.rule, e.condition, e.status])).toEqual([["http5xx", "Fired", 200]]);
    await h.idle(30_000);
    const t = h.emu.store.channelMessages(OPS).at(-1);
    if (!t) throw new Error("no thread");
    top = t.ts;
    expect(current(h, OPS, top).blocks).toContain("Sev1 · shop-api: http5xx");
    const pack = h.emu.store.thread(OPS, top).find((m) => m.via === "chat.postMessage");
    expect(blockText(pack?.blocks)).toMatch(/memory/i);
    expect(h.emu.store.filesIn(OPS, top)).toHaveLength(1);
    // Evaluated again with the condition still holding: nothing new is sent.
    expect(await firing.tick()).toEqual([]);
  });

  it("Mute until resolved is shown on the message", async () => {
    await clickAs(h, OPS, top, "appsvc_alert_mute_resolved", BOB);
    expect(current(h, OPS, top).blocks).toContain(`Muted by <@${BOB}> until resolved`);
  });

  it("restart approved → the 5xx stop → Resolved edits the thread", async () => {
    const p = await proposeVia(h, "restart shop-api");
    await clickAs(h, OPS, p.ts, "appsvc_approve", BOB);
    expect(h.emu.store.thread(OPS, p.ts).at(-1)?.text).toMatch(/recovered/);
    azure.clock.advance(10 * MINUTE);
    const now = await firing.tick();
    expect(now.map((e) => [e.rule, e.condition, e.status])).toEqual([["http5xx", "Resolved", 200]]);
    await h.idle(30_000);
    expect(current(h, OPS, top).blocks).toContain("✅ Resolved · shop-api: http5xx");
    expect(h.emu.store.thread(OPS, top).at(-1)?.text).toMatch(/^✅ Resolved at .* 1 alert, 1 notification\./);
    expect(sent.every((e) => e.status === 200)).toBe(true);
  });
});

// Azure Monitor alerts through the real bot in HTTP mode: POST /alerts/azure-monitor on the bot's port →
// an incident thread in the bound channel with the evidence pack (status figures, diagnosis, chart with
// the alert window, fix buttons), repeats and other alerts of the app in the same thread, resolution edits
// the message. Refusals post nothing and read nothing from Azure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/sim/azure/fleet.ts";
import { ALERT_ACK_ACTION, ALERT_MUTE_HOUR_ACTION } from "../../src/slack/views/alert.ts";
import { ALERTS_TOKEN, appIdOf, http5xxAlert, payloadOf, postAlert } from "./alerts-helpers.ts";
import {
  type Azure,
  addOpsPeople,
  blockText,
  clickAs,
  current,
  type Harness,
  OPS,
  OTHER,
  PNG_MAGIC,
  startAzure,
  startHarness,
  USER,
} from "./harness.ts";

const FALLBACK = "C0ALERTS";

function policy(): string {
  return [
    "roles:",
    `  oncall: [${USER}]`,
    "bindings:",
    `  - channel: ${OPS}`,
    "    name: prod-ops",
    "    scope:",
    "      apps: [shop-api]",
    "    request: oncall",
    "    approve: oncall",
    "    actions: [restart, scaleUp, scaleOut]",
    "    alerts: { minSeverity: Sev2 }",
    "",
  ].join("\n");
}

let azure: Azure;
let h: Harness;

beforeAll(async () => {
  azure = await startAzure();
  h = await startHarness(azure, { policyYaml: policy(), alerts: { token: ALERTS_TOKEN, channel: FALLBACK } });
  addOpsPeople(h);
  h.emu.channels.add({ id: FALLBACK, name: "alerts", is_member: true });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

const threadsIn = (channel: string) => h.emu.store.channelMessages(channel);

describe("an alert becomes one thread", () => {
  let top: { ts: string };
  const spec = () => http5xxAlert(h, appIdOf(h, "shop-api"));
  let first: ReturnType<typeof spec>;

  it("fired → a top-level message with the condition, and the evidence pack with its chart in the thread", async () => {
    first = spec();
    const before = threadsIn(OPS).length;
    const r = await postAlert(h, payloadOf(first));
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ status: "accepted" });
    await h.idle(30_000);
    const tops = threadsIn(OPS);
    expect(tops).toHaveLength(before + 1);
    const msg = tops.at(-1);
    if (!msg) throw new Error("no message");
    top = msg;
    const now = current(h, OPS, msg.ts);
    expect(msg.text).toContain("Sev1 alert on shop-api: http5xx-rate");
    expect(now.blocks).toContain("Sev1 · shop-api: http5xx-rate");
    expect(now.blocks).toContain("Http5xx Total &gt; 10 (observed 42) over 5 min");
    expect(now.blocks).toContain("troubleshoot"); // Diagnose and solve problems
    expect(now.blocks).toContain(ALERT_ACK_ACTION);
    const replies = h.emu.store.thread(OPS, msg.ts);
    const pack = replies.find(
      (m) => blockText(m.blocks).includes("Likely cause") || blockText(m.blocks).includes("memory"),
    );
    expect(pack, JSON.stringify(replies.map((m) => m.text))).toBeDefined();
    expect(blockText(pack?.blocks)).toMatch(/appsvc_mitigate_\d/);
    const files = h.emu.store.filesIn(OPS, msg.ts);
    expect(files).toHaveLength(1);
    expect(files[0].name).toBe("alert-shop-api.png");
    expect(files[0].bytes?.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  });

  it("a retry of the same notification is handled once; a repeat firing updates the same message", async () => {
    const before = h.emu.store.messages.length;
    for (let i = 0; i < 3; i++) expect((await postAlert(h, payloadOf(first))).status).toBe(200);
    await h.idle(30_000);
    expect(h.emu.store.messages.length).toBe(before);
    azure.clock.advance(2 * MINUTE);
    const repeat = { ...first, firedAt: azure.clock.now() - 30_000 };
    expect((await postAlert(h, payloadOf(repeat))).status).toBe(200);
    await h.idle(30_000);
    expect(h.emu.store.messages.length).toBe(before);
    expect(current(h, OPS, top.ts).blocks).toContain("fired 2×");
  });

  it("another alert for the same app within 30 minutes joins the open thread", async () => {
    const before = threadsIn(OPS).length;
    const other = http5xxAlert(h, appIdOf(h, "shop-api"), {
      rule: "memory-high",
      metric: "MemoryWorkingSet",
      severity: 2,
      observed: 1.9e9,
      threshold: 1.5e9,
      aggregation: "Average",
    });
    expect((await postAlert(h, payloadOf(other))).status).toBe(200);
    await h.idle(30_000);
    expect(threadsIn(OPS)).toHaveLength(before);
    const now = current(h, OPS, top.ts).blocks;
    expect(now).toContain("memory-high");
    expect(now).toContain("2 alerts grouped");
    // Resolving one of two leaves the thread open.
    azure.clock.advance(MINUTE);
    const resolvedOther = { ...other, condition: "Resolved" as const, resolvedAt: azure.clock.now() };
    expect((await postAlert(h, payloadOf(resolvedOther))).status).toBe(200);
    await h.idle(30_000);
    expect(current(h, OPS, top.ts).blocks).not.toContain("Resolved ·");
  });

  it("Acknowledge records who, on the message and in the audit log", async () => {
    await clickAs(h, OPS, top.ts, ALERT_ACK_ACTION, USER);
    const now = current(h, OPS, top.ts).blocks;
    expect(now).toContain(`Acknowledged by <@${USER}>`);
    expect(now).not.toContain(ALERT_ACK_ACTION);
    const told = h.emu.store.ephemeralsFor(USER, OPS).map((e) => e.text);
    expect(told.at(-1)).toContain("Acknowledged");
    const ack = await h.emu.driver.slashCommand(h.botUrl, {
      text: "audit shop-api --days 1",
      channelId: OPS,
      userId: USER,
    });
    expect(ack.status).toBe(200);
    await h.idle();
    expect(blockText(threadsIn(OPS).at(-1)?.blocks)).toContain("*acknowledgement*");
  });

  it("resolved → the message is edited to resolved with the duration, and the thread gets a recap", async () => {
    azure.clock.advance(10 * MINUTE);
    const resolved = { ...first, condition: "Resolved" as const, resolvedAt: azure.clock.now() };
    expect((await postAlert(h, payloadOf(resolved))).status).toBe(200);
    await h.idle(30_000);
    const now = current(h, OPS, top.ts);
    expect(now.blocks).toContain("✅ Resolved · shop-api");
    expect(now.blocks).toMatch(/after 1\d min/);
    expect(now.blocks).not.toContain(ALERT_MUTE_HOUR_ACTION);
    const recap = h.emu.store.thread(OPS, top.ts).at(-1);
    expect(recap?.text).toMatch(/^✅ Resolved at .* 2 alerts, 3 notifications, acknowledged by/);
  });

  it("a new alert after resolution opens a new thread; muted for 1 h, the app's next incident is not posted", async () => {
    const before = threadsIn(OPS).length;
    const again = spec();
    expect((await postAlert(h, payloadOf(again))).status).toBe(200);
    await h.idle(30_000);
    expect(threadsIn(OPS)).toHaveLength(before + 1);
    const ts = threadsIn(OPS).at(-1)?.ts ?? "";
    await clickAs(h, OPS, ts, ALERT_MUTE_HOUR_ACTION, USER);
    expect(current(h, OPS, ts).blocks).toContain(`Muted by <@${USER}> until`);
    azure.clock.advance(MINUTE);
    await postAlert(h, payloadOf({ ...again, condition: "Resolved", resolvedAt: azure.clock.now() }));
    await h.idle(30_000);
    const posts = h.emu.store.messages.length;
    azure.clock.advance(5 * MINUTE);
    expect((await postAlert(h, payloadOf(spec()))).status).toBe(200);
    await h.idle(30_000);
    expect(h.emu.store.messages.length).toBe(posts);
    expect(h.logs.some((l) => l.includes("alert not posted: the app is muted"))).toBe(true);
    // After the hour, alerts are posted again.
    azure.clock.advance(60 * MINUTE);
    expect((await postAlert(h, payloadOf(spec()))).status).toBe(200);
    await h.idle(30_000);
    expect(threadsIn(OPS).length).toBeGreaterThan(before + 1);
  });
});

describe("routing", () => {
  it("an alert below the binding's minimum severity goes to APPSVC_ALERTS_CHANNEL", async () => {
    const beforeOps = threadsIn(OPS).length;
    const low = http5xxAlert(h, appIdOf(h, "shop-api"), { severity: 3, rule: "slow-responses" });
    expect((await postAlert(h, payloadOf(low))).status).toBe(200);
    await h.idle(30_000);
    expect(threadsIn(OPS)).toHaveLength(beforeOps);
    expect(threadsIn(FALLBACK).some((m) => m.text.includes("slow-responses"))).toBe(true);
  });

  it("an app no binding claims goes to APPSVC_ALERTS_CHANNEL", async () => {
    const web = http5xxAlert(h, appIdOf(h, "web", "rg-web-a"), { rule: "web-5xx" });
    expect((await postAlert(h, payloadOf(web))).status).toBe(200);
    await h.idle(30_000);
    const m = threadsIn(FALLBACK).find((x) => x.text.includes("web-5xx"));
    expect(m).toBeDefined();
    expect(threadsIn(OTHER)).toHaveLength(0);
  });
});

describe("refusals: a clear 4xx and nothing posted", () => {
  async function refused(
    status: number,
    o: Parameters<typeof postAlert>[2],
    body: unknown = payloadOf(http5xxAlert(h, appIdOf(h, "shop-api"))),
  ) {
    const posts = h.emu.store.messages.length;
    const calls = h.azureCalls();
    const logs = h.logs.length;
    const r = await postAlert(h, body, o);
    expect(r.status).toBe(status);
    await h.idle();
    expect(h.emu.store.messages.length).toBe(posts);
    expect(h.azureCalls()).toBe(calls);
    const said = h.logs.slice(logs).filter((l) => l.includes("alert webhook refused"));
    expect(said).toHaveLength(1);
    expect(said[0]).not.toContain(ALERTS_TOKEN);
    return JSON.parse(r.body) as { error: string };
  }

  it("wrong token → 401", async () => {
    expect((await refused(401, { token: "wrong-token-wrong-token" })).error).toBe("wrong ?token=");
  });
  it("no token → 401", async () => {
    expect((await refused(401, { token: null })).error).toMatch(/no \?token=/);
  });
  it("malformed JSON → 400", async () => {
    expect((await refused(400, { raw: "{ not json" })).error).toMatch(/not valid JSON/);
  });
  it("another schema → 400 that says to enable the common alert schema", async () => {
    expect((await refused(400, {}, { schemaId: "AzureMonitorMetricAlert", data: {} })).error).toMatch(
      /enable the common alert schema/,
    );
  });
  it("a body over 256 KB → 413", async () => {
    const big = JSON.stringify({ schemaId: "azureMonitorCommonAlertSchema", pad: "x".repeat(300 * 1024) });
    expect((await refused(413, { raw: big })).error).toMatch(/262144/);
  });
});

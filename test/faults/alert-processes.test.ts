// An Azure Monitor alert is handled once whatever happens to the bot (issue 13's rule applied to alerts): the
// webhook is answered only once the claim, with the alert, is stored; a bot killed (kill -9) while it opens
// the incident thread leaves the claim to lapse, and the next start takes it over from the stored alert: the
// thread's message and its evidence pack are posted once, and a retry of the webhook posts nothing. Real
// processes (test/e2e/bot-process.ts) on SQLite; the Azure simulator and the Slack emulator in this process.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALERTS_PATH } from "../../src/http/alerts.ts";
import { metricAlertPayload } from "../../src/sim/azure/alerts/payload.ts";
import { MINUTE, type SimClock, wallClock } from "../../src/sim/azure/fleet.ts";
import { addScenario, emptyFleet } from "../../src/sim/azure/scenarios/index.ts";
import { type AzureSim, startAzureSim } from "../../src/sim/azure/server.ts";
import { allSites } from "../../src/sim/azure/world.ts";
import { type SlackEmulator, startSlackEmulator } from "../../src/sim/slack/server.ts";
import { SQLITE_FILE } from "../../src/store/sqlite-store.ts";
import { OPS, T_END } from "../e2e/harness.ts";
import { BotProcess, children, until } from "./bot-processes.ts";

const TOKEN = "faults-alerts-token-8d2e61c4a9";

let clock: SimClock;
let sim: AzureSim;
let emu: SlackEmulator;

beforeAll(async () => {
  clock = wallClock(T_END);
  const fleet = emptyFleet(clock);
  addScenario(fleet, "S1", { t0: T_END - 96 * MINUTE });
  sim = await startAzureSim({ fleet });
  emu = await startSlackEmulator();
  emu.channels.add({ id: OPS, name: "prod-ops", is_member: true });
});
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  await emu?.close();
  await sim?.close();
});

function botEnv(dataDir: string, aheadMs = 0): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    SLACK_BOT_TOKEN: emu.botToken,
    SLACK_SIGNING_SECRET: emu.signingSecret,
    SLACK_API_URL: emu.apiUrl,
    PORT: "0",
    AZURE_SUBSCRIPTION_IDS: sim.fleet.subscriptions.join(","),
    AZURE_RESOURCE_MANAGER_ENDPOINT: sim.url,
    AZURE_METRICS_BATCH_ENDPOINT: sim.metricsBatchEndpointTemplate,
    APPSVC_ALERTS_TOKEN: TOKEN,
    APPSVC_ALERTS_CHANNEL: OPS,
    APPSVC_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? "warn",
    SIM_CA: sim.ca,
    REPLICA_ID: "solo",
    BOT_CLOCK_OFFSET_MS: String(clock.now() - Date.now() + aheadMs),
  };
}

function shopApiId(): string {
  const s = allSites(sim.fleet).find((x) => x.name === "shop-api" && !x.slot);
  if (!s) throw new Error("no shop-api");
  return `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Web/sites/${s.name}`;
}

function webhook(bot: BotProcess, body: unknown): Promise<{ status: number; body: string }> {
  return fetch(`${bot.url}${ALERTS_PATH}?token=${TOKEN}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.text() }));
}

function rows(dataDir: string, sql: string): Record<string, unknown>[] {
  const db = new DatabaseSync(join(dataDir, SQLITE_FILE), { readOnly: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

const tagged = (event: string) =>
  emu.store.messages.filter((m) => (m.metadata as { event_type?: string } | undefined)?.event_type === event);

describe("kill -9 while the bot opens an alert's incident thread, one bot on SQLite", () => {
  it("the next start takes the alert over: the thread's message and its evidence are posted once", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "appsvc-faults-alerts-"));
    const bots: BotProcess[] = [];
    try {
      const appId = shopApiId();
      const payload = metricAlertPayload({
        alertGuid: "5f0c9d7e-2a41-4b8e-9c3d-6e1f2a3b4c5d",
        subscriptionId: appId.split("/")[2],
        targetId: appId,
        rule: "http5xx-rate",
        severity: 1,
        condition: "Fired",
        firedAt: clock.now() - MINUTE,
        metric: "Http5xx",
        operator: "GreaterThan",
        threshold: 10,
        observed: 42,
        aggregation: "Total",
        windowMinutes: 5,
      });
      // Slack never answers the thread's first post: the bot is caught between opening the thread and posting it.
      emu.faults.add({ method: "chat.postMessage", hang: true, times: 1 });
      const first = await BotProcess.start(botEnv(dataDir), "solo");
      bots.push(first);
      const accepted = await webhook(first, payload);
      expect(accepted).toEqual({ status: 200, body: JSON.stringify({ status: "accepted" }) });
      // Stored before the 200: the claim, with the alert.
      expect(rows(dataDir, "SELECT done_at, payload FROM alert_claims")).toEqual([
        { done_at: null, payload: expect.stringContaining('"rule":"http5xx-rate"') },
      ]);
      await until("the thread to be opened", () =>
        rows(dataDir, "SELECT message_ts FROM alert_threads").length === 1 ? true : undefined,
      );
      await first.kill9();
      emu.faults.clear();
      expect(rows(dataDir, "SELECT message_ts FROM alert_threads")).toEqual([{ message_ts: null }]);
      expect(tagged("appsvc_alert_thread")).toEqual([]);

      // The bot comes back two minutes later: the claim's lease has lapsed, the stored alert is taken over.
      const second = await BotProcess.start(botEnv(dataDir, 2 * MINUTE), "solo");
      bots.push(second);
      const top = await until("the thread's message", () => tagged("appsvc_alert_thread")[0]);
      expect(top.channel).toBe(OPS);
      expect(top.text).toMatch(/shop-api/);
      const evidence = await until("the evidence pack", () => tagged("appsvc_alert_evidence")[0], 60_000);
      expect(evidence.thread_ts).toBe(top.ts);
      await until("the claim to be done", () =>
        rows(dataDir, "SELECT done_at FROM alert_claims")[0]?.done_at !== null ? true : undefined,
      );
      expect(rows(dataDir, "SELECT message_ts, takeovers FROM alert_threads t, alert_claims c")).toEqual([
        { message_ts: top.ts, takeovers: 1 },
      ]);

      // Azure Monitor retries the same notification: answered, nothing posted again.
      expect(await webhook(second, payload)).toEqual({ status: 200, body: JSON.stringify({ status: "duplicate" }) });
      await new Promise((r) => setTimeout(r, 500));
      expect(tagged("appsvc_alert_thread")).toHaveLength(1);
      expect(tagged("appsvc_alert_evidence")).toHaveLength(1);
    } finally {
      await Promise.all(bots.map((b) => b.kill9()));
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

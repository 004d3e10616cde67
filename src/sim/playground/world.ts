// Starts the playground's parts on loopback: the Azure simulator (demo fleet), the Slack workspace emulator
// (channel #ops, alice/bob/eve), and the real bot in HTTP mode against both, all on one simulated clock.
// Each run gets free ports and its own data directory (removed at the end) unless the environment names them.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createArmFleet } from "../../azure/arm-fleet.ts";
import { staticTokenCredential } from "../../azure/credentials.ts";
import { writerFromConfig } from "../../azure/from-config.ts";
import { type RunningBot, startBot } from "../../bot.ts";
import { loadConfig } from "../../config.ts";
import { ALERTS_PATH } from "../../http/alerts.ts";
import { createLogger } from "../../log.ts";
import { loadPolicy, type Policy } from "../../policy/index.ts";
import { AlertFiring, defaultAlertRules } from "../azure/alerts/fire.ts";
import { SIM_WORKSPACE_ID } from "../azure/cli.ts";
import { MINUTE } from "../azure/fleet.ts";
import { buildScenario } from "../azure/scenarios/index.ts";
import { type AzureSim, startAzureSim } from "../azure/server.ts";
import { type SlackEmulator, startSlackEmulator } from "../slack/server.ts";
import { type PlaygroundClock, scaledClock } from "./clock.ts";
import { CHANNEL, demoPolicy, PEOPLE } from "./demo-policy.ts";

export interface Playground {
  sim: AzureSim;
  emu: SlackEmulator;
  bot: RunningBot;
  /** The in-process bot's base URL. */
  botUrl: string;
  /**
   * Where commands and clicks go: the in-process bot (default), or a bot started by hand against these
   * simulators, over HTTP (`url`) or the emulator's Socket Mode link (`socket`).
   */
  target: { kind: "in-process" } | { kind: "http"; url: string } | { kind: "socket" };
  clock: PlaygroundClock;
  /** Where the store lives: a SQLite folder, or "PostgreSQL (DATABASE_URL)". */
  storeAt: string;
  policySource: string;
  /** Evaluates the demo apps' alert rules on the simulated clock and POSTs them to the bot's webhook. */
  alerts: AlertFiring;
  close(): Promise<void>;
}

/** The playground bot's webhook secret (loopback only). */
const PLAYGROUND_ALERTS_TOKEN = "playground-alerts-token";

const portFrom = (env: NodeJS.ProcessEnv, name: string): number | undefined => {
  const v = env[name];
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new Error(`${name} must be a port number, not "${v}"`);
  return n;
};

export async function startPlayground(env: NodeJS.ProcessEnv = process.env): Promise<Playground> {
  const clock = scaledClock(Math.floor(Date.now() / MINUTE) * MINUTE);
  const fleet = buildScenario("demo", clock);
  const sim = await startAzureSim({
    fleet,
    port: portFrom(env, "SIM_PORT") ?? 0,
    identityPort: portFrom(env, "SIM_IDENTITY_PORT"),
  });
  const emu = await startSlackEmulator({ clock, port: portFrom(env, "SLACK_EMU_PORT") ?? 0 });
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  emu.channels.add(CHANNEL);
  for (const p of PEOPLE) emu.users.add({ id: p.id, name: p.name, tz });
  // A playground never shares ./data with a bot started by hand: its own folder unless one is named.
  const ownDir =
    env.APPSVC_DATA_DIR || env.DATABASE_URL ? undefined : await mkdtemp(join(tmpdir(), "appsvc-playground-"));
  const config = loadConfig({
    SLACK_BOT_TOKEN: emu.botToken,
    SLACK_SIGNING_SECRET: emu.signingSecret,
    SLACK_API_URL: emu.apiUrl,
    PORT: String(portFrom(env, "BOT_PORT") ?? 0),
    AZURE_SUBSCRIPTION_IDS: fleet.subscriptions.join(","),
    AZURE_RESOURCE_MANAGER_ENDPOINT: sim.url,
    AZURE_METRICS_BATCH_ENDPOINT: sim.metricsBatchEndpointTemplate,
    AZURE_LOG_ANALYTICS_ENDPOINT: sim.logsEndpoint,
    AZURE_LOG_ANALYTICS_WORKSPACE_ID: SIM_WORKSPACE_ID,
    APPSVC_DATA_DIR: ownDir ?? env.APPSVC_DATA_DIR ?? "./data",
    ...(env.DATABASE_URL ? { DATABASE_URL: env.DATABASE_URL } : {}),
    // The simulator fires the demo apps' alert rules at the bot's webhook; alerts land in #ops.
    APPSVC_ALERTS_TOKEN: PLAYGROUND_ALERTS_TOKEN,
    APPSVC_ALERTS_CHANNEL: CHANNEL.id,
  });
  const policy: Policy = env.APPSVC_CONFIG ? await loadPolicy(env.APPSVC_CONFIG) : demoPolicy(fleet.subscriptions);
  const credential = staticTokenCredential("playground");
  const arm = createArmFleet({
    subscriptionIds: config.azure.subscriptionIds,
    credential,
    armEndpoint: config.azure.armEndpoint,
    metricsBatchEndpointTemplate: config.azure.metricsBatchEndpoint,
    logs: config.azure.logs,
    ca: sim.ca,
    now: clock.now,
  });
  const log = createLogger({ level: env.LOG_LEVEL ?? "warn" });
  const bot = await startBot(config, {
    log,
    fleet: arm,
    now: clock.now,
    policy,
    doctor: { credential: { name: "the playground's static token", credential }, ca: sim.ca },
    writer: writerFromConfig(config.azure, { log, credential, ca: sim.ca, pollIntervalMs: 1_000 }),
    approvals: { verify: { clock, sleep: (ms) => clock.sleep(ms) } },
  });
  const botUrl = `http://127.0.0.1:${bot.port}`;
  const alerts = new AlertFiring({
    fleet,
    rules: fleet.sites.flatMap((site) => defaultAlertRules().map((rule) => ({ site, rule }))),
    webhookUrl: `${botUrl}${ALERTS_PATH}?token=${PLAYGROUND_ALERTS_TOKEN}`,
  });
  return {
    sim,
    emu,
    bot,
    botUrl,
    alerts,
    target: { kind: "in-process" },
    clock,
    storeAt: env.DATABASE_URL ? "PostgreSQL (DATABASE_URL)" : (ownDir ?? String(env.APPSVC_DATA_DIR)),
    policySource: env.APPSVC_CONFIG ? env.APPSVC_CONFIG : "the demo policy (alice requests, bob approves)",
    async close() {
      alerts.stop();
      await bot.stop(5_000);
      await emu.close();
      await sim.close();
      if (ownDir) await rm(ownDir, { recursive: true, force: true });
    },
  };
}

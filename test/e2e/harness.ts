// The real bot (startBot: Bolt, listeners, Web API client) against the Slack emulator and the Azure
// simulator, with logs captured in memory so tests can check that no secret reaches them.
import { createArmFleet } from "../../src/azure/arm-fleet.ts";
import { staticTokenCredential } from "../../src/azure/credentials.ts";
import { type RunningBot, startBot } from "../../src/bot.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { SIM_WORKSPACE_ID } from "../../src/sim/azure/cli.ts";
import { manualClock, type SimClock, type SimFleet } from "../../src/sim/azure/fleet.ts";
import { addScenario, buildScenario, SECOND_SUBSCRIPTION } from "../../src/sim/azure/scenarios/index.ts";
import { type AzureSim, startAzureSim } from "../../src/sim/azure/server.ts";
import { type SlackEmulator, startSlackEmulator } from "../../src/sim/slack/server.ts";

/** A fixed instant: the S1 lookback ends here, so answers are the same on every run. */
export const T_END = Date.UTC(2026, 10, 24, 11, 0);
export const USER = "U0ALICE";

export interface Azure {
  sim: AzureSim;
  fleet: SimFleet;
  clock: SimClock;
  close(): Promise<void>;
}

/** S1 (shop-api, memory leak) plus two healthy apps both named "web" (an ambiguous name). */
export async function startAzure(): Promise<Azure> {
  const clock = manualClock(T_END);
  const fleet = buildScenario("S1", clock);
  addScenario(fleet, "healthy", { appName: "web", resourceGroup: "rg-web-a" });
  addScenario(fleet, "healthy", { appName: "web", resourceGroup: "rg-web-b", subscriptionId: SECOND_SUBSCRIPTION });
  const sim = await startAzureSim({ fleet });
  return { sim, fleet, clock, close: () => sim.close() };
}

export interface Harness {
  azure: Azure;
  emu: SlackEmulator;
  bot: RunningBot;
  botUrl: string;
  logs: string[];
  /** Azure requests served so far (to prove a rejected request made none). */
  azureCalls(): number;
  /** Waits until the bot has no command in flight. */
  idle(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  mode?: "http" | "socket";
  readDeadlineMs?: number;
  /** Web API retries of 5xx/network errors (default none, so a fault fails fast). */
  slackRetries?: number;
}

export async function startHarness(azure: Azure, opts: HarnessOptions = {}): Promise<Harness> {
  const mode = opts.mode ?? "http";
  const emu = await startSlackEmulator();
  emu.users.add({ id: USER, name: "alice", tz: "Europe/Berlin" });
  emu.users.add({ id: "U0BOB", name: "bob", tz: "America/New_York" });
  const logs: string[] = [];
  const log = createLogger({ level: "debug", destination: { write: (s: string) => void logs.push(s) } });
  const config = loadConfig({
    SLACK_BOT_TOKEN: emu.botToken,
    SLACK_SIGNING_SECRET: emu.signingSecret,
    ...(mode === "socket" ? { SLACK_APP_TOKEN: emu.appToken } : {}),
    SLACK_API_URL: emu.apiUrl,
    PORT: "0",
    AZURE_SUBSCRIPTION_IDS: azure.fleet.subscriptions.join(","),
    AZURE_RESOURCE_MANAGER_ENDPOINT: azure.sim.url,
    AZURE_METRICS_BATCH_ENDPOINT: azure.sim.metricsBatchEndpointTemplate,
    AZURE_LOG_ANALYTICS_ENDPOINT: azure.sim.logsEndpoint,
    AZURE_LOG_ANALYTICS_WORKSPACE_ID: SIM_WORKSPACE_ID,
    LOG_LEVEL: "debug",
  });
  const fleet = createArmFleet({
    subscriptionIds: config.azure.subscriptionIds,
    credential: staticTokenCredential("e2e-azure-token"),
    armEndpoint: config.azure.armEndpoint,
    metricsBatchEndpointTemplate: config.azure.metricsBatchEndpoint,
    logs: config.azure.logs,
    ca: azure.sim.ca,
    maxRetries: 0,
    now: azure.clock.now,
  });
  const bot = await startBot(config, {
    log,
    fleet,
    now: azure.clock.now,
    readDeadlineMs: opts.readDeadlineMs ?? 5_000,
    slack: { retryConfig: { retries: opts.slackRetries ?? 0 }, timeoutMs: 5_000 },
  });
  const idle = async (timeoutMs = 10_000) => {
    const deadline = performance.now() + timeoutMs;
    while (bot.lifecycle.inFlight > 0) {
      if (performance.now() > deadline) throw new Error(`bot still busy after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return {
    azure,
    emu,
    bot,
    botUrl: `http://127.0.0.1:${bot.port}`,
    logs,
    azureCalls: () => azure.sim.requests.length,
    idle,
    async close() {
      await bot.stop(5_000);
      if (mode === "socket") await emu.driver.waitFor(() => emu.socket.connected() === 0, 3_000).catch(() => undefined);
      await emu.close();
    },
  };
}

let channelSeq = 0;
/** A fresh channel the bot is in (or not), so each test reads only its own messages. */
export function newChannel(h: Harness, opts: { member?: boolean } = {}): string {
  const id = `C0T${(++channelSeq).toString().padStart(4, "0")}`;
  h.emu.channels.add({ id, name: `test-${channelSeq}`, is_member: opts.member ?? true });
  return id;
}

/** The PNG signature. */
export const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Every block's text in a stored message, flattened, for assertions on content. */
export function blockText(blocks: unknown[] | undefined): string {
  return JSON.stringify(blocks ?? []);
}

// The real bot (startBot: Bolt, listeners, Web API client) against the Slack emulator and the Azure
// simulator, with logs captured in memory so tests can check that no secret reaches them.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createArmFleet } from "../../src/azure/arm-fleet.ts";
import { staticTokenCredential } from "../../src/azure/credentials.ts";
import { collectSourcesFromConfig, writerFromConfig } from "../../src/azure/from-config.ts";
import { type BotDeps, type RunningBot, startBot } from "../../src/bot.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/log.ts";
import { SIM_WORKSPACE_ID } from "../../src/sim/azure/cli.ts";
import { MINUTE, manualClock, type SimClock, type SimFleet } from "../../src/sim/azure/fleet.ts";
import {
  addScenario,
  buildScenario,
  emptyFleet,
  type ScenarioOptions,
  SECOND_SUBSCRIPTION,
} from "../../src/sim/azure/scenarios/index.ts";
import { type AzureSim, startAzureSim } from "../../src/sim/azure/server.ts";
import { type SlackEmulator, signSlackRequest, startSlackEmulator } from "../../src/sim/slack/server.ts";

/** The Entra tenant of the secure-webhook tests. */
export const ALERTS_TENANT = "9b7c3a1d-2e4f-4a5b-8c6d-0e1f2a3b4c5d";

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

export type ScenarioSpec = [name: string, opts?: ScenarioOptions & { minutesIn?: number }];

/** Chosen scenarios on a manual clock at T_END; `minutesIn`: how far into the scenario "now" is. */
export async function startAzureWith(scenarios: ScenarioSpec[]): Promise<Azure> {
  const clock = manualClock(T_END);
  const fleet = emptyFleet(clock);
  for (const [name, o = {}] of scenarios) {
    const { minutesIn, ...rest } = o;
    addScenario(fleet, name, { ...rest, ...(minutesIn !== undefined ? { t0: T_END - minutesIn * MINUTE } : {}) });
  }
  const sim = await startAzureSim({ fleet });
  return { sim, fleet, clock, close: () => sim.close() };
}

export interface Harness {
  azure: Azure;
  emu: SlackEmulator;
  /** The running bot (replaced by restartBot). */
  readonly bot: RunningBot;
  readonly botUrl: string;
  /** Where the SQLite store lives. */
  dataDir: string;
  /** Stops the bot and starts a new one on the same configuration and data directory. */
  restartBot(): Promise<void>;
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
  /** Policy YAML written to a file that APPSVC_CONFIG names (default: no policy, read-only). */
  policyYaml?: string;
  /** Verification and sweep settings for the approval flow. */
  approvals?: BotDeps["approvals"];
  /** PostgreSQL instead of SQLite (DATABASE_URL). */
  databaseUrl?: string;
  /** Share an emulator (a second replica); it is then not closed with this harness. */
  emu?: SlackEmulator;
  /** Configure the simulated dumps container (default true). */
  dumps?: boolean;
  /** Log stream capture bounds for collect (default 1 s, 64 KB: tests need not wait 4 s). */
  logStream?: { maxMs: number; maxBytes: number };
  /** The Azure Monitor webhook (APPSVC_ALERTS_*); `audience` turns on the secure webhook against the sim's JWKS. */
  alerts?: { token: string; channel?: string; audience?: string; tenant?: string };
  /** This replica's name on claims and leases. */
  owner?: string;
  /** Minimum gap between posts to one channel (default Slack's 1 s). */
  postIntervalMs?: number;
}

export async function startHarness(azure: Azure, opts: HarnessOptions = {}): Promise<Harness> {
  const mode = opts.mode ?? "http";
  const ownEmu = !opts.emu;
  const emu = opts.emu ?? (await startSlackEmulator());
  if (ownEmu) {
    emu.users.add({ id: USER, name: "alice", tz: "Europe/Berlin" });
    emu.users.add({ id: "U0BOB", name: "bob", tz: "America/New_York" });
  }
  const dataDir = mkdtempSync(join(tmpdir(), "appsvc-e2e-"));
  let policyFile: string | undefined;
  if (opts.policyYaml !== undefined) {
    policyFile = join(dataDir, "policy.yml");
    writeFileSync(policyFile, opts.policyYaml);
  }
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
    AZURE_SCM_ENDPOINT: azure.sim.scmEndpointTemplate,
    ...(opts.dumps === false ? {} : { APPSVC_DUMPS_CONTAINER_URL: azure.sim.dumpsContainerUrl }),
    LOG_LEVEL: "debug",
    APPSVC_DATA_DIR: join(dataDir, "store"),
    ...(policyFile ? { APPSVC_CONFIG: policyFile } : {}),
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...(opts.alerts
      ? {
          APPSVC_ALERTS_TOKEN: opts.alerts.token,
          ...(opts.alerts.channel ? { APPSVC_ALERTS_CHANNEL: opts.alerts.channel } : {}),
          ...(opts.alerts.audience
            ? {
                APPSVC_ALERTS_AUDIENCE: opts.alerts.audience,
                APPSVC_ALERTS_TENANT_ID: opts.alerts.tenant ?? ALERTS_TENANT,
                APPSVC_ALERTS_JWKS_URL: azure.sim.jwksUrl(opts.alerts.tenant ?? ALERTS_TENANT),
              }
            : {}),
        }
      : {}),
  });
  // A factory, as production wires it: the bot gives the Azure clients its Admission turn.
  const fleet = (yieldTo: () => Promise<void>) =>
    createArmFleet({
      subscriptionIds: config.azure.subscriptionIds,
      credential: staticTokenCredential("e2e-azure-token"),
      armEndpoint: config.azure.armEndpoint,
      metricsBatchEndpointTemplate: config.azure.metricsBatchEndpoint,
      logs: config.azure.logs,
      ca: azure.sim.ca,
      maxRetries: 0,
      now: azure.clock.now,
      yieldTo,
    });
  const writer = writerFromConfig(config.azure, {
    credential: staticTokenCredential("e2e-azure-token"),
    ca: azure.sim.ca,
    pollIntervalMs: 50,
  });
  const start = () =>
    startBot(config, {
      log,
      fleet,
      // The digest's metric reads run on a worker with its own fleet, as in production.
      fleetSpec: {
        subscriptionIds: config.azure.subscriptionIds,
        armEndpoint: config.azure.armEndpoint,
        metricsBatchEndpointTemplate: config.azure.metricsBatchEndpoint,
        ca: azure.sim.ca,
        maxRetries: 0,
        credential: { staticToken: "e2e-azure-token" },
      },
      writer,
      collect: {
        sources: collectSourcesFromConfig(config.azure, {
          credential: staticTokenCredential("e2e-azure-token"),
          ca: azure.sim.ca,
          now: azure.clock.now,
        }),
        logStream: opts.logStream ?? { maxMs: 1_000, maxBytes: 64 * 1024 },
      },
      now: azure.clock.now,
      readDeadlineMs: opts.readDeadlineMs ?? 5_000,
      slack: {
        retryConfig: { retries: opts.slackRetries ?? 0 },
        timeoutMs: 5_000,
        ...(opts.postIntervalMs !== undefined ? { postIntervalMs: opts.postIntervalMs } : {}),
      },
      ...(opts.approvals || opts.owner
        ? { approvals: { ...opts.approvals, ...(opts.owner ? { owner: opts.owner } : {}) } }
        : {}),
      alerts: { jwksCa: azure.sim.ca, messageWaitMs: 5_000 },
    });
  let bot = await start();
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
    get bot() {
      return bot;
    },
    get botUrl() {
      return `http://127.0.0.1:${bot.port}`;
    },
    dataDir,
    async restartBot() {
      await bot.stop(5_000);
      bot = await start();
    },
    logs,
    azureCalls: () => azure.sim.requests.length,
    idle: (timeoutMs?: number) => idle(timeoutMs),
    async close() {
      await bot.stop(5_000);
      if (mode === "socket") await emu.driver.waitFor(() => emu.socket.connected() === 0, 3_000).catch(() => undefined);
      if (ownEmu) await emu.close();
      rmSync(dataDir, { recursive: true, force: true });
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

// ---- The approval flow ----------------------------------------------------------------------------------

export const OPS = "C0PRODOPS";
export const OTHER = "C0RANDOM";
export const BOB = "U0BOB";
export const CAROL = "U0CAROL";
export const MALLORY = "U0MALLORY";
export const LEADS = "S0LEADS";

/** Alice (and the on-call group) may ask in #prod-ops; Bob and the leads group (Carol) approve. */
export function opsPolicy(opts: { twoPersonRule?: boolean; ttlMinutes?: number; scope?: string } = {}): string {
  return [
    "roles:",
    `  oncall: [${USER}]`,
    `  leads: [${BOB}, ${LEADS}]`,
    "defaults:",
    `  proposalTtlMinutes: ${opts.ttlMinutes ?? 15}`,
    `  twoPersonRule: ${opts.twoPersonRule ?? true}`,
    "bindings:",
    `  - channel: ${OPS}`,
    "    name: prod-ops",
    "    scope:",
    `      apps: [${opts.scope ?? "shop-api"}]`,
    "    request: [oncall, leads]",
    "    approve: leads",
    "    actions: [restart, rebootWorker, start, scaleOut, scaleUp, autoHeal, healthCheck]",
    "",
  ].join("\n");
}

/** The people and channels of opsPolicy in the emulator. */
export function addOpsPeople(h: Harness): void {
  h.emu.users.add({ id: CAROL, name: "carol", tz: "Europe/London" });
  h.emu.users.add({ id: MALLORY, name: "mallory", tz: "UTC" });
  h.emu.usergroups.add({ id: LEADS, handle: "leads", users: [CAROL] });
  h.emu.channels.add({ id: OPS, name: "prod-ops", is_member: true });
  h.emu.channels.add({ id: OTHER, name: "random", is_member: true });
}

/** A verification watch on the simulator's clock: polls advance it instead of waiting. */
export function simVerify(azure: Azure, durationMs = 5 * MINUTE): NonNullable<BotDeps["approvals"]> {
  return {
    verify: {
      durationMs,
      pollMs: MINUTE,
      clock: azure.clock,
      sleep: async (ms: number) => {
        azure.clock.advance(ms);
      },
    },
    sweepMs: 50,
  };
}

/** Top-level messages of the channel carrying an Approve button. */
export function proposals(h: Harness, channel: string) {
  return h.emu.store.channelMessages(channel).filter((m) => blockText(m.blocks).includes('"appsvc_approve"'));
}

/** Runs a command and returns the proposal it posted (fails when it posted none). */
export async function proposeVia(h: Harness, text: string, channel = OPS, userId = USER) {
  const before = proposals(h, channel).length;
  const ack = await h.emu.driver.slashCommand(h.botUrl, { text, channelId: channel, userId });
  if (ack.status !== 200) throw new Error(`slash command answered ${ack.status}`);
  await h.idle();
  const all = proposals(h, channel);
  if (all.length !== before + 1) {
    const said = h.emu.store.ephemeralsFor(userId, channel).map((e) => e.text);
    throw new Error(`no proposal posted for "${text}"; the asker was told: ${JSON.stringify(said)}`);
  }
  return all[all.length - 1];
}

/** The approval id an Approve button of a stored proposal message carries. */
export function approvalIdOf(blocks: unknown): string {
  const id =
    /"action_id":"appsvc_approve"[^}]*?"value":"([^"]+)"|"value":"([^"]+)"[^}]*?"action_id":"appsvc_approve"/.exec(
      JSON.stringify(blocks),
    );
  if (!id) throw new Error("no Approve button");
  return id[1] ?? id[2];
}

/** Clicks a button of a stored message as `userId` and waits for the bot to finish. */
export async function clickAs(h: Harness, channel: string, ts: string, actionId: string, userId: string) {
  const r = await h.emu.driver.clickButton(h.botUrl, { channelId: channel, messageTs: ts, actionId, userId });
  if (r.status !== 200) throw new Error(`click answered ${r.status}`);
  await h.idle(20_000);
  return r;
}

/** The message as it is now (its last update), as text and block JSON. */
export function current(h: Harness, channel: string, ts: string): { text: string; blocks: string } {
  const m = h.emu.store.findMessage(channel, ts);
  if (!m) throw new Error(`no message ${channel}/${ts}`);
  const last = m.updates.at(-1);
  return { text: last?.text ?? m.text, blocks: blockText(last?.blocks ?? m.blocks) };
}

/** Ephemeral messages the user saw in the channel (texts). */
export function toldTo(h: Harness, user: string, channel: string): string[] {
  return h.emu.store.ephemeralsFor(user, channel).map((e) => `${e.text} ${blockText(e.blocks)}`);
}

/** Requests the Azure simulator saw on a route. */
export function armCalls(azure: Azure, route: string): number {
  return azure.sim.requests.filter((r) => r.route === route).length;
}

/**
 * Sends `app_home_opened` for `user` as Slack's Events API does over HTTP (signed JSON), and returns the
 * Home view the bot publishes in answer (the emulator has no HTTP events driver).
 */
export async function openHome(h: Harness, user: string): Promise<{ status: number; view: string }> {
  const body = JSON.stringify({
    token: "x",
    team_id: h.emu.team.id,
    api_app_id: h.emu.bot.appId,
    type: "event_callback",
    event_id: `Ev0HOME${user}${Date.now()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: h.emu.team.id, user_id: h.emu.bot.userId, is_bot: true }],
    event: { type: "app_home_opened", user, channel: `D0${user}`, tab: "home", event_ts: "1.000001" },
  });
  const ts = Math.floor(Date.now() / 1000);
  h.emu.store.views.delete(user);
  const res = await fetch(`${h.botUrl}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signSlackRequest(h.emu.signingSecret, ts, body),
    },
    body,
  });
  const view = await h.emu.driver.waitFor((s) => s.views.get(user));
  return { status: res.status, view: JSON.stringify(view.view) };
}

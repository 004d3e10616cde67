// `npm run bench faults`: 100 read commands against the real bot (Bolt over HTTP, production read settings:
// 12 s command deadline, SDK retries on) while 30 % of Azure requests fail at random — 500, 503, 429 with
// Retry-After: 30, 429 without Retry-After, or a hang (never answered). Reports how many commands were
// answered within 15 s, how many answers carried content, and whether the others named what failed.
// The Slack emulator and the Azure simulator run in this process; faults come from a seeded generator, so
// two runs inject the same sequence of faults (the order requests reach the simulator still varies).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createArmFleet } from "../src/azure/arm-fleet.ts";
import { staticTokenCredential } from "../src/azure/credentials.ts";
import { writerFromConfig } from "../src/azure/from-config.ts";
import { startBot } from "../src/bot.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { SIM_WORKSPACE_ID } from "../src/sim/azure/cli.ts";
import { manualClock } from "../src/sim/azure/fleet.ts";
import { addScenario, buildScenario } from "../src/sim/azure/scenarios/index.ts";
import { startAzureSim } from "../src/sim/azure/server.ts";
import { startSlackEmulator } from "../src/sim/slack/server.ts";
import type { BenchResult } from "./run.ts";
import { median, percentile, round } from "./stats.ts";

const COMMANDS = 100;
const CONCURRENCY = 10;
const FAULT_RATE = 0.3;
const ANSWER_LIMIT_MS = 15_000;
const VERBS = ["status", "diagnose", "health", "logs", "metrics"];
const T_END = Date.UTC(2026, 10, 24, 11, 0);

/** mulberry32: a small seeded generator, so the fault sequence is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = [
  { name: "500", spec: { status: 500 } },
  { name: "503", spec: { status: 503 } },
  { name: "429 + Retry-After 30", spec: { status: 429, retryAfterSeconds: 30 } },
  { name: "429", spec: { status: 429 } },
  { name: "hang", spec: { hang: true } },
];

/** The failure kinds of an error answer (their titles), and the Azure calls an answer can name. */
const ERROR_TITLE = /^(🔒|❓|🐢|⌛|☁️|⚠️|❗)/u;
const NAMES_A_CALL =
  /(webApps\.\w+|appServicePlans\.\w+|metrics\.list|metricsBatch|availabilityStatuses\.\w+|activityLogs\.list|logs \w+ shop-api|events\.\w+|autoscaleSettings\.\w+)/;

interface Outcome {
  /** What an error answer says failed: its title and the call it names. */
  failed?: string;
  /** The first line of an error answer not naming its call. */
  unnamed?: string;
  ms: number;
  ackMs: number;
  kind: "content" | "error-named" | "error-unnamed" | "none";
  notRead: boolean;
}

function tally(xs: string[]): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1]);
}

export async function run(): Promise<BenchResult> {
  const clock = manualClock(T_END);
  const fleet = buildScenario("S1", clock);
  addScenario(fleet, "healthy", { appName: "web", resourceGroup: "rg-web-a" });
  const sim = await startAzureSim({ fleet });
  const emu = await startSlackEmulator();
  emu.users.add({ id: "U0ALICE", name: "alice", tz: "Europe/Berlin" });
  const dataDir = mkdtempSync(join(tmpdir(), "appsvc-bench-faults-"));
  const config = loadConfig({
    SLACK_BOT_TOKEN: emu.botToken,
    SLACK_SIGNING_SECRET: emu.signingSecret,
    SLACK_API_URL: emu.apiUrl,
    PORT: "0",
    AZURE_SUBSCRIPTION_IDS: fleet.subscriptions.join(","),
    AZURE_RESOURCE_MANAGER_ENDPOINT: sim.url,
    AZURE_METRICS_BATCH_ENDPOINT: sim.metricsBatchEndpointTemplate,
    AZURE_LOG_ANALYTICS_ENDPOINT: sim.logsEndpoint,
    AZURE_LOG_ANALYTICS_WORKSPACE_ID: SIM_WORKSPACE_ID,
    LOG_LEVEL: "error",
    APPSVC_DATA_DIR: dataDir,
  });
  const log = createLogger({ level: "error", destination: { write: () => undefined } });
  const bot = await startBot(config, {
    log,
    // Production read settings: the ArmFleet's default SDK retries and the bot's default 12 s deadline.
    fleet: (yieldTo) =>
      createArmFleet({
        subscriptionIds: config.azure.subscriptionIds,
        credential: staticTokenCredential("bench-token"),
        armEndpoint: config.azure.armEndpoint,
        metricsBatchEndpointTemplate: config.azure.metricsBatchEndpoint,
        logs: config.azure.logs,
        ca: sim.ca,
        now: clock.now,
        yieldTo,
      }),
    fleetSpec: null,
    writer: writerFromConfig(config.azure, { credential: staticTokenCredential("bench-token"), ca: sim.ca }),
    now: clock.now,
    policy: null,
  });
  const url = `http://127.0.0.1:${bot.port}`;
  let seq = 0;
  const channel = () => {
    const id = `C0F${(++seq).toString().padStart(4, "0")}`;
    emu.channels.add({ id, name: `faults-${seq}`, is_member: true });
    return id;
  };
  const finalOf = (ch: string) => {
    const m = emu.store.channelMessages(ch)[0];
    if (!m) return undefined;
    const last = m.updates.at(-1);
    const text = last?.text ?? m.text;
    return text.startsWith("⏳") ? undefined : { text, blocks: JSON.stringify(last?.blocks ?? m.blocks ?? []) };
  };

  // Warm the app list without faults (a cold list under faults measures the listing, not the answers).
  const warm = channel();
  await emu.driver.slashCommand(url, { text: "list", channelId: warm });
  await emu.driver.waitFor(() => finalOf(warm), 20_000).catch(() => undefined);

  const random = seeded(13);
  // Conditional chances in order, so each kind fires on 6 % of requests and 30 % fail in all.
  let left = 1;
  for (const k of KINDS) {
    const share = FAULT_RATE / KINDS.length;
    sim.faults.add({ route: /./, ...k.spec, chance: share / left, random });
    left -= share;
  }

  const one = async (i: number): Promise<Outcome> => {
    const ch = channel();
    const verb = VERBS[i % VERBS.length];
    const started = performance.now();
    const ack = await emu.driver.slashCommand(url, { text: `${verb} shop-api`, channelId: ch });
    const answer = await emu.driver.waitFor(() => finalOf(ch), 30_000).catch(() => undefined);
    const ms = performance.now() - started;
    if (!answer) return { ms, ackMs: ack.ackMs, kind: "none", notRead: false };
    const isError = ERROR_TITLE.test(answer.text);
    return {
      ms,
      ackMs: ack.ackMs,
      kind: !isError ? "content" : NAMES_A_CALL.test(answer.blocks) ? "error-named" : "error-unnamed",
      ...(isError && !NAMES_A_CALL.test(answer.blocks) ? { unnamed: answer.text.slice(0, 120) } : {}),
      ...(isError
        ? { failed: `${answer.text.split(":")[0]} — ${NAMES_A_CALL.exec(answer.blocks)?.[0].split(" ")[0] ?? "?"}` }
        : {}),
      notRead: !isError && /Not read: [^"]*(timed out|throttled|\d{3}\b)/.test(answer.blocks),
    };
  };

  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < COMMANDS) outcomes.push(await one(next++));
    }),
  );
  sim.faults.clear();
  const faulted = sim.requests.length;
  await bot.stop(5_000);
  await emu.close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });

  const count = (p: (o: Outcome) => boolean) => outcomes.filter(p).length;
  const times = outcomes.map((o) => o.ms);
  return {
    name: `${COMMANDS} commands (${VERBS.join("/")} shop-api, ${CONCURRENCY} at a time) under ${FAULT_RATE * 100} % random Azure faults`,
    rows: [
      {
        measure: `answered within ${ANSWER_LIMIT_MS / 1000} s`,
        value: count((o) => o.kind !== "none" && o.ms <= ANSWER_LIMIT_MS),
      },
      { measure: "answers with content", value: count((o) => o.kind === "content") },
      { measure: "  of which name a read not made (Not read: …)", value: count((o) => o.notRead) },
      { measure: "error answers naming the failed call", value: count((o) => o.kind === "error-named") },
      { measure: "error answers not naming it", value: count((o) => o.kind === "error-unnamed") },
      { measure: "no answer", value: count((o) => o.kind === "none") },
      { measure: "time to answer, median (s)", value: round(median(times) / 1000, 2) },
      { measure: "time to answer, p95 (s)", value: round(percentile(times, 95) / 1000, 2) },
      { measure: "time to answer, max (s)", value: round(Math.max(...times) / 1000, 2) },
      { measure: "ack, max (ms)", value: round(Math.max(...outcomes.map((o) => o.ackMs)), 0) },
    ],
    notes: [
      ...tally(outcomes.flatMap((o) => (o.failed ? [o.failed] : []))).map(([k, n]) => `errors: ${n} × ${k}`),
      ...[...new Set(outcomes.flatMap((o) => (o.unnamed ? [o.unnamed] : [])))].map((t) => `unnamed: ${t}`),
      `Fault kinds, 6 % of requests each: ${KINDS.map((k) => k.name).join(", ")}; ${faulted} Azure requests in all.`,
    ],
  };
}

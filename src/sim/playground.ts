// `npm run dev [-- "<command>"]`: the local playground. Starts the Azure simulator with the demo fleet (a clock
// that runs on from the end of the scenarios' lookback), the Slack workspace emulator, and the real bot in
// HTTP mode against both. With a command it sends that one /appsvc through the emulator, prints what the
// channel shows (text fallbacks) and writes uploaded files to ./out/, then exits. Without one it keeps running,
// prints how to point a separately started bot at the simulators, and reads commands from stdin.
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { createArmFleet } from "../azure/arm-fleet.ts";
import { staticTokenCredential } from "../azure/credentials.ts";
import { type RunningBot, startBot } from "../bot.ts";
import { loadConfig } from "../config.ts";
import { ALERTS_PATH } from "../http/alerts.ts";
import { createLogger } from "../log.ts";
import { AlertFiring, defaultAlertRules } from "./azure/alerts/fire.ts";
import { envLines, SIM_WORKSPACE_ID } from "./azure/cli.ts";
import { MINUTE, wallClock } from "./azure/fleet.ts";
import { buildScenario } from "./azure/scenarios/index.ts";
import { startAzureSim } from "./azure/server.ts";
import { type SlackEmulator, startSlackEmulator } from "./slack/server.ts";

const CHANNEL = "C0OPS";
const USER = "U0ALICE";
const OUT_DIR = resolve("out");

export interface PlaygroundArgs {
  command?: string;
  /** Send REPL commands to a separately started bot (HTTP) instead of the in-process one. */
  botUrl?: string;
  /** Send REPL commands over Socket Mode (to a separately started bot with SLACK_APP_TOKEN). */
  socket: boolean;
}

export function parseArgs(argv: string[]): PlaygroundArgs {
  const args: PlaygroundArgs = { socket: false };
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--bot-url") args.botUrl = argv[++i];
    else if (a.startsWith("--bot-url=")) args.botUrl = a.slice("--bot-url=".length);
    else if (a === "--socket") args.socket = true;
    else words.push(a);
  }
  const text = words
    .join(" ")
    .replace(/^\/appsvc\s*/, "")
    .trim();
  if (text) args.command = text;
  return args;
}

/** Files and messages seen so far, so each command prints only what it added. */
interface Seen {
  messages: number;
  ephemerals: number;
  files: Set<string>;
  updates: Map<string, number>;
}

const seenNow = (emu: SlackEmulator): Seen => ({
  messages: emu.store.messages.length,
  ephemerals: emu.store.ephemerals.length,
  files: new Set(emu.store.files.keys()),
  updates: new Map(emu.store.messages.map((m) => [m.ts, m.updates.length])),
});

async function report(emu: SlackEmulator, before: Seen, print: (s: string) => void): Promise<void> {
  for (const e of emu.store.ephemerals.slice(before.ephemerals)) print(`  (only you) ${e.text}`);
  for (const m of emu.store.messages) {
    const isNew = emu.store.messages.indexOf(m) >= before.messages;
    const updated = m.updates.length > (before.updates.get(m.ts) ?? 0);
    if (!isNew && !updated) continue;
    if (m.files?.length && !m.text) continue;
    const where = m.thread_ts && m.thread_ts !== m.ts ? "  in thread: " : "  #ops: ";
    print(`${where}${m.text}${m.updates.length ? ` (updated ${m.updates.length}×)` : ""}`);
  }
  const files = [...emu.store.files.values()].filter((f) => !before.files.has(f.id) && f.bytes);
  if (files.length) await mkdir(OUT_DIR, { recursive: true });
  for (const f of files) {
    const path = join(OUT_DIR, `${f.id}-${f.name.replace(/[^A-Za-z0-9._-]+/g, "-")}`);
    await writeFile(path, f.bytes as Buffer);
    print(`  file "${f.title}" (${f.mimetype}, ${f.bytes?.length} bytes, in the thread) → ${path}`);
  }
}

async function waitIdle(emu: SlackEmulator, bot: RunningBot | undefined, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  // An outside bot cannot be asked: wait until the emulator has seen no call for a moment.
  let calls = emu.calls.length;
  let quietSince = performance.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    if (emu.calls.length !== calls) {
      calls = emu.calls.length;
      quietSince = performance.now();
    }
    const done = bot ? bot.lifecycle.inFlight === 0 : performance.now() - quietSince > 1_500;
    if (done || performance.now() > deadline) return;
  }
}

async function send(
  emu: SlackEmulator,
  target: { bot?: RunningBot; url: string; socket: boolean },
  text: string,
  print: (s: string) => void,
): Promise<void> {
  const before = seenNow(emu);
  const click = /^click\s+(\S+)$/i.exec(text);
  if (click) {
    const actionId = click[1] === "diagnose" ? "appsvc_diagnose" : click[1];
    const msg = [...emu.store.messages]
      .reverse()
      .find((m) => JSON.stringify(m.blocks ?? []).includes(`"action_id":"${actionId}"`));
    if (!msg) return print(`  no message with a "${actionId}" button yet`);
    const args = { channelId: msg.channel, messageTs: msg.ts, actionId, userId: USER };
    if (target.socket) await emu.driver.socketClickButton(args);
    else await emu.driver.clickButton(target.url, args);
  } else {
    const cmd = { text, channelId: CHANNEL, userId: USER };
    const ack = target.socket
      ? await emu.driver.socketSlashCommand(cmd)
      : await emu.driver.slashCommand(target.url, cmd);
    print(`> /appsvc ${text}   (acknowledged in ${Math.round(ack.ackMs)} ms)`);
  }
  await waitIdle(emu, target.bot);
  await report(emu, before, print);
}

/** The playground's webhook token (local only; a deployment sets its own APPSVC_ALERTS_TOKEN). */
const PLAYGROUND_ALERTS_TOKEN = "playground-alerts-token";

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const print = (s: string) => process.stdout.write(`${s}\n`);
  const clock = wallClock(Math.floor(Date.now() / MINUTE) * MINUTE);
  const fleet = buildScenario("demo", clock);
  const sim = await startAzureSim({ fleet });
  const emu = await startSlackEmulator();
  emu.channels.add({ id: CHANNEL, name: "ops" });
  emu.users.add({ id: USER, name: "alice", tz: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC" });
  const log = createLogger({ level: process.env.LOG_LEVEL ?? "warn" });
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
    // The simulator fires the demo apps' alert rules at the bot's webhook; alerts land in #ops.
    APPSVC_ALERTS_TOKEN: PLAYGROUND_ALERTS_TOKEN,
    APPSVC_ALERTS_CHANNEL: CHANNEL,
  });
  const arm = createArmFleet({
    subscriptionIds: config.azure.subscriptionIds,
    credential: staticTokenCredential("playground"),
    armEndpoint: config.azure.armEndpoint,
    metricsBatchEndpointTemplate: config.azure.metricsBatchEndpoint,
    logs: config.azure.logs,
    ca: sim.ca,
    now: clock.now,
  });
  const bot = await startBot(config, { log, fleet: arm, now: clock.now });
  const botUrl = `http://127.0.0.1:${bot.port}`;
  const firing = new AlertFiring({
    fleet,
    rules: fleet.sites.flatMap((site) => defaultAlertRules().map((rule) => ({ site, rule }))),
    webhookUrl: `${botUrl}${ALERTS_PATH}?token=${PLAYGROUND_ALERTS_TOKEN}`,
  });
  // Interactive only: a one-shot command should not race an alert thread.
  if (!args.command) firing.start(60_000);
  const close = async () => {
    firing.stop();
    await bot.stop(5_000);
    await emu.close();
    await sim.close();
  };

  if (args.command) {
    print(
      `appsvc playground: ${fleet.sites.length} demo apps in the Azure simulator, Slack emulator, bot in HTTP mode`,
    );
    await send(emu, { bot, url: botUrl, socket: false }, args.command, print);
    await close();
    return;
  }

  const inProcess = { bot, url: botUrl, socket: false };
  let target: { bot?: RunningBot; url: string; socket: boolean } =
    args.botUrl || args.socket ? { url: args.botUrl ?? "", socket: args.socket } : inProcess;
  print(
    [
      "appsvc playground",
      `  Azure simulator   ${sim.url}  (demo fleet: ${fleet.sites.map((s) => s.name).join(", ")})`,
      `  Slack emulator    ${emu.url}  (channel #ops, user alice)`,
      `  bot (in-process)  ${botUrl}/slack/events, ${botUrl}/healthz, ${botUrl}${ALERTS_PATH}`,
      "  alerts            the simulator evaluates each demo app's alert rules every minute and POSTs them to the bot",
      "",
      "Type a command (without /appsvc), e.g.:",
      "  status shop-api --window 3h      diagnose checkout-web --window 3h      list",
      "  metrics shop-api Http5xx cpu     health     logs orders-api     links shop-api",
      "  click diagnose         (presses Diagnose on the latest answer that has the button)",
      "  use <bot-url> | use socket | use in-process   (which bot the commands go to)",
      `Uploaded files are written to ${OUT_DIR}/.`,
      "",
      "To run the bot separately (node src/main.ts) against these simulators, export these in another",
      "terminal, start it, then type `use http://127.0.0.1:3001` here (or `use socket` with SLACK_APP_TOKEN):",
      `export SLACK_API_URL='${emu.apiUrl}'`,
      `export SLACK_BOT_TOKEN='${emu.botToken}'`,
      `export SLACK_SIGNING_SECRET='${emu.signingSecret}'`,
      `# Socket Mode instead of HTTP: export SLACK_APP_TOKEN='${emu.appToken}'`,
      "export PORT=3001",
      ...envLines(sim),
      "",
    ].join("\n"),
  );
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "/appsvc " });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    rl.close();
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  let inputEnded = false;
  rl.once("close", () => {
    inputEnded = true;
  });
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim().replace(/^\/appsvc\s*/, "");
    const use = /^use\s+(\S+)$/i.exec(text);
    if (use) {
      const to = use[1];
      target =
        to === "in-process" ? inProcess : to === "socket" ? { url: "", socket: true } : { url: to, socket: false };
      print(`  commands now go to ${to === "socket" ? "the Socket Mode connection" : to}`);
    } else if (text) {
      await send(emu, target, text, print).catch((e: unknown) => print(`  failed: ${(e as Error).message}`));
    }
    if (!inputEnded) rl.prompt();
  }
  // End of input (Ctrl-D, or a piped script): stop once every command has been answered.
  stop();
}

if (import.meta.main) {
  main().catch((e: unknown) => {
    process.stderr.write(`playground failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}

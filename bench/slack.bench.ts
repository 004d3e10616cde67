// The Slack front end under load, end to end: the real bot (Bolt, HTTP mode) in this process, the Slack
// emulator and its driver in a child process (Slack is another machine: its work must not share the bot's
// event loop), and the Azure simulator in a third (bench/sim-host.ts).
//  1. Ack latency of 50 concurrent slash commands while Azure answers every call in 2 s (target p99 ≤ 50 ms):
//     three bursts after a first one (reported apart: cold code), each after the previous one was answered;
//     and acks of `help` sent every 50 ms while those answers are built and posted (the event loop at its
//     busiest).
//  2. `status` time to answer (command sent → final chat.update) against the critical path at 100 ms per call:
//     resolve (warm: 0 round trips) + snapshot (1 round trip) = 100 ms.
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { type RunningBot, startBot } from "../src/bot.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/log.ts";
import { startSlackEmulator } from "../src/sim/slack/server.ts";
import { type EmulatorProcess, startEmulatorProcess } from "./emulator-process.ts";
import type { BenchResult } from "./run.ts";
import { type SimProcess, simFleet, startSimProcess } from "./sim-process.ts";
import { median, percentile, round } from "./stats.ts";

const CONCURRENT = 50;
const SLOW_MS = 2_000;
const FAST_MS = 100;
const STATUS_RUNS = 10;
const COMMAND = "status shop-api --window 3h";

// ---- the emulator side (child process) ----

type Request =
  | { op: "burst"; url: string; text: string; channels: string[] }
  | { op: "answeredAt"; channel: string }
  | { op: "probe"; url: string; text: string; channel: string; everyMs: number; forMs: number };

interface Ack {
  /** Request written → ack received, as Slack times it. */
  ms: number;
  /** Before the request was written: the load generator's own queueing (50 requests from one event loop). */
  queued: number;
  status: number;
}

async function emulatorHost(): Promise<void> {
  const emu = await startSlackEmulator();
  const channel = (id: string) => {
    if (!emu.store.channels.has(id)) emu.channels.add({ id, name: id.toLowerCase() });
    return id;
  };
  process.send?.({ apiUrl: emu.apiUrl, botToken: emu.botToken, signingSecret: emu.signingSecret });
  process.on("message", async (m: Request) => {
    if (m.op === "burst") {
      const sentAt = Date.now();
      const acks = await Promise.all(
        m.channels.map((c) => emu.driver.slashCommand(m.url, { text: m.text, channelId: channel(c) })),
      );
      process.send?.({ sentAt, acks: acks.map((a) => ({ ms: a.ackMs, queued: a.queuedMs, status: a.status })) });
    } else if (m.op === "probe") {
      // One command every `everyMs` while the bot is busy answering: acks under the answer-phase load.
      const pending: Array<Promise<Ack>> = [];
      const until = performance.now() + m.forMs;
      while (performance.now() < until) {
        pending.push(
          emu.driver
            .slashCommand(m.url, { text: m.text, channelId: channel(m.channel) })
            .then((a) => ({ ms: a.ackMs, queued: a.queuedMs, status: a.status })),
        );
        await new Promise((r) => setTimeout(r, m.everyMs));
      }
      process.send?.({ acks: await Promise.all(pending) });
    } else {
      const update = emu.calls.find((c) => c.method === "chat.update" && c.body.channel === m.channel && c.ok);
      process.send?.({ at: update?.at ?? null });
    }
  });
  process.on("disconnect", () => void emu.close().then(() => process.exit(0)));
}

if (process.env.SLACK_BENCH_ROLE === "emulator") await emulatorHost();

// ---- the bot side (this process) ----

type Emu = EmulatorProcess<Request>;
const startEmulator = () => startEmulatorProcess<Request>(import.meta.url, "SLACK_BENCH_ROLE");

interface Rig {
  emu: Emu;
  bot: RunningBot;
  url: string;
  warnings: () => number;
  close(): Promise<void>;
}

async function rig(sim: SimProcess): Promise<Rig> {
  const emu = await startEmulator();
  let warnings = 0;
  const log = createLogger({ level: "warn", destination: { write: () => void warnings++ } });
  const config = loadConfig({
    SLACK_BOT_TOKEN: emu.info.botToken,
    SLACK_SIGNING_SECRET: emu.info.signingSecret,
    SLACK_API_URL: emu.info.apiUrl,
    PORT: "0",
    AZURE_SUBSCRIPTION_IDS: sim.subscriptions.join(","),
    AZURE_RESOURCE_MANAGER_ENDPOINT: sim.url,
    AZURE_METRICS_BATCH_ENDPOINT: sim.metricsBatchEndpointTemplate,
  });
  // As in production: the bot hands its Admission turn to the Azure clients (see fleetFromConfig).
  const arm = (yieldTo: () => Promise<void>) => simFleet(sim, { yieldTo });
  const bot = await startBot(config, { log, fleet: arm, now: () => sim.now, readDeadlineMs: 60_000 });
  return {
    emu,
    bot,
    url: `http://127.0.0.1:${bot.port}`,
    warnings: () => warnings,
    close: async () => {
      await bot.stop(60_000);
      await emu.close();
    },
  };
}

async function idle(bot: RunningBot, timeoutMs = 120_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (bot.lifecycle.inFlight > 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

let channels = 0;
const newChannels = (n: number) => Array.from({ length: n }, () => `C0B${(++channels).toString().padStart(4, "0")}`);

async function burst(r: Rig, n: number) {
  return r.emu.ask<{ sentAt: number; acks: Ack[] }>({
    op: "burst",
    url: r.url,
    text: COMMAND,
    channels: newChannels(n),
  });
}

/** One `status`: ack ms and ms from sending to the final chat.update of its answer. */
async function timeToAnswer(r: Rig): Promise<{ ackMs: number; answerMs: number }> {
  const [channel] = newChannels(1);
  const { sentAt, acks } = await r.emu.ask<{ sentAt: number; acks: Ack[] }>({
    op: "burst",
    url: r.url,
    text: COMMAND,
    channels: [channel],
  });
  await idle(r.bot);
  const { at } = await r.emu.ask<{ at: number | null }>({ op: "answeredAt", channel });
  if (at === null) throw new Error(`no answer in ${channel}`);
  return { ackMs: acks[0].ms, answerMs: at - sentAt };
}

/**
 * Measured bursts, after one more: the first burst after start runs the bot's request path in V8's
 * interpreter (each request costs about twice as much until it is optimised), so it is reported on its own
 * row rather than mixed into the steady-state figure.
 */
const BURSTS = 3;

interface BurstResult {
  acks: Ack[];
  /** The first burst after the bot started (cold code paths). */
  cold: Ack[];
  p99PerBurst: number[];
  /** `help` commands sent every PROBE_EVERY_MS while the bursts' answers were built and posted. */
  probes: Ack[];
  notes: string;
}

const PROBE_EVERY_MS = 50;

async function ackBursts(sim: SimProcess): Promise<BurstResult> {
  const r = await rig(sim);
  try {
    await timeToAnswer(r); // warm: auth.test, the app list, connections
    const acks: Ack[] = [];
    let cold: Ack[] = [];
    const probes: Ack[] = [];
    const p99PerBurst: number[] = [];
    const answeredIn: number[] = [];
    // Where a slow ack comes from: the bot's longest event-loop stall and GC pause while a burst is acked.
    const gcs: Array<{ at: number; ms: number }> = [];
    const gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcs.push({ at: e.startTime, ms: e.duration });
    });
    gcObserver.observe({ entryTypes: ["gc"] });
    const loop = monitorEventLoopDelay({ resolution: 1 });
    const windows: Array<{ from: number; to: number; stallMs: number }> = [];
    for (let b = 0; b <= BURSTS; b++) {
      const t0 = performance.now();
      loop.reset();
      loop.enable();
      const sent = await burst(r, CONCURRENT);
      loop.disable();
      windows.push({ from: t0, to: performance.now(), stallMs: loop.max / 1e6 });
      if (b === 0) cold = sent.acks;
      else acks.push(...sent.acks);
      p99PerBurst.push(
        percentile(
          sent.acks.map((a) => a.ms),
          99,
        ),
      );
      // From just before Azure answers until the answers are out: snapshots, diagnosis, views, chart
      // hand-offs and Web API calls all compete with these acks.
      await new Promise((res) => setTimeout(res, Math.max(0, SLOW_MS - 100 - (performance.now() - t0))));
      const [probe] = await Promise.all([
        r.emu.ask<{ acks: Ack[] }>({
          op: "probe",
          url: r.url,
          text: "help",
          channel: "C0BPROBE",
          everyMs: PROBE_EVERY_MS,
          forMs: 2_500,
        }),
        idle(r.bot),
      ]);
      await idle(r.bot);
      answeredIn.push(performance.now() - t0);
      probes.push(...probe.acks);
    }
    // GC entries are delivered late, so they are matched to the ack windows only now.
    await new Promise((res) => setTimeout(res, 100));
    gcObserver.disconnect();
    const stalls = windows.map((w) => {
      const gcMax = Math.max(0, ...gcs.filter((g) => g.at + g.ms >= w.from && g.at <= w.to).map((g) => g.ms));
      return `${round(w.stallMs)} (${gcMax ? `GC ${round(gcMax)}` : "no GC"})`;
    });
    return {
      acks,
      cold,
      probes,
      p99PerBurst,
      notes: `bot's longest event-loop stall while a burst was acked (longest GC pause in it): ${stalls.join(" / ")} ms; each burst fully answered (50 status messages and charts) in ${answeredIn.map((x) => round(x / 1000, 1)).join(" / ")} s; bot warnings: ${r.warnings()}`,
    };
  } finally {
    await r.close();
  }
}

export async function run(): Promise<BenchResult> {
  const rows: BenchResult["rows"] = [];
  const notes: string[] = [];

  const slow = await startSimProcess(["S1", String(SLOW_MS)]);
  try {
    const a = await ackBursts(slow);
    const ms = a.acks.map((x) => x.ms);
    const withQueue = a.acks.map((x) => x.ms + x.queued);
    const probe = a.probes.map((x) => x.ms);
    const cold = a.cold.map((x) => x.ms);
    rows.push({
      case: `ack, ${CONCURRENT} concurrent /appsvc status ×${BURSTS} bursts, Azure ${SLOW_MS} ms/call (after the first)`,
      p50Ms: round(median(ms)),
      p99Ms: round(percentile(ms, 99)),
      maxMs: round(Math.max(...ms)),
      target: "p99 ≤ 50 ms",
    });
    rows.push({
      case: "  same acks, plus the load generator's own queueing",
      p50Ms: round(median(withQueue)),
      p99Ms: round(percentile(withQueue, 99)),
      maxMs: round(Math.max(...withQueue)),
    });
    rows.push({
      case: "  the first burst after the bot started (its request path not yet optimised by V8)",
      p50Ms: round(median(cold)),
      p99Ms: round(percentile(cold, 99)),
      maxMs: round(Math.max(...cold)),
    });
    rows.push({
      case: `ack of /appsvc help every ${PROBE_EVERY_MS} ms while those answers are built and posted (n=${probe.length})`,
      p50Ms: round(median(probe)),
      p99Ms: round(percentile(probe, 99)),
      maxMs: round(Math.max(...probe)),
    });
    const allOk = [...a.cold, ...a.acks, ...a.probes].every((x) => x.status === 200);
    notes.push(
      "ack = request written to the connection → ack received (how Slack times it). The 50 requests of a burst are signed and sent from one event loop on this machine; the time each waited there is the second row's addition.",
      `acks all HTTP 200: ${allOk}; p99 per burst (the first after start, then the measured ones): ${a.p99PerBurst.map((x) => round(x)).join(" / ")} ms; ${a.notes}`,
    );
  } finally {
    await slow.close();
  }

  const fast = await startSimProcess(["S1", String(FAST_MS)]);
  try {
    const r = await rig(fast);
    try {
      const cold = await timeToAnswer(r);
      const warm: number[] = [];
      const acks: number[] = [];
      for (let i = 0; i < STATUS_RUNS; i++) {
        const t = await timeToAnswer(r);
        warm.push(t.answerMs);
        acks.push(t.ackMs);
      }
      rows.push({
        case: `status time to answer, cold (first command), Azure ${FAST_MS} ms/call`,
        p50Ms: cold.answerMs,
        criticalPathMs: 2 * FAST_MS,
        ratio: round(cold.answerMs / (2 * FAST_MS), 2),
      });
      rows.push({
        case: `status time to answer, warm (median of ${STATUS_RUNS}), Azure ${FAST_MS} ms/call`,
        p50Ms: round(median(warm)),
        p99Ms: round(percentile(warm, 99)),
        criticalPathMs: FAST_MS,
        ratio: round(median(warm) / FAST_MS, 2),
      });
      rows.push({
        case: "ack, one command at a time",
        p50Ms: round(median(acks)),
        p99Ms: round(percentile(acks, 99)),
      });
      notes.push(
        "time to answer = slash command sent → chat.update of the answer (the chart is uploaded after it).",
        "critical path: warm = resolve from cache (0 round trips) + snapshot (1 round trip of parallel reads); cold adds the app list.",
      );
    } finally {
      await r.close();
    }
  } finally {
    await fast.close();
  }
  return { name: "Slack front end (Bolt HTTP mode; emulator, simulator and bot in separate processes)", rows, notes };
}

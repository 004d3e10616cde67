// Azure Monitor alerts end to end: the real bot (Bolt HTTP mode, alert webhook on its port) in this process;
// the Slack emulator, which also plays the action group POSTing the alerts, in a child process (both are
// other machines: their work must not share the bot's event loop); the Azure simulator in a third
// (bench/sim-host.ts), a generated fleet of 100 apps answering every call in 100 ms.
//  1. Alert POST → evidence pack in its thread (the chat.postMessage of the status view), one new incident at
//     a time, against the critical path of its Azure reads: resolve the app (warm: 0 round trips, from the
//     listed apps) + one snapshot (1 round trip of parallel reads) = 100 ms. Target ≤ 1.3×.
//  2. A storm: 500 alerts over 100 apps sent within seconds: messages posted, grouping ratio (incident threads
//     per alert), the bot's longest event-loop stall and its peak RSS, and that every alert is on its thread.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { type RunningBot, startBot } from "../src/bot.ts";
import { loadConfig } from "../src/config.ts";
import { ALERTS_PATH } from "../src/http/alerts.ts";
import { createLogger } from "../src/log.ts";
import { metricAlertPayload } from "../src/sim/azure/alerts/payload.ts";
import { startSlackEmulator } from "../src/sim/slack/server.ts";
import { type EmulatorProcess, startEmulatorProcess } from "./emulator-process.ts";
import type { BenchResult } from "./run.ts";
import { type SimProcess, simFleet, startSimProcess } from "./sim-process.ts";
import { median, percentile, round } from "./stats.ts";

const AZURE_MS = 100;
const APPS = 100;
/** Apps beyond the storm's, for the one-at-a-time incidents (so the storm's apps have no open thread). */
const SPARE = 30;
const SINGLE_RUNS = 15;
const STORM = 500;
const CHANNEL = "C0BENCHALERTS";
const TOKEN = "bench-alerts-token-0123456789";
const T_NOW = Date.UTC(2026, 10, 24, 11, 0);

// ---- the emulator side (child process) ----

type Request =
  | { op: "fire"; url: string; bodies: unknown[] }
  | { op: "evidenceAt"; channel: string; after: number }
  | { op: "counts"; channel: string };

async function emulatorHost(): Promise<void> {
  const emu = await startSlackEmulator();
  emu.channels.add({ id: CHANNEL, name: "alerts" });
  process.send?.({ apiUrl: emu.apiUrl, botToken: emu.botToken, signingSecret: emu.signingSecret });
  process.on("message", async (m: Request) => {
    if (m.op === "fire") {
      const sentAt = Date.now();
      const statuses = await Promise.all(
        m.bodies.map((b) =>
          fetch(m.url, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(b),
          }).then(async (r) => {
            await r.body?.cancel();
            return r.status;
          }),
        ),
      );
      process.send?.({ sentAt, statuses });
    } else if (m.op === "evidenceAt") {
      // The evidence pack: the first threaded chat.postMessage in the channel after `after`.
      const c = emu.calls.find(
        (x) =>
          x.method === "chat.postMessage" &&
          x.ok &&
          x.body.channel === m.channel &&
          x.body.thread_ts &&
          x.at >= m.after,
      );
      process.send?.({ at: c?.at ?? null });
    } else {
      const calls = emu.calls.filter((x) => x.ok && x.body.channel === m.channel);
      const failed = emu.calls.filter((x) => !x.ok && x.body.channel === m.channel).map((x) => `${x.method}`);
      const tops = emu.store.channelMessages(m.channel);
      process.send?.({
        posts: calls.filter((x) => x.method === "chat.postMessage").length,
        threaded: calls.filter((x) => x.method === "chat.postMessage" && x.body.thread_ts).length,
        failed,
        updates: calls.filter((x) => x.method === "chat.update").length,
        threads: tops.filter((t) => !t.text.includes("Alert storm")).length,
        summaries: tops.filter((t) => t.text.includes("Alert storm")).length,
        // Final text of each thread's top message, to check every alert is on it.
        finals: tops.map((t) => JSON.stringify(t.updates.at(-1)?.blocks ?? t.blocks)),
        files: emu.store.filesIn(m.channel).length,
      });
    }
  });
  process.on("disconnect", () => void emu.close().then(() => process.exit(0)));
}

if (process.env.ALERTS_BENCH_ROLE === "emulator") await emulatorHost();

// ---- the bot side (this process) ----

type Emu = EmulatorProcess<Request>;
const startEmulator = () => startEmulatorProcess<Request>(import.meta.url, "ALERTS_BENCH_ROLE");

interface Rig {
  emu: Emu;
  bot: RunningBot;
  url: string;
  close(): Promise<void>;
}

async function rig(sim: SimProcess): Promise<Rig> {
  const emu = await startEmulator();
  const dataDir = mkdtempSync(join(tmpdir(), "appsvc-bench-alerts-"));
  const config = loadConfig({
    SLACK_BOT_TOKEN: emu.info.botToken,
    SLACK_SIGNING_SECRET: emu.info.signingSecret,
    SLACK_API_URL: emu.info.apiUrl,
    PORT: "0",
    AZURE_SUBSCRIPTION_IDS: sim.subscriptions.join(","),
    AZURE_RESOURCE_MANAGER_ENDPOINT: sim.url,
    AZURE_METRICS_BATCH_ENDPOINT: sim.metricsBatchEndpointTemplate,
    APPSVC_DATA_DIR: dataDir,
    APPSVC_ALERTS_TOKEN: TOKEN,
    APPSVC_ALERTS_CHANNEL: CHANNEL,
    LOG_LEVEL: "warn",
  });
  const bot = await startBot(config, {
    log: createLogger({ level: "warn" }),
    fleet: (yieldTo) => simFleet(sim, { yieldTo }),
    fleetSpec: null,
    now: () => sim.now,
    policy: null,
  });
  return {
    emu,
    bot,
    url: `http://127.0.0.1:${bot.port}${ALERTS_PATH}?token=${TOKEN}`,
    close: async () => {
      await bot.stop(10_000);
      await emu.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The generated fleet's app IDs, listed through the same SDK clients the bot uses. */
async function appIds(sim: SimProcess): Promise<string[]> {
  const fleet = simFleet(sim);
  const apps = await fleet.listApps();
  return apps.map((a) => a.id);
}

function alert(appId: string, rule: string, severity: number) {
  return metricAlertPayload({
    alertGuid: randomUUID(),
    subscriptionId: appId.split("/")[2],
    targetId: appId,
    rule,
    severity,
    condition: "Fired",
    firedAt: T_NOW - 60_000,
    metric: "Http5xx",
    operator: "GreaterThan",
    threshold: 10,
    observed: 42,
    aggregation: "Total",
    windowMinutes: 5,
  });
}

async function idle(bot: RunningBot, timeoutMs: number): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (bot.lifecycle.inFlight > 0 && performance.now() < until) await new Promise((r) => setTimeout(r, 20));
}

export async function run(): Promise<BenchResult> {
  const rows: BenchResult["rows"] = [];
  const notes: string[] = [];
  const sim = await startSimProcess([`fleet:${APPS + SPARE}:1:1`, String(AZURE_MS), String(T_NOW)]);
  try {
    const ids = await appIds(sim);
    const r = await rig(sim);
    try {
      // 1. One new incident at a time: POST → evidence pack in its thread.
      const single = ids.slice(APPS, APPS + SPARE);
      const timeOne = async (body: unknown): Promise<number> => {
        const sent = await r.emu.ask<{ sentAt: number; statuses: number[] }>({
          op: "fire",
          url: r.url,
          bodies: [body],
        });
        await idle(r.bot, 30_000);
        const ev = await r.emu.ask<{ at: number | null }>({ op: "evidenceAt", channel: CHANNEL, after: sent.sentAt });
        if (ev.at === null) throw new Error("no evidence pack posted");
        // Incidents a few seconds apart, as separate pages are: the channel's posting budget (Slack's 1/s,
        // bursts of 3) has refilled, so this times the bot and Azure, not Slack's pacing (the storm does that).
        await new Promise((res) => setTimeout(res, 3_000));
        return ev.at - sent.sentAt;
      };
      const times: number[] = [];
      for (let i = 0; i <= SINGLE_RUNS; i++) times.push(await timeOne(alert(single[i % single.length], "http5xx", 1)));
      const [cold, ...warm] = times;
      // The same app again: its previous incident resolved, a new one fires (its reads' caches are warm, as a
      // repeated /appsvc status is).
      // One app not used above: its first incident warms its caches and is not counted.
      const again: number[] = [];
      for (let i = 0; i <= SINGLE_RUNS; i++) {
        const body = alert(single[SINGLE_RUNS + 1], "http5xx", 1);
        const ms = await timeOne(body);
        if (i > 0) again.push(ms);
        const resolved = structuredClone(body) as { data: { essentials: Record<string, unknown> } };
        resolved.data.essentials.monitorCondition = "Resolved";
        resolved.data.essentials.resolvedDateTime = new Date(T_NOW).toISOString();
        await r.emu.ask({ op: "fire", url: r.url, bodies: [resolved] });
        await idle(r.bot, 30_000);
      }
      rows.push({
        case: "alert POST → evidence pack, first alert (the app list is read first)",
        p50Ms: cold,
        criticalPathMs: AZURE_MS * 3,
        ratio: round(cold / (AZURE_MS * 3), 2),
      });
      rows.push({
        case: `alert POST → evidence pack, a new app's first incident (n=${warm.length}), Azure ${AZURE_MS} ms/call`,
        p50Ms: round(median(warm)),
        p95Ms: round(percentile(warm, 95)),
        criticalPathMs: AZURE_MS,
        ratio: round(median(warm) / AZURE_MS, 2),
        p95Ratio: round(percentile(warm, 95) / AZURE_MS, 2),
        target: "≤ 1.3×",
      });
      rows.push({
        case: `alert POST → evidence pack, the same app's next incident (n=${again.length})`,
        p50Ms: round(median(again)),
        p95Ms: round(percentile(again, 95)),
        criticalPathMs: AZURE_MS,
        ratio: round(median(again) / AZURE_MS, 2),
        p95Ratio: round(percentile(again, 95) / AZURE_MS, 2),
        target: "≤ 1.3×",
      });
      notes.push(
        "critical path: resolve the app from the listed apps (warm: 0 round trips; first: the list, 2 pages of 50) + one snapshot (1 round trip of parallel reads).",
        "time = the action group's POST sent → the evidence pack's chat.postMessage received by the emulator (the top-level message is posted before it; the chart is uploaded after it).",
      );

      // 2. The storm, into the same channel (counted from before it).
      const stormBodies = Array.from({ length: STORM }, (_, i) =>
        alert(ids[i % APPS], `rule-${Math.floor(i / APPS)}`, i % 5),
      );
      const loop = monitorEventLoopDelay({ resolution: 1 });
      let peakRss = process.memoryUsage().rss;
      const rssTimer = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }, 20);
      const before = await r.emu.ask<{ posts: number; threaded: number; updates: number; threads: number }>({
        op: "counts",
        channel: CHANNEL,
      });
      loop.enable();
      const t0 = performance.now();
      const sent = await r.emu.ask<{ sentAt: number; statuses: number[] }>({
        op: "fire",
        url: r.url,
        bodies: stormBodies,
      });
      const acceptedMs = performance.now() - t0;
      await idle(r.bot, 600_000);
      const doneMs = performance.now() - t0;
      loop.disable();
      clearInterval(rssTimer);
      // The storm summary's last edit lands up to 2 s after the last alert.
      await new Promise((res) => setTimeout(res, 2_500));
      const after = await r.emu.ask<{
        posts: number;
        threaded: number;
        failed: string[];
        updates: number;
        threads: number;
        summaries: number;
        finals: string[];
        files: number;
      }>({ op: "counts", channel: CHANNEL });
      const threads = after.threads - before.threads;
      const lost = stormBodies.filter((b) => {
        const e = (b.data as { essentials: { alertRule: string; alertTargetIDs: string[] } }).essentials;
        const name = e.alertTargetIDs[0].split("/").pop() ?? "";
        return !after.finals.some((f) => f.includes(`${name}:`) && f.includes(e.alertRule));
      }).length;
      rows.push({
        case: `storm: ${STORM} alerts over ${APPS} apps into one channel`,
        accepted: `${sent.statuses.filter((s) => s === 200).length}/${STORM} in ${round(acceptedMs / 1000, 1)} s`,
        posted: after.posts - before.posts,
        packs: after.threaded - before.threaded,
        edits: after.updates - before.updates,
        threads,
        groupingRatio: round(threads / STORM, 2),
        lost,
        maxStallMs: round(loop.max / 1e6, 1),
        peakRssMB: round(peakRss / 2 ** 20),
        doneS: round(doneMs / 1000, 1),
      });
      notes.push(
        `Slack calls that failed in the whole run: ${after.failed.length ? after.failed.join(", ") : "none"}.`,
        `storm: posted = chat.postMessage calls (one top-level message and one evidence pack per app, plus ${after.summaries} storm summary); packs = evidence packs (thread replies); edits = chat.update of the thread messages as alerts joined; groupingRatio = incident threads / alerts; lost = alerts missing from their app's thread; doneS = until every alert was handled and every post made (posts to one channel are paced to Slack's 1/s with bursts of 3).`,
      );
    } finally {
      await r.close();
    }
  } finally {
    await sim.close();
  }
  return {
    name: "Azure Monitor alerts (bot in-process; Slack emulator and Azure simulator in their own processes)",
    rows,
    notes,
  };
}

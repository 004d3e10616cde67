// A morning digest over 500 apps (2 subscriptions × 3 regions) against the simulator in its own process, at
// 200 ms per call with ARM reads throttled to 25/s: calls by kind, the minimal number of calls, the ratio,
// wall time and peak RSS. Minimal = Σ over (subscription, region) of ⌈sites/50⌉ + ⌈plans/50⌉ metric batches,
// plus the list calls a digest cannot avoid (site and plan list pages, Service Health per subscription).
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { AppRef } from "../src/core/snapshot.ts";
import { buildDigest } from "../src/digests/build-digest.ts";
import { offThreadMetrics } from "../src/digests/metrics-off-thread.ts";
import { Admission } from "../src/slack/admission.ts";
import type { BenchResult } from "./run.ts";
import { simFleet, simFleetSpec, startSimProcess } from "./sim-process.ts";
import { round } from "./stats.ts";

const APPS = 500;
const SUBSCRIPTIONS = 2;
const REGIONS = 3;
const LATENCY_MS = 200;
const ARM_READS_PER_SECOND = 25;
/** The simulator's list page size (AzureSimOptions.pageSize default). */
const PAGE = 50;

const ceil = (n: number, d: number) => Math.ceil(n / d);

/** The fewest calls any digest of these apps needs, by kind. */
export function minimalCalls(apps: AppRef[]): Record<string, number> {
  const sites = new Map<string, number>();
  const plans = new Map<string, Set<string>>();
  const perSub = new Map<string, { sites: number; plans: Set<string> }>();
  for (const a of apps) {
    const key = `${a.subscriptionId}|${a.region}`;
    sites.set(key, (sites.get(key) ?? 0) + 1);
    const p = plans.get(key) ?? new Set<string>();
    p.add(a.planId.toLowerCase());
    plans.set(key, p);
    const s = perSub.get(a.subscriptionId) ?? { sites: 0, plans: new Set<string>() };
    s.sites++;
    s.plans.add(a.planId.toLowerCase());
    perSub.set(a.subscriptionId, s);
  }
  let siteBatches = 0;
  for (const n of sites.values()) siteBatches += ceil(n, 50);
  let planBatches = 0;
  for (const p of plans.values()) planBatches += ceil(p.size, 50);
  let siteLists = 0;
  let planLists = 0;
  for (const s of perSub.values()) {
    siteLists += ceil(s.sites, PAGE);
    planLists += ceil(s.plans.size, PAGE);
  }
  return {
    "metrics.batch": siteBatches + planBatches,
    "sites.list": siteLists,
    "plans.list": planLists,
    "events.list": perSub.size,
  };
}

const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

export async function run(): Promise<BenchResult> {
  const sim = await startSimProcess([
    `fleet:${APPS}:${SUBSCRIPTIONS}:${REGIONS}`,
    String(LATENCY_MS),
    String(Date.UTC(2026, 10, 24, 8, 0)),
    String(ARM_READS_PER_SECOND),
  ]);
  try {
    const now = sim.now;
    const admission = new Admission();
    // As the bot wires it (startBot): each response waits for an Admission turn before deserialisation.
    const newFleet = () => simFleet(sim, { yieldTo: () => admission.turn() });
    const fleet = newFleet();
    // As the bot wires it: the metric reads on a worker with its own fleet (metrics-off-thread.ts).
    const metrics = offThreadMetrics(simFleetSpec(sim), () => admission.turn());
    /** One digest, with the longest event-loop stall in it (Slack acks queue behind it) and peak RSS. */
    const measured = async (f: typeof fleet, offThread: boolean) => {
      let peakRss = process.memoryUsage().rss;
      const loop = monitorEventLoopDelay({ resolution: 1 });
      loop.enable();
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }, 100);
      const t0 = performance.now();
      const digest = await buildDigest({
        fleet: f,
        store: { listAudit: async () => [] },
        scope: () => true,
        now,
        timeZone: "Europe/Berlin",
        yieldTo: () => admission.turn(),
        ...(offThread ? { metrics } : {}),
      });
      const wallMs = performance.now() - t0;
      loop.disable();
      clearInterval(sampler);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      return { digest, wallMs, peakRss, loopMaxMs: loop.max / 1e6, loopP99Ms: loop.percentile(99) / 1e6 };
    };
    const before = await sim.requests();
    const { digest, wallMs, peakRss, loopMaxMs, loopP99Ms } = await measured(fleet, true);
    const after = await sim.requests();
    const calls: Record<string, number> = {};
    for (const [route, n] of Object.entries(after.byRoute)) {
      const d = n - (before.byRoute[route] ?? 0);
      if (d > 0) calls[route] = d;
    }
    const minimal = minimalCalls(await fleet.listApps());
    // The optional history pass (HealthCheckStatus at PT5M and the p95 baseline), lists now cached.
    const beforeHistory = await sim.requests();
    const t1 = performance.now();
    await buildDigest({
      fleet,
      store: { listAudit: async () => [] },
      scope: () => true,
      now,
      timeZone: "Europe/Berlin",
      history: true,
      metrics,
    });
    const historyMs = performance.now() - t1;
    const historyCalls = (await sim.requests()).requests - beforeHistory.requests;
    // For comparison, last (so the rows above stay comparable with earlier runs): a fresh fleet, cold
    // lists, reading in this thread.
    const inThread = await measured(newFleet(), false);
    const routes = [...new Set([...Object.keys(calls), ...Object.keys(minimal)])].sort();
    const total = sum(calls);
    const min = sum(minimal);
    return {
      name: `Digest over ${digest.total} apps (${SUBSCRIPTIONS} subscriptions × ${REGIONS} regions, ${LATENCY_MS} ms per call, ARM reads ${ARM_READS_PER_SECOND}/s)`,
      rows: [
        ...routes.map((route) => ({ kind: route, calls: calls[route] ?? 0, minimal: minimal[route] ?? 0 })),
        {
          kind: "total",
          calls: total,
          minimal: min,
          ratio: round(total / min, 2),
          wallMs: Math.round(wallMs),
          peakRssMB: Math.round(peakRss / 2 ** 20),
          loopMaxMs: Math.round(loopMaxMs),
          loopP99Ms: Math.round(loopP99Ms),
        },
      ],
      notes: [
        "targets: ratio ≤ 1.1 × minimal, wall ≤ 30 s; loopMaxMs = the longest the digest held the bot's event loop at once (a Slack ack arriving then waits that long); metric reads on a worker, as the bot runs them",
        `the same digest with the metric reads in this thread: wall ${Math.round(inThread.wallMs)} ms, peak RSS ${Math.round(inThread.peakRss / 2 ** 20)} MB, loopMaxMs ${Math.round(inThread.loopMaxMs)}, loopP99Ms ${Math.round(inThread.loopP99Ms)}`,
        `with history: true (warm lists): ${historyCalls} calls (${minimal["metrics.batch"]} + one PT5M batch per site group), ${Math.round(historyMs)} ms`,
        `apps: ${digest.counts.red} red, ${digest.counts.orange} orange, ${digest.counts.green} green, ${digest.counts.idle} idle`,
        `worst: ${digest.shown
          .slice(0, 3)
          .map((l) => `${l.score.emoji} ${l.app.name} (${l.score.score})`)
          .join(", ")}`,
      ],
    };
  } finally {
    await sim.close();
  }
}

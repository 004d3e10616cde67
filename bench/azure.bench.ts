// One status snapshot against the simulator at 100 ms per call: how many Azure calls, how long,
// and how that compares with the critical path (dependent round trips × latency).
import type { BenchResult } from "./run.ts";
import { simFleet, startSimProcess } from "./sim-process.ts";
import { median, round } from "./stats.ts";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const WARM_RUNS = 15;

export async function run(): Promise<BenchResult> {
  // The simulator runs in its own process: its CPU work must not queue behind the client's.
  const sim = await startSimProcess(["S1", String(LATENCY_MS)]);
  const now = sim.now;
  try {
    const arm = simFleet(sim);
    const window = { start: now - 3 * 3_600_000, end: now };

    // Cold: nothing cached. The app list (sites, plans) is one round trip, then the snapshot's
    // parallel reads are a second one: critical path = 2 round trips (more if the list pages).
    let from = (await sim.requests()).requests;
    let t0 = performance.now();
    const resolution = await arm.resolveApp("shop-api");
    if (resolution.kind !== "found") throw new Error("shop-api not found in the simulator");
    await arm.snapshot(resolution.app, window);
    const coldMs = performance.now() - t0;
    const coldCalls = (await sim.requests()).requests - from;

    // Warm: list, plans, autoscale and Service Health cached; the snapshot's reads all start together.
    const walls: number[] = [];
    let warmCalls = 0;
    for (let i = 0; i < WARM_RUNS; i++) {
      from = (await sim.requests()).requests;
      t0 = performance.now();
      const r = await arm.resolveApp("shop-api");
      if (r.kind !== "found") throw new Error("lost shop-api");
      await arm.snapshot(r.app, window);
      walls.push(performance.now() - t0);
      warmCalls = (await sim.requests()).requests - from;
    }
    const warmMs = median(walls);
    const critical = LATENCY_MS; // one dependent round trip
    return {
      name: `Azure snapshot (simulator at ${LATENCY_MS} ms per call)`,
      rows: [
        {
          case: "cold (first command)",
          azureCalls: coldCalls,
          wallMs: round(coldMs),
          criticalPathMs: 2 * LATENCY_MS,
          ratio: round(coldMs / (2 * LATENCY_MS), 2),
        },
        {
          case: `warm (median of ${WARM_RUNS})`,
          azureCalls: warmCalls,
          wallMs: round(warmMs),
          criticalPathMs: critical,
          ratio: round(warmMs / critical, 2),
        },
      ],
      notes: [`targets: warm ≤ 8 calls and ≤ 1.2 × critical path (${1.2 * critical} ms)`],
    };
  } finally {
    await sim.close();
  }
}

// diagnose() on a 24 h, 1-minute, 30-instance snapshot (target: median ≤ 5 ms).
// `node bench/diagnose.bench.ts`, or through `npm run bench`. Reports timings; asserts nothing.
import { fileURLToPath } from "node:url";
import { diagnose } from "../src/core/diagnose.ts";
import type { Aggregation, MetricGrid, MetricScope, Snapshot } from "../src/core/snapshot.ts";

type Row = Record<string, string | number>;

const WARMUP = 30;
const RUNS = 200;
const MIN = 60_000;
const MINUTES = 24 * 60;
const INSTANCES = 30;
const T0 = Date.UTC(2025, 5, 2, 0, 0, 0);
const SUB = "00000000-0000-0000-0000-0000000000be";
const PLAN = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan`;
const SITE = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Web/sites/big-app`;

/** Cheap deterministic noise in [-1, 1]. */
function nz(m: number, i: number, k: number): number {
  let h = Math.imul(m + 1, 2654435761) ^ Math.imul(i + 7, 40503) ^ Math.imul(k + 3, 97);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

function grid(
  name: string,
  scope: MetricScope,
  aggregation: Aggregation,
  value: (m: number, i: number) => number,
): MetricGrid {
  const perInstance: Record<string, (number | null)[]> = {};
  const all: number[] = new Array(MINUTES).fill(0);
  for (let i = 0; i < INSTANCES; i++) {
    const s: (number | null)[] = new Array(MINUTES);
    for (let m = 0; m < MINUTES; m++) {
      const v = value(m, i);
      s[m] = v;
      all[m] += aggregation === "Total" ? v : v / INSTANCES;
    }
    perInstance[`RD${String(i + 1).padStart(4, "0")}`] = s;
  }
  return { name, scope, aggregation, start: T0, grainMs: MIN, all, perInstance, source: `GET ${SITE}/metrics ${name}` };
}

/** A capacity incident (load ×3, every instance hot) from 14:00 to 15:00, quiet otherwise. */
export function bigSnapshot(incident: boolean): Snapshot {
  const spike = (m: number) => incident && m >= 840 && m < 900;
  const req = (m: number, i: number) => Math.round((spike(m) ? 300 : 100) * (1 + 0.05 * nz(m, i, 1)));
  const metrics: MetricGrid[] = [
    grid("Requests", "site", "Total", req),
    grid("Http5xx", "site", "Total", (m, i) => (spike(m) ? Math.round(req(m, i) * 0.07) : nz(m, i, 2) > 0.9 ? 1 : 0)),
    grid("Http2xx", "site", "Total", (m, i) => req(m, i)),
    grid("Http4xx", "site", "Total", () => 1),
    grid("Http403", "site", "Total", () => 0),
    grid("HttpResponseTime", "site", "Average", (m, i) => (spike(m) ? 7 : 0.3) * (1 + 0.05 * nz(m, i, 3))),
    grid("HttpResponseTime", "site", "Maximum", (m, i) => (spike(m) ? 20 : 1) * (1 + 0.1 * nz(m, i, 4))),
    grid("RequestsInApplicationQueue", "site", "Average", (m) => (spike(m) ? 20 : 0)),
    grid("CpuTime", "site", "Total", (m, i) => (spike(m) ? 50 : 20) + nz(m, i, 5)),
    grid("MemoryWorkingSet", "site", "Average", (m, i) => 2.4e9 * (1 + 0.02 * nz(m, i, 6))),
    grid("PrivateBytes", "site", "Average", (m, i) => 2.7e9 * (1 + 0.02 * nz(m, i, 7))),
    grid("Threads", "site", "Average", (m, i) => 50 + 2 * nz(m, i, 8)),
    grid("AppConnections", "site", "Average", (m, i) => 400 + 15 * nz(m, i, 9)),
    grid("CpuPercentage", "plan", "Average", (m, i) => (spike(m) ? 96 : 35) + 2 * nz(m, i, 10)),
    grid("MemoryPercentage", "plan", "Average", (m, i) => 55 + nz(m, i, 11)),
    grid("HttpQueueLength", "plan", "Average", (m) => (spike(m) ? 150 : 2)),
    grid("SocketOutboundAll", "plan", "Average", (m, i) => 300 + 15 * nz(m, i, 12)),
    grid("TcpTimeWait", "plan", "Average", (m, i) => 100 + 5 * nz(m, i, 13)),
  ];
  const instances = Object.keys(metrics[0].perInstance).map((name) => ({ name, state: "READY" }));
  return {
    app: {
      id: SITE,
      subscriptionId: SUB,
      resourceGroup: "rg",
      name: "big-app",
      location: "West Europe",
      region: "westeurope",
      kind: "app",
      planId: PLAN,
    },
    takenAt: T0 + MINUTES * MIN,
    window: { start: T0, end: T0 + MINUTES * MIN },
    site: {
      state: "Running",
      enabled: true,
      usageState: "Normal",
      availabilityState: "Normal",
      os: "windows",
      isContainer: false,
      enabledHostNames: [],
    },
    plan: {
      id: PLAN,
      name: "plan",
      resourceGroup: "rg",
      location: "West Europe",
      kind: "app",
      skuName: "P1v3",
      skuTier: "PremiumV3",
      capacity: INSTANCES,
      elasticScaleEnabled: false,
      reserved: false,
      numberOfSites: 1,
    },
    config: { autoHealEnabled: false, use32BitWorkerProcess: false, alwaysOn: true },
    instances,
    metrics,
    serviceHealth: [],
    changes: [],
    unknowns: [],
  };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const ms = (n: number) => Math.round(n * 1000) / 1000;

function time(fn: () => unknown): { median: number; p95: number; min: number } {
  for (let i = 0; i < WARMUP; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return { median: ms(quantile(t, 0.5)), p95: ms(quantile(t, 0.95)), min: ms(t[0]) };
}

export async function run(): Promise<{ name: string; rows: Row[] }> {
  const rows: Row[] = [];
  const hot = bigSnapshot(true);
  const quiet = bigSnapshot(false);
  const verdict = diagnose(hot).primary?.id ?? "none";
  rows.push({
    case: `incident (24 h × 1 min × ${INSTANCES} instances; primary ${verdict})`,
    ...ms3(time(() => diagnose(hot))),
  });
  rows.push({
    case: "no incident, explicit request (every rule runs)",
    ...ms3(time(() => diagnose(quiet, { explicit: true }))),
  });
  rows.push({ case: "no incident, state and advisory rules only", ...ms3(time(() => diagnose(quiet))) });
  return { name: "diagnose", rows };
}

function ms3(t: { median: number; p95: number; min: number }): Row {
  return { median_ms: t.median, p95_ms: t.p95, min_ms: t.min };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { name, rows } = await run();
  console.log(name);
  console.table(rows);
}

// Deterministic metric grids for chart tests, samples and the benchmark.
import type { Aggregation, MetricGrid, MetricScope, Window } from "../../src/core/snapshot.ts";

export const MIN = 60_000;
export const HOUR = 60 * MIN;

/** Small seeded PRNG (mulberry32) so every run draws the same picture. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function grid(
  name: string,
  scope: MetricScope,
  aggregation: Aggregation,
  start: number,
  perInstance: Record<string, (number | null)[]>,
  all: (number | null)[] = [],
): MetricGrid {
  return { name, scope, aggregation, start, grainMs: MIN, all, perInstance, source: "test" };
}

export function instanceIds(n: number): string[] {
  const r = rng(99);
  return Array.from({ length: n }, () =>
    Array.from({ length: 64 }, () => "0123456789abcdef"[Math.floor(r() * 16)]).join(""),
  );
}

export interface Scenario {
  window: Window;
  incident?: Window;
  grids: MetricGrid[];
}

/**
 * 24 h of 1-minute data on `instances` instances. One instance leaks memory until it is recycled;
 * near the end the leak causes 5xx, slow responses and a short metrics gap.
 */
export function memoryLeak(instances = 4, end = Date.UTC(2026, 0, 15, 8, 0)): Scenario {
  const n = 24 * 60;
  const start = end - n * MIN;
  const r = rng(7);
  const ids = instanceIds(instances);
  const leaky = ids[1 % ids.length];
  const incident = { start: end - 95 * MIN, end: end - 20 * MIN };
  const req: Record<string, (number | null)[]> = {};
  const e5: Record<string, (number | null)[]> = {};
  const rt: Record<string, (number | null)[]> = {};
  const rtMax: Record<string, (number | null)[]> = {};
  const cpu: Record<string, (number | null)[]> = {};
  const mem: Record<string, (number | null)[]> = {};
  for (const [k, id] of ids.entries()) {
    for (const m of [req, e5, rt, rtMax, cpu, mem]) m[id] = new Array(n).fill(null);
    for (let i = 0; i < n; i++) {
      const t = start + i * MIN;
      const hour = new Date(t).getUTCHours() + new Date(t).getUTCMinutes() / 60;
      const diurnal = 0.55 + 0.45 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
      const inIncident = t >= incident.start && t < incident.end;
      // A 12-minute metrics gap on the leaky instance inside the incident.
      if (id === leaky && t >= incident.start + 30 * MIN && t < incident.start + 42 * MIN) continue;
      const leakPct = id === leaky ? Math.min(97, 38 + (i / n) * 70) : 42 + 6 * r() + 3 * k;
      const requests = Math.round(900 * diurnal + 120 * r());
      const errRate = inIncident && id === leaky ? 0.25 + 0.15 * r() : r() < 0.02 ? 0.002 : 0;
      req[id][i] = requests;
      e5[id][i] = Math.round(requests * errRate);
      rt[id][i] = inIncident && id === leaky ? 3 + 4 * r() : 0.18 + 0.08 * diurnal + 0.04 * r();
      rtMax[id][i] = inIncident && id === leaky ? 60 + 170 * r() : 0.9 + 2.5 * r() * r();
      cpu[id][i] = Math.min(100, 18 + 30 * diurnal + 8 * r() + (inIncident && id === leaky ? 45 : 0));
      mem[id][i] = leakPct + r();
    }
  }
  return {
    window: { start, end },
    incident,
    grids: [
      grid("Requests", "site", "Total", start, req),
      grid("Http5xx", "site", "Total", start, e5),
      grid("HttpResponseTime", "site", "Average", start, rt),
      grid("HttpResponseTime", "site", "Maximum", start, rtMax),
      grid("CpuPercentage", "plan", "Average", start, cpu),
      grid("MemoryPercentage", "plan", "Average", start, mem),
    ],
  };
}

/** 6 h on 3 instances with a short CPU-bound spike: 5xx burst, latency and CPU at 100 %. */
export function spike(end = Date.UTC(2026, 6, 2, 1, 0)): Scenario {
  const n = 6 * 60;
  const start = end - n * MIN;
  const r = rng(11);
  const ids = instanceIds(3);
  const incident = { start: start + 200 * MIN, end: start + 232 * MIN };
  const m = () => Object.fromEntries(ids.map((id) => [id, new Array<number | null>(n).fill(null)]));
  const req = m();
  const e5 = m();
  const rt = m();
  const cpu = m();
  const mem = m();
  for (const id of ids) {
    for (let i = 0; i < n; i++) {
      const t = start + i * MIN;
      const hot = t >= incident.start && t < incident.end;
      const requests = Math.round(400 + 80 * r() + (hot ? 900 : 0));
      req[id][i] = requests;
      e5[id][i] = hot ? Math.round(requests * (0.1 + 0.3 * r())) : 0;
      rt[id][i] = hot ? 2 + 6 * r() : 0.12 + 0.05 * r();
      cpu[id][i] = hot ? 97 + 3 * r() : 25 + 10 * r();
      mem[id][i] = 55 + 5 * r() + (hot ? 12 : 0);
    }
  }
  return {
    window: { start, end },
    incident,
    grids: [
      grid("Requests", "site", "Total", start, req),
      grid("Http5xx", "site", "Total", start, e5),
      grid("HttpResponseTime", "site", "Average", start, rt),
      grid("CpuPercentage", "plan", "Average", start, cpu),
      grid("MemoryPercentage", "plan", "Average", start, mem),
    ],
  };
}

/** 24 h of 5-minute 5xx rates (%) for `count` apps; a few misbehave. */
export function fleet(count = 12, end = Date.UTC(2026, 0, 15, 8, 0)) {
  const grainMs = 5 * MIN;
  const n = (24 * HOUR) / grainMs;
  const start = end - n * grainMs;
  const r = rng(5);
  const names = [
    "shop-api",
    "checkout-web",
    "payments-gateway",
    "search-indexer",
    "catalog-api",
    "auth-service",
    "notifications-worker",
    "inventory-sync",
    "pricing-engine",
    "customer-portal",
    "reporting-api",
    "media-cdn-origin",
  ];
  const apps = Array.from({ length: count }, (_, k) => {
    const name = names[k % names.length] + (k >= names.length ? `-${Math.floor(k / names.length)}` : "");
    const values = Array.from({ length: n }, (_, i): number | null => {
      const base = r() < 0.9 ? r() * 0.4 : r() * 1.5;
      if (k === 0 && i > n - 40) return 6 + 10 * r();
      if (k === 1 && i > 100 && i < 130) return 3 + 8 * r();
      if (k === 2 && i % 60 < 4) return 2 + 6 * r();
      if (k === 3 && i > 200 && i < 215) return null;
      return base;
    });
    return { name, series: { start, grainMs, values }, highlight: k < 3 };
  });
  return { apps, window: { start, end } };
}

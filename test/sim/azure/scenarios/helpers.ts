// Test helpers: sample behaviours through the server's own Sampler (same contexts, same noise) and
// aggregate per 5-minute bucket the way Azure Monitor does; append mitigation events like the server.

import type { InstanceMinute, SimEvent, SimFleet, SimPlan, SimSite } from "../../../../src/sim/azure/fleet.ts";
import { MINUTE, manualClock } from "../../../../src/sim/azure/fleet.ts";
import { Sampler } from "../../../../src/sim/azure/sampler.ts";
import { buildScenario, workerName } from "../../../../src/sim/azure/scenarios/index.ts";
import { planOf, sitesOnPlan } from "../../../../src/sim/azure/world.ts";

export const B5 = 5 * MINUTE;
/** 11:00 UTC, so T0 = 08:00 UTC as in docs/scenarios.md. */
export const NOW = Date.UTC(2025, 2, 10, 11, 0);
export const T0 = Date.UTC(2025, 2, 10, 8, 0);
export const at = (min: number) => T0 + min * MINUTE;

export type Metric = keyof InstanceMinute;
export type Agg = "total" | "avg" | "max" | "min";

const samplers = new WeakMap<SimFleet, Sampler>();
function sampler(fleet: SimFleet): Sampler {
  let s = samplers.get(fleet);
  if (!s) {
    s = new Sampler(fleet);
    samplers.set(fleet, s);
  }
  return s;
}

export function scenario(name: string, seed = 7) {
  const fleet = buildScenario(name, manualClock(NOW), { seed });
  const site = fleet.sites[0];
  return { fleet, site, plan: planOf(fleet, site) };
}

/** Per-instance samples of one site minute, as the server produces them. */
export function siteMinute(fleet: SimFleet, site: SimSite, t: number) {
  return sampler(fleet).siteMinute(site, planOf(fleet, site), t);
}

/** Per-worker plan samples: Σ over the plan's sites, percentages capped at 100. */
export function planMinute(fleet: SimFleet, plan: SimPlan, t: number, metric: Metric) {
  const byWorker = new Map<string, number>();
  for (const s of sitesOnPlan(fleet, plan)) {
    for (const x of sampler(fleet).siteMinute(s, plan, t)) {
      const v = x.sample[metric];
      if (typeof v === "number") byWorker.set(x.instance, (byWorker.get(x.instance) ?? 0) + v);
    }
  }
  if (String(metric).endsWith("Percentage")) for (const [k, v] of byWorker) byWorker.set(k, Math.min(100, v));
  return byWorker;
}

function reduce(values: number[], agg: Agg): number {
  if (values.length === 0) return Number.NaN;
  if (agg === "total") return values.reduce((a, b) => a + b, 0);
  if (agg === "avg") return values.reduce((a, b) => a + b, 0) / values.length;
  return agg === "max" ? Math.max(...values) : Math.min(...values);
}

/** One value per 5-min bucket in [from, to): site metric, optionally one instance only. */
export function siteSeries(
  fleet: SimFleet,
  site: SimSite,
  metric: Metric,
  agg: Agg,
  from: number,
  to: number,
  instance?: string,
) {
  const out: number[] = [];
  for (let b = from; b < to; b += B5) {
    const values: number[] = [];
    for (let t = b; t < b + B5; t += MINUTE) {
      for (const s of siteMinute(fleet, site, t)) {
        if (instance && s.instance !== instance) continue;
        const v =
          agg === "max" && metric === "HttpResponseTime"
            ? (s.sample.HttpResponseTimeMax ?? s.sample[metric])
            : s.sample[metric];
        if (typeof v === "number") values.push(v);
      }
    }
    out.push(reduce(values, agg));
  }
  return out;
}

/** One value per 5-min bucket: plan metric per worker (or over all workers when `instance` is omitted). */
export function planSeries(
  fleet: SimFleet,
  plan: SimPlan,
  metric: Metric,
  agg: Agg,
  from: number,
  to: number,
  instance?: string,
) {
  const out: number[] = [];
  for (let b = from; b < to; b += B5) {
    const values: number[] = [];
    for (let t = b; t < b + B5; t += MINUTE) {
      for (const [w, v] of planMinute(fleet, plan, t, metric)) if (!instance || w === instance) values.push(v);
    }
    out.push(reduce(values, agg));
  }
  return out;
}

/** Keys emitted by any instance of the site in [from, to). */
export function emittedKeys(fleet: SimFleet, site: SimSite, from: number, to: number): Set<string> {
  const keys = new Set<string>();
  for (let t = from; t < to; t += MINUTE)
    for (const s of siteMinute(fleet, site, t)) for (const k of Object.keys(s.sample)) keys.add(k);
  return keys;
}

// Mitigations, appended at clock time like the server's write routes do.
export function push(target: { timeline: SimEvent[] }, e: SimEvent): void {
  target.timeline.push(e);
}

export function scale(plan: SimPlan, atMs: number, change: { capacity?: number; skuName?: string }): void {
  plan.timeline.push({
    at: atMs,
    type: "scale",
    ...change,
    fromCapacity: plan.sku.capacity,
    fromSkuName: plan.sku.name,
  });
  if (change.capacity !== undefined) {
    plan.sku.capacity = change.capacity;
    while (plan.workers.length < change.capacity) plan.workers.push(workerName(plan, plan.workers.length));
  }
  if (change.skuName) plan.sku.name = change.skuName;
}

export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

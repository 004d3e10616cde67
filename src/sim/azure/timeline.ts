// Reads site and plan timelines as functions of time: capacity, SKU, running state and process start times.
// An event at 10:05:30 takes effect for the minute starting 10:05, so completed minutes never change when
// a mitigation appends an event "now".

import { MINUTE, type SimEvent, type SimPlan, type SimSite } from "./fleet.ts";

/** Uptime reported when no start-like event precedes a minute: the process has been up for a week. */
export const DEFAULT_UPTIME_MINUTES = 7 * 24 * 60;

const minuteOf = (at: number): number => Math.floor(at / MINUTE) * MINUTE;

type Step<T> = { at: number; value: T };

/** Value of a step function at minute t; `steps` sorted by effective minute. */
function stepAt<T>(initial: T, steps: Step<T>[], t: number): T {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid].at <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? initial : steps[lo - 1].value;
}

/** Latest time in a sorted list that is ≤ t, or undefined. */
function latestAtOrBefore(times: number[], t: number): number | undefined {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : times[lo - 1];
}

const byTime = (a: SimEvent, b: SimEvent): number => a.at - b.at;

export interface PlanIndex {
  capacityAt(t: number): number;
  skuAt(t: number): string;
  /** Effective minutes at which instance i (re)started because of the plan: reboots, scale-out, scale-up. */
  instanceStarts(worker: string, index: number): number[];
}

export function indexPlan(plan: SimPlan): PlanIndex {
  const events = [...plan.timeline].sort(byTime);
  const scales = events.filter((e) => e.type === "scale");
  const capSteps: Step<number>[] = [];
  const skuSteps: Step<string>[] = [];
  for (const e of scales) {
    if (e.capacity !== undefined) capSteps.push({ at: minuteOf(e.at), value: e.capacity });
    if (e.skuName !== undefined) skuSteps.push({ at: minuteOf(e.at), value: e.skuName });
  }
  const firstCap = scales.find((e) => e.capacity !== undefined);
  const firstSku = scales.find((e) => e.skuName !== undefined);
  const initialCap = firstCap ? (firstCap.fromCapacity ?? firstCap.capacity ?? plan.sku.capacity) : plan.sku.capacity;
  const initialSku = firstSku ? (firstSku.fromSkuName ?? firstSku.skuName ?? plan.sku.name) : plan.sku.name;
  const max = Math.max(1, plan.workers.length);
  const capacityAt = (t: number): number => Math.max(0, Math.min(max, stepAt(initialCap, capSteps, t)));
  const skuAt = (t: number): string => stepAt(initialSku, skuSteps, t);

  // Scale-up (SKU change) restarts every instance; scale-out starts the new ones.
  const skuChanges = skuSteps
    .filter((s, i) => s.value !== (i === 0 ? initialSku : skuSteps[i - 1].value))
    .map((s) => s.at);
  const growth = capSteps.map((s) => ({ at: s.at, from: capacityAt(s.at - MINUTE), to: Math.min(max, s.value) }));
  const reboots = events.filter((e) => e.type === "rebootWorker");
  return {
    capacityAt,
    skuAt,
    instanceStarts(worker, index) {
      const out = [...skuChanges];
      for (const g of growth) if (index >= g.from && index < g.to) out.push(g.at);
      for (const r of reboots)
        if (r.type === "rebootWorker" && r.worker.toLowerCase() === worker.toLowerCase()) out.push(minuteOf(r.at));
      return out.sort((a, b) => a - b);
    },
  };
}

export interface SiteIndex {
  plan: PlanIndex;
  runningAt(t: number): boolean;
  minutesSinceStart(t: number, worker: string, index: number): number;
}

const SITE_STARTS = new Set<SimEvent["type"]>(["restart", "start", "config", "appSettings"]);

export function indexSite(site: SimSite, plan: SimPlan, planIndex: PlanIndex = indexPlan(plan)): SiteIndex {
  const events = [...site.timeline].sort(byTime);
  const runEvents = events.filter((e) => e.type === "stop" || e.type === "start");
  const runSteps = runEvents.map((e) => ({ at: minuteOf(e.at), value: e.type === "start" }));
  const initialRunning = runEvents.length > 0 ? runEvents[0].type === "stop" : site.state === "Running";
  const siteStarts = events.filter((e) => SITE_STARTS.has(e.type)).map((e) => minuteOf(e.at));
  const perInstance = new Map<string, number[]>();
  const startsFor = (worker: string, index: number): number[] => {
    const key = `${index}:${worker}`;
    let times = perInstance.get(key);
    if (!times) {
      const recycles = events
        .filter((e) => e.type === "recycle" && e.instance.toLowerCase() === worker.toLowerCase())
        .map((e) => minuteOf(e.at));
      times = [...siteStarts, ...recycles, ...planIndex.instanceStarts(worker, index)].sort((a, b) => a - b);
      perInstance.set(key, times);
    }
    return times;
  };
  return {
    plan: planIndex,
    runningAt: (t) => stepAt(initialRunning, runSteps, t),
    minutesSinceStart(t, worker, index) {
      const last = latestAtOrBefore(startsFor(worker, index), t);
      return last === undefined ? DEFAULT_UPTIME_MINUTES : Math.max(0, Math.floor((t - last) / MINUTE));
    },
  };
}

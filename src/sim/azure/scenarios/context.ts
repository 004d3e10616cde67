// Builds SampleContexts the way the server's Sampler does (same timeline index, same noise), so the logs
// a behaviour derives from its own samples agree with the metrics the server serves, request for request.

import type { SampleContext, SimPlan, SimSite } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";
import { noise } from "../sampler.ts";
import { indexPlan, indexSite } from "../timeline.ts";
import { siteId } from "../world.ts";

/** Uptime the server reports when no start-like event precedes a minute; treat values ≥ this as "never restarted". */
export { DEFAULT_UPTIME_MINUTES } from "../timeline.ts";

export interface ContextFactory {
  /** Instances serving the site in the minute starting at t. */
  count(t: number): number;
  /** The context the server passes to behaviour.sample() for instance `index` and the minute starting at t. */
  at(index: number, t: number): SampleContext;
}

/** One timeline index per call site: build it once per logs() request, not once per minute. */
export function contextFactory(seed: number, site: SimSite, plan: SimPlan): ContextFactory {
  const index = indexSite(site, plan, indexPlan(plan));
  const key = siteId(site).toLowerCase();
  return {
    count: (t) => index.plan.capacityAt(t),
    at(i, t) {
      const instance = plan.workers[i];
      const minute = Math.floor(t / MINUTE);
      return {
        site,
        plan,
        t,
        instance,
        instanceIndex: i,
        instanceCount: index.plan.capacityAt(t),
        skuName: index.plan.skuAt(t),
        running: index.runningAt(t),
        minutesSinceStart: index.minutesSinceStart(t, instance, i),
        noise: (k) => noise(seed, key, instance, minute, k),
      };
    },
  };
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform [0, 1) from integers, for choices not tied to one site-minute (call durations, fleet layout). */
export function unitHash(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) h = fmix((h ^ (p >>> 0)) + 0x7f4a7c15);
  return h / 0x100000000;
}

// Calls behaviours once per (site, instance, minute) and caches the result. A cache entry is dropped when the
// site's or plan's timeline, workers or behaviour change, so mitigations show up in the minutes they affect.

import { type InstanceMinute, MINUTE, type SampleContext, type SimFleet, type SimPlan, type SimSite } from "./fleet.ts";
import { indexPlan, indexSite, type SiteIndex } from "./timeline.ts";
import { siteId } from "./world.ts";

/** Above this many cached samples the whole cache is dropped (a digest over a big fleet stays bounded). */
const MAX_CACHED = 1_500_000;
/** Instance index bits in the numeric cache key. */
const INSTANCE_SLOTS = 4096;

interface SiteCache {
  generation: string;
  behaviour: SimSite["behaviour"];
  index: SiteIndex;
  key: string;
  samples: Map<number, InstanceMinute>;
}

export interface InstanceSample {
  instance: string;
  index: number;
  sample: InstanceMinute;
}

const FNV_OFFSET = 0x811c9dc5;
function fnv(h: number, text: string): number {
  let x = h;
  for (let i = 0; i < text.length; i++) {
    x ^= text.charCodeAt(i);
    x = Math.imul(x, 0x01000193);
  }
  return x >>> 0;
}

/** Murmur3 finaliser: spreads FNV's low-entropy bits before mapping to [-1, 1]. */
function mix(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Deterministic noise in [-1, 1] for (seed, site, instance, minute, key). */
export function noise(seed: number, site: string, instance: string, minute: number, key: string): number {
  const prefix = fnv(FNV_OFFSET, `${seed}|${site}|${instance}|${minute}|`);
  return (mix(fnv(prefix, key)) / 0xffffffff) * 2 - 1;
}

export class Sampler {
  readonly #fleet: SimFleet;
  readonly #sites = new Map<SimSite, SiteCache>();
  #size = 0;

  constructor(fleet: SimFleet) {
    this.#fleet = fleet;
  }

  #cache(site: SimSite, plan: SimPlan): SiteCache {
    const generation = `${site.timeline.length}:${plan.timeline.length}:${plan.workers.length}:${site.state}`;
    let c = this.#sites.get(site);
    if (!c || c.generation !== generation || c.behaviour !== site.behaviour) {
      if (c) this.#size -= c.samples.size;
      c = {
        generation,
        behaviour: site.behaviour,
        index: indexSite(site, plan, indexPlan(plan)),
        key: siteId(site).toLowerCase(),
        samples: new Map(),
      };
      this.#sites.set(site, c);
    }
    return c;
  }

  /** The timeline index for a site (capacity, running state, uptime). */
  index(site: SimSite, plan: SimPlan): SiteIndex {
    return this.#cache(site, plan).index;
  }

  /** Samples of every instance serving `site` in the minute starting at `t` (t must be minute-aligned). */
  siteMinute(site: SimSite, plan: SimPlan, t: number): InstanceSample[] {
    if (this.#size > MAX_CACHED) this.clear();
    const c = this.#cache(site, plan);
    const count = c.index.plan.capacityAt(t);
    const running = c.index.runningAt(t);
    const skuName = c.index.plan.skuAt(t);
    const minute = Math.floor(t / MINUTE);
    const out: InstanceSample[] = [];
    for (let i = 0; i < count; i++) {
      const instance = plan.workers[i];
      const k = minute * INSTANCE_SLOTS + i;
      let sample = c.samples.get(k);
      if (!sample) {
        const ctx: SampleContext = {
          site,
          plan,
          t,
          instance,
          instanceIndex: i,
          instanceCount: count,
          skuName,
          running,
          minutesSinceStart: c.index.minutesSinceStart(t, instance, i),
          noise: (key) => noise(this.#fleet.seed, c.key, instance, minute, key),
        };
        sample = site.behaviour.sample(ctx);
        c.samples.set(k, sample);
        this.#size++;
      }
      out.push({ instance, index: i, sample });
    }
    return out;
  }

  clear(): void {
    this.#sites.clear();
    this.#size = 0;
  }
}

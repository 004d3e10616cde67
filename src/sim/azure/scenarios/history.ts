// Site configuration and app settings as they were at time t: the build-time values with every
// `config` / `appSettings` event up to t applied. site.config holds "now"; behaviours must not read it,
// or a fix applied now would rewrite the past.

import type { SimEvent, SimSite } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";

/** Like the server's timeline index: an event at 10:05:30 takes effect for the minute starting 10:05. */
const minuteOf = (at: number): number => Math.floor(at / MINUTE) * MINUTE;

export interface SiteHistory {
  configAt(site: SimSite, t: number): Record<string, unknown>;
  settingsAt(site: SimSite, t: number): Record<string, string>;
}

interface Point {
  at: number;
  config: Record<string, unknown>;
  settings: Record<string, string>;
}

/** History for sites whose behaviour started from `config0` / `settings0` (captured before any event). */
export function siteHistory(config0: Record<string, unknown>, settings0: Record<string, string>): SiteHistory {
  // Recomputed only when the timeline grows; sample() then does a short scan with no allocation.
  const cache = new WeakMap<SimSite, { len: number; points: Point[] }>();
  const points = (site: SimSite): Point[] => {
    const hit = cache.get(site);
    if (hit && hit.len === site.timeline.length) return hit.points;
    const out: Point[] = [];
    let config = config0;
    let settings = settings0;
    for (const e of site.timeline) {
      if (e.type === "config") config = { ...config, ...e.patch };
      else if (e.type === "appSettings") settings = { ...settings, ...e.settings };
      else continue;
      out.push({ at: minuteOf(e.at), config, settings });
    }
    cache.set(site, { len: site.timeline.length, points: out });
    return out;
  };
  const at = (site: SimSite, t: number): Point | undefined => {
    const ps = points(site);
    let found: Point | undefined;
    for (const p of ps) {
      if (p.at > t) break;
      found = p;
    }
    return found;
  };
  return {
    configAt: (site, t) => at(site, t)?.config ?? config0,
    settingsAt: (site, t) => at(site, t)?.settings ?? settings0,
  };
}

const RESTARTS = new Set<SimEvent["type"]>(["restart", "start", "config", "appSettings", "swap", "deployment"]);

/** The last whole-app process start (restart, start, config or settings write, swap, deployment) in [from, t]. */
export function lastAppStart(site: SimSite, from: number, t: number): number | undefined {
  let last: number | undefined;
  for (const e of site.timeline) {
    if (e.at > t) break;
    const at = e.type === "deployment" ? e.endAt : e.at;
    if (RESTARTS.has(e.type) && at >= from && at <= t) last = at;
  }
  return last;
}

/** Times of whole-app process starts in [from, to), in order. */
export function appStarts(site: SimSite, from: number, to: number): number[] {
  const out: number[] = [];
  for (const e of site.timeline) {
    const at = e.type === "deployment" ? e.endAt : e.at;
    if (RESTARTS.has(e.type) && at >= from && at < to) out.push(at);
  }
  return out;
}

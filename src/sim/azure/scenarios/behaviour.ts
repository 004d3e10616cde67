// Turns a profile plus a scenario's adjustments into a Behaviour. The HTTP logs are derived from the
// same per-minute samples (via contextFactory), so log counts match the metrics request for request.

import type { Behaviour, SampleContext, SimHttpLog, SimLogs, SimPlan, SimSite } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";
import { contextFactory } from "./context.ts";
import { baseDrivers, type Drivers, emit, type Profile } from "./defaults.ts";
import type { SiteHistory } from "./history.ts";

export type PushRow = (row: SimHttpLog) => void;

export interface BehaviourSpec {
  profile: Profile;
  history: SiteHistory;
  /** Fleet seed, for the contexts logs() builds itself. */
  seed: number;
  /** Bends the defaults for this minute; called only while the site runs. */
  adjust?(ctx: SampleContext, d: Drivers): void;
  /** Writes the 5xx rows of one instance-minute instead of the default single row. */
  failureRows?(ctx: SampleContext, d: Drivers, failures: number, push: PushRow): void;
  platform?(site: SimSite, plan: SimPlan, from: number, to: number): SimLogs["platform"];
  console?(site: SimSite, plan: SimPlan, from: number, to: number): SimLogs["console"];
}

export function makeBehaviour(spec: BehaviourSpec): Behaviour {
  const p = spec.profile;
  const drivers = (ctx: SampleContext): Drivers => {
    const d = baseDrivers(ctx, p, spec.history);
    if (ctx.running) spec.adjust?.(ctx, d);
    return d;
  };
  return {
    sample: (ctx) => emit(ctx, p, drivers(ctx)),
    logs: (site, plan, from, to) => ({
      http: httpRows(spec, drivers, site, plan, from, to),
      platform: spec.platform?.(site, plan, from, to) ?? [],
      console: spec.console?.(site, plan, from, to) ?? [],
    }),
  };
}

function httpRows(
  spec: BehaviourSpec,
  drivers: (ctx: SampleContext) => Drivers,
  site: SimSite,
  plan: SimPlan,
  from: number,
  to: number,
): SimHttpLog[] {
  const out: SimHttpLog[] = [];
  const push: PushRow = (row) => {
    if (row.count > 0) out.push(row);
  };
  const paths = spec.profile.paths;
  const weight = paths.reduce((s, [, w]) => s + w, 0);
  const contexts = contextFactory(spec.seed, site, plan);
  for (let t = Math.ceil(from / MINUTE) * MINUTE; t < to; t += MINUTE) {
    const n = contexts.count(t);
    for (let i = 0; i < n; i++) {
      const ctx = contexts.at(i, t);
      const d = drivers(ctx);
      const m = emit(ctx, spec.profile, d);
      const instance = ctx.instance;
      const at = t + 30_000;
      let left = m.Http2xx ?? 0;
      paths.forEach(([path, w], k) => {
        const count = k === paths.length - 1 ? left : Math.min(left, Math.round(((m.Http2xx ?? 0) * w) / weight));
        left -= count;
        push({ t: at, status: 200, subStatus: "0", path, timeTakenMs: Math.round(d.okRt * 1000), instance, count });
      });
      const forbidden = m.Http403 ?? 0;
      push({ t: at, status: 403, subStatus: "0", path: "/", timeTakenMs: 8, instance, count: forbidden });
      const notFound = (m.Http4xx ?? 0) - forbidden;
      push({ t: at, status: 404, subStatus: "0", path: "/favicon.ico", timeTakenMs: 12, instance, count: notFound });
      const failures = m.Http5xx ?? 0;
      if (failures === 0) continue;
      if (spec.failureRows) spec.failureRows(ctx, d, failures, push);
      else push(failureRow(ctx, d, paths[0]?.[0] ?? "/", failures));
    }
  }
  return out;
}

export function failureRow(ctx: SampleContext, d: Drivers, path: string, count: number): SimHttpLog {
  return {
    t: ctx.t + 30_000,
    status: d.failStatus,
    subStatus: "0",
    path,
    timeTakenMs: Math.round(d.failRt * 1000),
    instance: ctx.instance,
    count,
  };
}

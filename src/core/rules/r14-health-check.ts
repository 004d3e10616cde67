// R14 · P5 · Health check misconfigured or evicting instances (explains the 503s it causes).

import { type RuleContext, win } from "../derived/context.ts";
import { instanceShares } from "../derived/instances.ts";
import { rangeMin, rangeSum } from "../derived/stats.ts";
import type { Evidence } from "../diagnosis.ts";
import { fired, NOT_CHECKED_WITHOUT_CONFIG, notFired, type Rule } from "./rule.ts";

/** [A] HealthCheckStatus (5-minute average) below this is unhealthy. */
export const R14_HEALTHY = 100;
/** (a) a broken path: every instance unhealthy while err5xx stays below this. */
export const R14_BROKEN_PATH_ERR = 0.01;
/** (b) the healthy instances carry more than this multiple of their fair share. */
export const R14_OVERLOAD_FACTOR = 1.2;
/** HealthCheckStatus lags up to about 10 minutes behind the pings. */
export const R14_LAG_MS = 10 * 60_000;
const TITLE = "Health check failing";

export function evaluateR14(ctx: RuleContext) {
  if (!ctx.s.config) return notFired("R14", TITLE, NOT_CHECKED_WITHOUT_CONFIG);
  const path = ctx.s.config.healthCheckPath;
  if (!path) return notFired("R14", TITLE, "no health check path");
  const g = ctx.cur.get("site", "HealthCheckStatus");
  if (!g) return notFired("R14", TITLE, "HealthCheckStatus unknown");
  const from = ctx.hasIncident ? ctx.leadFrom : 0;
  const to = ctx.hasIncident
    ? Math.min(ctx.axis.nb, ctx.range.to + Math.ceil(R14_LAG_MS / ctx.axis.bucketMs))
    : ctx.axis.nb;
  const w = win(ctx, from, to);
  const per = g.inst.size ? [...g.inst] : ([["", g.all]] as const);
  const low = per.map(([name, s]) => ({ name, min: rangeMin(s.val, from, to) })).filter((x) => x.min < R14_HEALTHY);
  if (low.length === 0) return notFired("R14", TITLE, "every instance at 100");
  const evidence: Evidence[] = low.map((x) => ({
    metric: "HealthCheckStatus",
    aggregation: "Average per 5 min",
    window: w,
    observed: x.min,
    threshold: R14_HEALTHY,
    comparison: "<" as const,
    source: g.grid.source,
    ...(x.name ? { instance: x.name } : {}),
  }));
  const e5 = rangeSum(ctx.inc.http5xx, from, to);
  const req = rangeSum(ctx.inc.requests, from, to);
  const err = req > 0 ? e5 / req : Number.NaN;
  const allLow = low.length === per.length;
  let subcase = "unhealthy instances";
  if (allLow && err < R14_BROKEN_PATH_ERR) {
    subcase = "broken path";
    evidence.push({
      metric: "err5xx",
      aggregation: "ΣHttp5xx / ΣRequests",
      window: w,
      observed: Math.round(err * 10000) / 10000,
      threshold: R14_BROKEN_PATH_ERR,
      comparison: "<",
      source: ctx.cur.find("site", "Http5xx")?.source ?? "metrics Http5xx",
      note: `the app serves, but ${path} fails on every instance (redirect, auth or > 1 min)`,
    });
  } else if (!allLow) {
    const shares = instanceShares(ctx.cur, from, to);
    const lowNames = new Set(low.map((x) => x.name));
    const healthy = shares?.filter((s) => !lowNames.has(s.instance) && s.shareReq > 0) ?? [];
    const n = shares?.length ?? 0;
    const overloaded = healthy.filter((s) => s.shareReq > R14_OVERLOAD_FACTOR / n);
    if (overloaded.length) {
      subcase = "eviction concentrates load";
      evidence.push({
        metric: "instShareReq",
        aggregation: "ΣRequests(i) / ΣRequests",
        window: w,
        observed: Math.round(Math.max(...overloaded.map((s) => s.shareReq)) * 1000) / 1000,
        threshold: Math.round((R14_OVERLOAD_FACTOR / n) * 1000) / 1000,
        comparison: ">",
        source: ctx.cur.find("site", "Requests")?.source ?? "metrics Requests",
        note: "healthy instances take the evicted ones' traffic",
      });
    }
  }
  return fired("R14", "Medium", `${TITLE}: ${subcase}`, evidence, {
    facts: { path, subcase, unhealthy: low.map((x) => x.name).join(",") },
  });
}

export const R14: Rule = {
  id: "R14",
  precedence: 5,
  title: TITLE,
  kind: "explaining",
  needsLogs: false,
  evaluate: evaluateR14,
};

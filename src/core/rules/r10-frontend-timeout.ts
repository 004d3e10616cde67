// R10 · P7 · Front-end request timeout (230 s Windows, 240 s Linux). Match on TimeTaken, not on the code.

import { judged, type RuleContext, win } from "../derived/context.ts";
import { acrossInstances } from "../derived/instances.ts";
import { rangeMax, rangeSum } from "../derived/stats.ts";
import type { Evidence } from "../diagnosis.ts";
import { fired, notFired, type Rule } from "./rule.ts";

export const R10_WINDOWS_MS = 229_000;
export const R10_LINUX_MS = 239_000;
/** The slow failures sit on at most this many paths … */
export const R10_MAX_PATHS = 5;
/** … (or those paths carry this share of them) … */
export const R10_CONCENTRATION = 0.8;
/** … and there are at least this many (also the explicit-request lower bar). */
export const R10_MIN_FAILURES = 10;
/** In an incident they also make up this share of the lookback's 5xx [I]. */
export const R10_MIN_SHARE_OF_5XX = 0.1;
/** Without logs: a 1-min maximum HttpResponseTime this high (seconds). */
export const R10_METRIC_MAX_SEC = 200;
const TITLE = "Requests hit the front-end timeout (230 s / 240 s)";

export function evaluateR10(ctx: RuleContext) {
  return ctx.hasLogs ? withLogs(ctx) : withMetrics(ctx);
}

function withLogs(ctx: RuleContext) {
  const limit = ctx.isLinux ? R10_LINUX_MS : R10_WINDOWS_MS;
  const rows = (ctx.s.logs?.slowFailures ?? [])
    .filter((r) => r && typeof r.path === "string" && r.count > 0 && r.p50Ms >= limit)
    .sort((a, b) => b.count - a.count);
  const total = rows.reduce((a, r) => a + r.count, 0);
  const top = rows.slice(0, R10_MAX_PATHS);
  const topCount = top.reduce((a, r) => a + r.count, 0);
  const all5xx = rangeSum(ctx.inc.http5xx, 0, ctx.axis.nb);
  const share = all5xx > 0 ? total / all5xx : Number.NaN;
  const evidence: Evidence[] = [
    {
      metric: "5xx with TimeTaken ≥ limit",
      aggregation: "count by CsUriStem",
      window: ctx.s.window,
      observed: total,
      threshold: R10_MIN_FAILURES,
      comparison: ">=",
      source: "AppServiceHTTPLogs",
      note: `${limit} ms; ${top.map((r) => `${r.path} ×${r.count} (p50 ${r.p50Ms} ms)`).join(", ") || "none"}`,
    },
  ];
  const concentrated = rows.length > 0 && (rows.length <= R10_MAX_PATHS || topCount / total >= R10_CONCENTRATION);
  if (total < R10_MIN_FAILURES || !concentrated)
    return notFired("R10", TITLE, "no concentrated front-end timeouts in the HTTP logs", evidence);
  if (!ctx.minorMode && share < R10_MIN_SHARE_OF_5XX)
    return notFired("R10", TITLE, "timeouts are a small part of the 5xx", evidence);
  // + the other paths are healthy: the slow paths carry (almost) all the failures.
  const byPath = ctx.s.logs?.failuresByPath ?? [];
  const failTotal = byPath.reduce((a, r) => a + (r?.count ?? 0), 0);
  const slowPaths = new Set(top.map((r) => r.path));
  const onSlow = byPath.filter((r) => slowPaths.has(r?.path)).reduce((a, r) => a + r.count, 0);
  if (failTotal > 0)
    evidence.push({
      metric: "5xx on the slow paths",
      aggregation: "share of all 5xx",
      window: ctx.s.window,
      observed: Math.round((onSlow / failTotal) * 1000) / 1000,
      threshold: R10_CONCENTRATION,
      comparison: ">=",
      source: "AppServiceHTTPLogs",
    });
  return fired("R10", "High", TITLE, evidence, {
    facts: {
      paths: top.map((r) => r.path).join(","),
      path: top[0].path,
      limitSec: Math.round(limit / 1000) + 1,
      explainsShare: Number.isFinite(share) ? share : 0,
    },
  });
}

function withMetrics(ctx: RuleContext) {
  // The Maximum grid's whole-resource series is already the max over instances; the Average grid's is not.
  const maxGrid = ctx.cur.get("site", "HttpResponseTime", "Maximum");
  const max = maxGrid
    ? { series: maxGrid.all.val }
    : acrossInstances(ctx.cur, "site", "HttpResponseTime", "max", "max");
  if (!max) return notFired("R10", TITLE, "no logs and HttpResponseTime unknown");
  const peak = rangeMax(max.series, ctx.leadFrom, ctx.range.to);
  const evidence: Evidence[] = [
    {
      metric: "HttpResponseTime",
      aggregation: "1-min Maximum, max over instances",
      window: judged(ctx),
      observed: Number.isFinite(peak) ? peak : "unknown",
      threshold: R10_METRIC_MAX_SEC,
      comparison: ">=",
      source: ctx.cur.find("site", "HttpResponseTime", "Maximum")?.source ?? "metrics HttpResponseTime",
      note: "metrics only: no HTTP logs to name the paths",
    },
  ];
  if (!(peak >= R10_METRIC_MAX_SEC)) return notFired("R10", TITLE, "slowest request under 200 s", evidence);
  let b = ctx.leadFrom;
  while (b < ctx.range.to && !(max.series[b] >= R10_METRIC_MAX_SEC)) b++;
  evidence[0].window = win(ctx, b, ctx.range.to);
  return fired("R10", "Low", TITLE, evidence, {
    facts: { paths: "", path: "", limitSec: ctx.isLinux ? 240 : 230, explainsShare: 0 },
  });
}

export const R10: Rule = {
  id: "R10",
  precedence: 7,
  title: TITLE,
  kind: "incident",
  needsLogs: true,
  evaluate: evaluateR10,
};

// Load and latency against their baselines, shared by R09, R11, R17.

import type { BaselineValue } from "../derived/baseline.ts";
import type { RuleContext } from "../derived/context.ts";
import { rangeMean } from "../derived/stats.ts";

export function requestsBaseline(ctx: RuleContext): BaselineValue {
  return ctx.base.of("Requests", (b) => b.get("site", "Requests")?.all.val);
}

export function latencyBaseline(ctx: RuleContext): BaselineValue {
  return ctx.base.of("HttpResponseTime", (b) => b.get("site", "HttpResponseTime", "Average")?.all.val);
}

export function latencySeries(ctx: RuleContext): Float64Array | undefined {
  // The Average grid only: the Maximum grid (R10's) would read every slow request as a slow average.
  return ctx.cur.get("site", "HttpResponseTime", "Average")?.all.val;
}

/** Mean requests per bucket over the judged window ÷ baseline; NaN when either is unknown. */
export function loadRatio(ctx: RuleContext, from = ctx.range.from, to = ctx.range.to): number {
  const base = requestsBaseline(ctx).value;
  const mean = rangeMean(ctx.inc.requests, from, to);
  return base > 0 ? mean / base : Number.NaN;
}

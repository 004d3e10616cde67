// R13 · P5 · Single bad instance: one instance carries the 5xx on its normal share of the load.

import { type RuleContext, win } from "../derived/context.ts";
import { instanceShares } from "../derived/instances.ts";
import { rangeMax } from "../derived/stats.ts";
import type { Evidence } from "../diagnosis.ts";
import { fired, notFired, type Prior, type Rule } from "./rule.ts";

/** instShare5xx(i) at or above … */
export const R13_SHARE_5XX = 0.7;
/** … while instShareReq(i) ≤ this ÷ N … */
export const R13_REQ_SHARE_FACTOR = 1.5;
/** … or err5xx(i) at this multiple of the others'. */
export const R13_ERR_FACTOR = 5;
/** The instance itself must be in incident territory [I]. */
export const R13_MIN_5XX = 10;
export const R13_MIN_ERR = 0.05;
/** Outlier corroboration: that instance's CPU or memory at or above this. */
export const R13_OUTLIER_PCT = 85;
/** Front-end timeouts by path (R10 with logs) that explain this share of the 5xx rule R13 out. */
export const R13_R10_EXPLAINS = 0.8;
const TITLE = "One bad instance";

export function evaluateR13(ctx: RuleContext, prior: Prior) {
  const r10 = prior.get("R10");
  if (r10?.fired && r10.confidence === "High" && Number(r10.facts?.explainsShare) >= R13_R10_EXPLAINS)
    return notFired("R13", TITLE, "front-end timeouts on a few paths explain the 5xx (R10)");
  const shares = instanceShares(ctx.cur, ctx.range.from, ctx.range.to)?.filter((r) => r.requests > 0 || r.http5xx > 0);
  if (!shares) return notFired("R13", TITLE, "Http5xx not split by instance");
  const n = shares.length;
  if (n < 2) return notFired("R13", TITLE, "fewer than 2 instances");
  const w = win(ctx, ctx.range.from, ctx.range.to);
  for (const i of shares) {
    if (!(i.http5xx >= R13_MIN_5XX) || !(i.err5xx >= R13_MIN_ERR)) continue;
    let o5 = 0;
    let oR = 0;
    for (const o of shares)
      if (o !== i) {
        if (Number.isFinite(o.http5xx)) o5 += o.http5xx;
        if (Number.isFinite(o.requests)) oR += o.requests;
      }
    const errOthers = oR > 0 ? o5 / oR : Number.NaN;
    const byShare = i.share5xx >= R13_SHARE_5XX && i.shareReq <= R13_REQ_SHARE_FACTOR / n;
    // err5xx(i) ≥ 5 × err5xx(others), cross-multiplied so whole counts compare exactly.
    const byRate = oR > 0 && i.requests > 0 && i.http5xx * oR >= R13_ERR_FACTOR * o5 * i.requests;
    if (!byShare && !byRate) continue;
    const src = ctx.cur.find("site", "Http5xx")?.source ?? "metrics Http5xx";
    const evidence: Evidence[] = [
      {
        metric: "instShare5xx",
        aggregation: "ΣHttp5xx(i) / ΣHttp5xx",
        window: w,
        observed: Math.round(i.share5xx * 1000) / 1000,
        threshold: R13_SHARE_5XX,
        comparison: ">=",
        source: src,
        instance: i.instance,
      },
      {
        metric: "instShareReq",
        aggregation: "ΣRequests(i) / ΣRequests",
        window: w,
        observed: Math.round(i.shareReq * 1000) / 1000,
        threshold: Math.round((R13_REQ_SHARE_FACTOR / n) * 1000) / 1000,
        comparison: "<=",
        source: ctx.cur.find("site", "Requests")?.source ?? "metrics Requests",
        instance: i.instance,
      },
      {
        metric: "err5xx(i)",
        aggregation: "ΣHttp5xx(i) / ΣRequests(i)",
        window: w,
        observed: Math.round(i.err5xx * 1000) / 1000,
        threshold: Number.isFinite(errOthers)
          ? `${R13_ERR_FACTOR}× others (${Math.round(errOthers * 10000) / 10000})`
          : "unknown",
        comparison: ">=",
        source: src,
        instance: i.instance,
      },
    ];
    for (const name of ["CpuPercentage", "MemoryPercentage"]) {
      const s = ctx.cur.get("plan", name)?.inst.get(i.instance);
      const peak = s ? rangeMax(s.val, ctx.leadFrom, ctx.range.to) : Number.NaN;
      if (peak >= R13_OUTLIER_PCT)
        evidence.push({
          metric: name,
          aggregation: "Average per 5 min",
          window: w,
          observed: peak,
          threshold: R13_OUTLIER_PCT,
          comparison: ">=",
          source: ctx.cur.find("plan", name)?.source ?? `metrics ${name}`,
          instance: i.instance,
        });
    }
    return fired("R13", "High", `${TITLE}: ${i.instance}`, evidence, {
      scope: { instance: i.instance },
      facts: { instance: i.instance, instances: n },
    });
  }
  return notFired("R13", TITLE, "5xx spread across instances");
}

export const R13: Rule = {
  id: "R13",
  precedence: 5,
  title: TITLE,
  kind: "incident",
  needsLogs: false,
  evaluate: evaluateR13,
};

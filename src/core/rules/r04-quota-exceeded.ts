// R04 · P1 · Free/Shared quota exceeded (gives 403).

import { grid, propertyEvidence, type RuleContext } from "../derived/context.ts";
import { rangeSum } from "../derived/stats.ts";
import type { Evidence } from "../diagnosis.ts";
import { isFreeOrShared } from "../skus.ts";
import { fired, notFired, type Rule } from "./rule.ts";

/** Daily CPU quota in seconds: F1 60 min/day, D1 240 min/day. */
export const R04_CPU_QUOTA_SEC: Record<string, number> = { f1: 3600, d1: 14400 };
/** "Near" the quota. */
export const R04_NEAR_QUOTA = 0.9;
const TITLE = "Free/Shared quota exceeded (clients get 403)";

export function evaluateR04(ctx: RuleContext) {
  const { s } = ctx;
  const exceeded = typeof s.site?.usageState === "string" && s.site.usageState.toLowerCase() === "exceeded";
  const freeShared = isFreeOrShared(s.plan?.skuName, s.plan?.skuTier);
  if (!exceeded || !freeShared)
    return notFired("R04", TITLE, `usageState ${s.site?.usageState}, tier ${ctx.sku?.tier ?? s.plan?.skuTier}`);
  const evidence: Evidence[] = [
    propertyEvidence(ctx, "site.usageState", s.site.usageState, "==", "Exceeded", ctx.siteSource),
    propertyEvidence(
      ctx,
      "plan.sku.tier",
      ctx.sku?.tier ?? s.plan?.skuTier ?? "",
      "matches",
      "Free|Shared",
      ctx.planSource,
    ),
  ];
  const quota = R04_CPU_QUOTA_SEC[(s.plan?.skuName ?? "").toLowerCase()];
  const cpu = grid(ctx, "site", "CpuTime");
  const used = cpu ? rangeSum(cpu.all.val, 0, ctx.axis.nb) : Number.NaN;
  if (quota && used >= R04_NEAR_QUOTA * quota)
    evidence.push({
      metric: "CpuTime",
      aggregation: "Total",
      window: s.window,
      observed: used,
      threshold: R04_NEAR_QUOTA * quota,
      comparison: ">=",
      source: cpu?.grid.source ?? "metrics CpuTime",
      note: `daily CPU quota ${quota} s`,
    });
  return fired("R04", "High", TITLE, evidence, { facts: { sku: s.plan?.skuName ?? "" } });
}

export const R04: Rule = {
  id: "R04",
  precedence: 1,
  title: TITLE,
  kind: "state",
  needsLogs: false,
  evaluate: evaluateR04,
};

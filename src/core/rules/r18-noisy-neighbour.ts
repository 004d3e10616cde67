// R18 · P6 · Noisy neighbour on a shared plan: another app eats the plan's CPU or memory (explains plan-level pressure).

import { type RuleContext, win } from "../derived/context.ts";
import { cpuMaxInst, memMaxInst } from "../derived/instances.ts";
import { runsOverlapping } from "../derived/stats.ts";
import type { Evidence } from "../diagnosis.ts";
import { fired, notFired, type Rule } from "./rule.ts";

export const R18_MIN_SITES = 2;
/** Plan-level pressure: R08/R09 thresholds … */
export const R18_PLAN_PCT = 90;
export const R18_MIN_BUCKETS = 2;
/** … or R17's HTTP queue. */
export const R18_HTTP_QUEUE = 100;
/** This app uses at most this share of what the plan uses [I]. */
export const R18_APP_SHARE = 0.3;
const TITLE = "Noisy neighbour: another app on the plan uses the capacity";

export function evaluateR18(ctx: RuleContext) {
  const sites = ctx.s.plan?.numberOfSites ?? 1;
  if (!(sites >= R18_MIN_SITES)) return notFired("R18", TITLE, "the app is alone on its plan");
  const from = ctx.hasIncident ? ctx.leadFrom : 0;
  const to = ctx.hasIncident ? ctx.range.to : ctx.axis.nb;
  const nb = ctx.axis.nb;
  const bucketSec = ctx.axis.bucketMs / 1000;
  const n = Math.max(1, ctx.capacity);
  const checks: Array<{ metric: string; hot: number[]; share: (b: number) => number }> = [];
  const cpu = cpuMaxInst(ctx.cur);
  const cpuAll = ctx.cur.get("plan", "CpuPercentage")?.all.val;
  const cpuTime = ctx.cur.get("site", "CpuTime")?.all.val;
  const vcpu = ctx.sku?.vcpu;
  if (cpu && cpuAll && cpuTime && vcpu)
    checks.push({
      metric: "CpuTime / plan CPU seconds",
      hot: hotBuckets(nb, from, to, (b) => cpu.series[b] >= R18_PLAN_PCT),
      share: (b) => cpuTime[b] / ((cpuAll[b] / 100) * vcpu * bucketSec * n),
    });
  const mem = memMaxInst(ctx.cur);
  const memAll = ctx.cur.get("plan", "MemoryPercentage")?.all.val;
  const ws = ctx.cur.get("site", "MemoryWorkingSet")?.all.val;
  const memMB = ctx.sku?.memoryMB;
  if (mem && memAll && ws && memMB)
    checks.push({
      metric: "MemoryWorkingSet / plan memory in use",
      hot: hotBuckets(nb, from, to, (b) => mem.series[b] >= R18_PLAN_PCT),
      share: (b) => ws[b] / ((memAll[b] / 100) * memMB * 1024 * 1024),
    });
  const queue = ctx.cur.get("plan", "HttpQueueLength")?.all.val;
  if (queue && cpuAll && cpuTime && vcpu) {
    const hot: number[] = [];
    for (let b = from; b < to; b++) if (queue[b] > R18_HTTP_QUEUE) hot.push(b);
    checks.push({
      metric: "CpuTime / plan CPU seconds",
      hot,
      share: (b) => cpuTime[b] / ((cpuAll[b] / 100) * vcpu * bucketSec * n),
    });
  }
  for (const c of checks) {
    if (c.hot.length === 0) continue;
    const shares = c.hot.map(c.share).filter((x) => Number.isFinite(x));
    if (shares.length === 0) continue;
    const share = shares.reduce((a, x) => a + x, 0) / shares.length;
    if (share > R18_APP_SHARE) continue;
    const evidence: Evidence[] = [
      {
        metric: c.metric,
        aggregation: "mean over the plan's hot buckets",
        window: win(ctx, c.hot[0], c.hot.at(-1)! + 1),
        observed: Math.round(share * 1000) / 1000,
        threshold: R18_APP_SHARE,
        comparison: "<=",
        source: ctx.cur.find("plan", "CpuPercentage")?.source ?? "metrics",
        note: `${sites} apps share the plan`,
      },
    ];
    return fired("R18", "Medium", TITLE, evidence, { facts: { sites, share } });
  }
  return notFired("R18", TITLE, "no plan pressure, or this app is the heavy one");
}

function hotBuckets(nb: number, from: number, to: number, pred: (b: number) => boolean): number[] {
  const out: number[] = [];
  for (const r of runsOverlapping(nb, from, to, pred))
    if (r.end - r.start >= R18_MIN_BUCKETS)
      for (let b = Math.max(r.start, from); b < Math.min(r.end, to); b++) out.push(b);
  return out;
}

export const R18: Rule = {
  id: "R18",
  precedence: 6,
  title: TITLE,
  kind: "explaining",
  needsLogs: false,
  evaluate: evaluateR18,
};

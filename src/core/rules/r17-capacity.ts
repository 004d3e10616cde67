// R17 · P6 · Capacity: the load spike outgrows the instances (every instance hot, or the HTTP queue full).

import { type RuleContext, win } from "../derived/context.ts";
import { acrossInstances, cpuMinInst } from "../derived/instances.ts";
import { rangeMax, rangeMean } from "../derived/stats.ts";
import { type Confidence, type Evidence, lower } from "../diagnosis.ts";
import { latencyBaseline, latencySeries, requestsBaseline } from "./load.ts";
import { fired, notFired, type Rule } from "./rule.ts";

/** Requests at this multiple of the baseline … */
export const R17_LOAD_FACTOR = 2;
/** … with every instance's CPU at or above this … */
export const R17_CPU_ALL_PCT = 85;
/** … or [A] the plan's HttpQueueLength above this. */
export const R17_HTTP_QUEUE = 100;
const TITLE = "Capacity: the load outgrows the instances";

export function evaluateR17(ctx: RuleContext) {
  const req = ctx.inc.requests;
  const base = requestsBaseline(ctx);
  const cpuMin = cpuMinInst(ctx.cur);
  const queue = ctx.cur.get("plan", "HttpQueueLength")?.all.val;
  if (!cpuMin && !queue) return notFired("R17", TITLE, "CpuPercentage and HttpQueueLength unknown");
  const loadKnown = base.value > 0;
  const hits: number[] = [];
  for (let b = ctx.leadFrom; b < ctx.range.to; b++) {
    const loadUp = loadKnown ? req[b] >= R17_LOAD_FACTOR * base.value : true;
    const hot =
      (cpuMin !== undefined && cpuMin.series[b] >= R17_CPU_ALL_PCT) ||
      (queue !== undefined && queue[b] > R17_HTTP_QUEUE);
    if (loadUp && hot) hits.push(b);
  }
  if (hits.length === 0) return notFired("R17", TITLE, "no bucket with doubled load and saturated instances");
  const w = win(ctx, hits[0], hits.at(-1)! + 1);
  const loadRatio = loadKnown ? rangeMean(req, ctx.range.from, ctx.range.to) / base.value : Number.NaN;
  const evidence: Evidence[] = [
    {
      metric: "Requests",
      aggregation: "Total per 5 min ÷ baseline",
      window: w,
      observed: Number.isFinite(loadRatio) ? loadRatio : "unknown",
      threshold: R17_LOAD_FACTOR,
      comparison: ">=",
      source: ctx.cur.find("site", "Requests")?.source ?? "metrics Requests",
      note: loadKnown
        ? `baseline ${Math.round(base.value)} per 5 min (${base.source})`
        : "no baseline: load not judged",
    },
  ];
  if (cpuMin)
    evidence.push({
      metric: "CpuPercentage",
      aggregation: "Average per 5 min, min over instances",
      window: w,
      observed: rangeMax(cpuMin.series, hits[0], hits.at(-1)! + 1),
      threshold: R17_CPU_ALL_PCT,
      comparison: ">=",
      source: ctx.cur.find("plan", "CpuPercentage")?.source ?? "metrics CpuPercentage",
      note: "every instance",
    });
  if (queue)
    evidence.push({
      metric: "HttpQueueLength",
      aggregation: "Average per 5 min",
      window: w,
      observed: rangeMax(queue, hits[0], hits.at(-1)! + 1),
      threshold: R17_HTTP_QUEUE,
      comparison: ">",
      source: ctx.cur.find("plan", "HttpQueueLength")?.source ?? "metrics HttpQueueLength",
    });
  let confidence: Confidence = "High";
  if (!loadKnown) confidence = lower(confidence);
  const lat = latencySeries(ctx);
  const latBase = latencyBaseline(ctx).value;
  if (lat && latBase > 0) {
    const peak = rangeMax(lat, hits[0], hits.at(-1)! + 1);
    if (peak >= 2 * latBase)
      evidence.push({
        metric: "HttpResponseTime",
        aggregation: "Average per 5 min",
        window: w,
        observed: peak,
        threshold: Math.round(2 * latBase * 100) / 100,
        comparison: ">=",
        source: ctx.cur.find("site", "HttpResponseTime", "Average")?.source ?? "metrics HttpResponseTime",
        note: "2× baseline",
      });
  }
  const cpuAll = ctx.cur.get("plan", "CpuPercentage")?.all.val;
  const peakCpu = cpuAll ? rangeMax(cpuAll, ctx.leadFrom, ctx.range.to) : Number.NaN;
  const baselineCpu = ctx.base.of("CpuPercentage", (b) => b.get("plan", "CpuPercentage")?.all.val).value;
  const appQ = acrossInstances(ctx.cur, "site", "RequestsInApplicationQueue", "min", "max");
  return fired("R17", confidence, TITLE, evidence, {
    facts: {
      peakCpu,
      baselineCpu,
      loadRatio,
      queuedEverywhere: appQ ? rangeMax(appQ.series, hits[0], hits.at(-1)! + 1) > 10 : false,
    },
  });
}

export const R17: Rule = {
  id: "R17",
  precedence: 6,
  title: TITLE,
  kind: "incident",
  needsLogs: false,
  evaluate: evaluateR17,
};

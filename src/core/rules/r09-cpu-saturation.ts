// R09 · P6 · CPU saturation (runaway code): CPU pinned while the load is not up.

import { type RuleContext, win } from "../derived/context.ts";
import { cpuMaxInst } from "../derived/instances.ts";
import { rangeMax, runsOverlapping } from "../derived/stats.ts";
import { type Confidence, type Evidence, lower } from "../diagnosis.ts";
import { detectorHits } from "./detectors.ts";
import { latencyBaseline, latencySeries, loadRatio, requestsBaseline } from "./load.ts";
import { fired, notFired, type Rule } from "./rule.ts";

/** [A] plan CpuPercentage per instance, Avg per 5 min … */
export const R09_CPU_PCT = 90;
/** … or this much when latency has doubled. */
export const R09_CPU_PCT_SLOW = 80;
export const R09_SLOW_FACTOR = 2;
export const R09_MIN_BUCKETS = 2;
/** Load is "not up" at or below this multiple of its baseline. */
export const R09_MAX_LOAD_RATIO = 1.3;
const TITLE = "CPU saturation with normal load (runaway code)";

export function evaluateR09(ctx: RuleContext) {
  const cpu = cpuMaxInst(ctx.cur);
  if (!cpu) return notFired("R09", TITLE, "CpuPercentage unknown");
  const lat = latencySeries(ctx);
  const latBase = latencyBaseline(ctx).value;
  const hot = (b: number) =>
    cpu.series[b] >= R09_CPU_PCT ||
    (cpu.series[b] >= R09_CPU_PCT_SLOW && lat !== undefined && latBase > 0 && lat[b] >= R09_SLOW_FACTOR * latBase);
  const runs = runsOverlapping(ctx.axis.nb, ctx.leadFrom, ctx.range.to, hot).filter(
    (r) => r.end - r.start >= R09_MIN_BUCKETS,
  );
  if (runs.length === 0) return notFired("R09", TITLE, `CPU below ${R09_CPU_PCT} % for ${R09_MIN_BUCKETS} buckets`);
  const r = runs[0];
  const evidence: Evidence[] = [
    {
      metric: "CpuPercentage",
      aggregation: "Average per 5 min, max over instances",
      window: win(ctx, r.start, r.end),
      observed: rangeMax(cpu.series, r.start, r.end),
      threshold: R09_CPU_PCT,
      comparison: ">=",
      source: ctx.cur.find("plan", "CpuPercentage")?.source ?? "metrics CpuPercentage",
      note: `${r.end - r.start} consecutive buckets`,
    },
  ];
  const ratio = loadRatio(ctx);
  const base = requestsBaseline(ctx);
  let confidence: Confidence = "High";
  if (Number.isFinite(ratio)) {
    evidence.push({
      metric: "Requests",
      aggregation: "Total per 5 min ÷ baseline",
      window: win(ctx, ctx.range.from, ctx.range.to),
      observed: ratio,
      threshold: R09_MAX_LOAD_RATIO,
      comparison: "<=",
      source: ctx.cur.find("site", "Requests")?.source ?? "metrics Requests",
      note: `baseline ${Math.round(base.value)} per 5 min (${base.source})`,
    });
    if (ratio > R09_MAX_LOAD_RATIO)
      return notFired("R09", TITLE, "load is up: capacity (R17), not runaway code", evidence);
  } else {
    // Load unknown: the "load is not up" requirement rests on nothing, so one level lower.
    confidence = lower(confidence);
  }
  if (cpu.fromAll && ctx.capacity > 1) confidence = lower(confidence);
  const who = new Set<string>();
  for (const run of runs) for (let b = run.start; b < run.end; b++) if (cpu.who[b]) who.add(cpu.who[b]);
  const scope = who.size === 1 && ctx.instances.length > 1 ? { instance: [...who][0] } : undefined;
  evidence.push(...detectorHits(ctx.s, ["sitecpuanalysis", "webappcpu"], win(ctx, r.start, r.end)));
  return fired("R09", confidence, TITLE, evidence, {
    ...(scope ? { scope } : {}),
    facts: { peakCpu: rangeMax(cpu.series, ctx.leadFrom, ctx.range.to) },
  });
}

export const R09: Rule = {
  id: "R09",
  precedence: 6,
  title: TITLE,
  kind: "incident",
  needsLogs: false,
  evaluate: evaluateR09,
};

// R11 · P9 · Slow dependency or thread-pool starvation: requests pile up while the CPU is idle.

import { type RuleContext, win } from "../derived/context.ts";
import { acrossInstances, cpuMaxInst, memMaxInst } from "../derived/instances.ts";
import { rangeMax } from "../derived/stats.ts";
import { type Confidence, type Evidence, lower, raise } from "../diagnosis.ts";
import { detectorHits } from "./detectors.ts";
import { latencyBaseline, latencySeries } from "./load.ts";
import { fired, notFired, type Rule } from "./rule.ts";

/** [A] HttpResponseTime Avg (seconds) … */
export const R11_LATENCY_SEC = 5;
/** … or this multiple of its baseline. */
export const R11_LATENCY_FACTOR = 3;
/** The CPU is idle below this (cpuMaxInst) … */
export const R11_CPU_BELOW = 60;
/** … and memory is not the problem below this (memMaxInst). */
export const R11_MEM_BELOW = 85;
/** [A] RequestsInApplicationQueue Max per instance. */
export const R11_APP_QUEUE = 10;
/** [A] plan HttpQueueLength Avg. */
export const R11_HTTP_QUEUE = 100;
/** Threads at this multiple of their baseline. */
export const R11_THREADS_FACTOR = 2;
const TITLE = "Slow dependency or thread-pool starvation (requests queue while the CPU idles)";

export function evaluateR11(ctx: RuleContext) {
  const lat = latencySeries(ctx);
  if (!lat) return notFired("R11", TITLE, "HttpResponseTime unknown");
  const latBase = latencyBaseline(ctx).value;
  const slowAt = (b: number) => lat[b] > R11_LATENCY_SEC || (latBase > 0 && lat[b] >= R11_LATENCY_FACTOR * latBase);
  let anySlow = false;
  for (let b = ctx.leadFrom; b < ctx.range.to && !anySlow; b++) anySlow = slowAt(b);
  if (!anySlow) return notFired("R11", TITLE, "responses are not slow");
  // Per-instance series only once some bucket is slow.
  const cpu = cpuMaxInst(ctx.cur)?.series;
  const mem = memMaxInst(ctx.cur)?.series;
  const appQ = acrossInstances(ctx.cur, "site", "RequestsInApplicationQueue", "max", "max")?.series;
  const httpQ = ctx.cur.get("plan", "HttpQueueLength")?.all.val;
  const threads = ctx.cur.get("site", "Threads")?.all.val;
  const thrBase = ctx.base.of("Threads", (b) => b.get("site", "Threads")?.all.val).value;
  const hits: number[] = [];
  let unknownGuard = false;
  const why = new Set<string>();
  for (let b = ctx.leadFrom; b < ctx.range.to; b++) {
    if (!slowAt(b)) continue;
    const cpuKnown = cpu !== undefined && !Number.isNaN(cpu[b]);
    const memKnown = mem !== undefined && !Number.isNaN(mem[b]);
    if ((cpuKnown && !(cpu[b] < R11_CPU_BELOW)) || (memKnown && !(mem[b] < R11_MEM_BELOW))) continue;
    const q1 = appQ !== undefined && appQ[b] > R11_APP_QUEUE;
    const q2 = httpQ !== undefined && httpQ[b] > R11_HTTP_QUEUE;
    const q3 = threads !== undefined && thrBase > 0 && threads[b] >= R11_THREADS_FACTOR * thrBase;
    if (!q1 && !q2 && !q3) continue;
    if (q1) why.add("RequestsInApplicationQueue");
    if (q2) why.add("HttpQueueLength");
    if (q3) why.add("Threads");
    if (!cpuKnown || !memKnown) unknownGuard = true;
    hits.push(b);
  }
  if (hits.length === 0) return notFired("R11", TITLE, "no bucket with slow responses, idle CPU and a queue");
  const w = win(ctx, hits[0], hits.at(-1)! + 1);
  const evidence: Evidence[] = [
    {
      metric: "HttpResponseTime",
      aggregation: "Average per 5 min",
      window: w,
      observed: rangeMax(lat, hits[0], hits.at(-1)! + 1),
      threshold:
        latBase > 0
          ? `${R11_LATENCY_SEC} s or ${R11_LATENCY_FACTOR}× baseline ${Math.round(latBase * 100) / 100} s`
          : R11_LATENCY_SEC,
      comparison: ">",
      source: ctx.cur.find("site", "HttpResponseTime", "Average")?.source ?? "metrics HttpResponseTime",
    },
  ];
  if (cpu)
    evidence.push({
      metric: "CpuPercentage",
      aggregation: "Average per 5 min, max over instances",
      window: w,
      observed: rangeMax(cpu, hits[0], hits.at(-1)! + 1),
      threshold: R11_CPU_BELOW,
      comparison: "<",
      source: ctx.cur.find("plan", "CpuPercentage")?.source ?? "metrics CpuPercentage",
    });
  if (why.has("RequestsInApplicationQueue") && appQ)
    evidence.push({
      metric: "RequestsInApplicationQueue",
      aggregation: "Maximum per 5 min, max over instances",
      window: w,
      observed: rangeMax(appQ, hits[0], hits.at(-1)! + 1),
      threshold: R11_APP_QUEUE,
      comparison: ">",
      source: ctx.cur.find("site", "RequestsInApplicationQueue")?.source ?? "metrics",
    });
  if (why.has("HttpQueueLength") && httpQ)
    evidence.push({
      metric: "HttpQueueLength",
      aggregation: "Average per 5 min",
      window: w,
      observed: rangeMax(httpQ, hits[0], hits.at(-1)! + 1),
      threshold: R11_HTTP_QUEUE,
      comparison: ">",
      source: ctx.cur.find("plan", "HttpQueueLength")?.source ?? "metrics",
    });
  if (why.has("Threads") && threads)
    evidence.push({
      metric: "Threads",
      aggregation: "Average per 5 min",
      window: w,
      observed: rangeMax(threads, hits[0], hits.at(-1)! + 1),
      threshold: Math.round(R11_THREADS_FACTOR * thrBase),
      comparison: ">=",
      source: ctx.cur.find("site", "Threads")?.source ?? "metrics",
      note: `${R11_THREADS_FACTOR}× baseline`,
    });
  let confidence: Confidence = "Medium";
  if (unknownGuard) confidence = lower(confidence);
  const det = detectorHits(ctx.s, ["sitelatency", "threadcount"], w);
  if (det.length) confidence = raise(confidence);
  return fired("R11", confidence, TITLE, [...evidence, ...det], {
    facts: { peakLatencySec: rangeMax(lat, ctx.leadFrom, ctx.range.to) },
  });
}

export const R11: Rule = {
  id: "R11",
  precedence: 9,
  title: TITLE,
  kind: "incident",
  needsLogs: false,
  evaluate: evaluateR11,
};

// R08 · P6 · Memory exhaustion or leak.

import { grid, type RuleContext, win } from "../derived/context.ts";
import { memMaxInst } from "../derived/instances.ts";
import { appMemRatio, drops, is32BitWindows, processLimitBytes, WIN32_PROCESS_LIMIT_BYTES } from "../derived/memory.ts";
import { rangeMax, runsOverlapping } from "../derived/stats.ts";
import { type Confidence, type Evidence, lower } from "../diagnosis.ts";
import { fired, notFired, type Rule } from "./rule.ts";

/** [A] plan MemoryPercentage per instance, Avg per 5 min … */
export const R08_MEM_PCT = 90;
/** … for this many consecutive buckets. */
export const R08_MIN_BUCKETS = 2;
/** [I] app working set / SKU memory. */
export const R08_APP_MEM_RATIO = 0.85;
/** 32-bit worker: PrivateBytes at 90 % of its 2 GiB cap (≈ 1.8 GB). */
export const R08_WIN32_PRIVATE_BYTES = 0.9 * WIN32_PROCESS_LIMIT_BYTES;
/** A leak: memory rises without falling back for at least this long … */
export const R08_LEAK_MIN_MS = 60 * 60_000;
/** … by at least this many points, tolerating noise of this many points per bucket. */
export const R08_LEAK_MIN_RISE_PTS = 10;
export const R08_LEAK_TOLERANCE_PTS = 2;
/** No single bucket may carry more than this share of the rise. */
export const R08_LEAK_MAX_STEP_SHARE = 0.5;
const TITLE = "Memory exhaustion or leak";

export function evaluateR08(ctx: RuleContext) {
  const nb = ctx.axis.nb;
  const from = ctx.leadFrom;
  const to = ctx.range.to;
  const evidence: Evidence[] = [];
  const mem = memMaxInst(ctx.cur);
  const starts: number[] = [];
  const hitBuckets: number[] = [];
  if (mem) {
    const runs = runsOverlapping(nb, from, to, (b) => mem.series[b] >= R08_MEM_PCT).filter(
      (r) => r.end - r.start >= R08_MIN_BUCKETS,
    );
    for (const r of runs) {
      starts.push(r.start);
      for (let b = r.start; b < r.end; b++) hitBuckets.push(b);
      evidence.push({
        metric: "MemoryPercentage",
        aggregation: "Average per 5 min, max over instances",
        window: win(ctx, r.start, r.end),
        observed: rangeMax(mem.series, r.start, r.end),
        threshold: R08_MEM_PCT,
        comparison: ">=",
        source: ctx.cur.find("plan", "MemoryPercentage")?.source ?? "metrics MemoryPercentage",
        note: `${r.end - r.start} consecutive buckets${mem.fromAll ? " (plan average: no per-instance split)" : ""}`,
      });
    }
  }
  const use32 = is32BitWindows(ctx.s);
  const limit = processLimitBytes(ctx.s);
  const ratio = appMemRatio(ctx.cur, limit, use32);
  if (ratio) {
    const runs = runsOverlapping(nb, from, to, (b) => ratio[b] >= R08_APP_MEM_RATIO);
    if (runs.length) {
      starts.push(runs[0].start);
      evidence.push({
        metric: use32 ? "PrivateBytes / 2 GiB" : "MemoryWorkingSet / SKU memory",
        aggregation: "Average per 5 min, max over instances",
        window: win(ctx, runs[0].start, runs.at(-1)!.end),
        observed: rangeMax(ratio, from, to),
        threshold: R08_APP_MEM_RATIO,
        comparison: ">=",
        source: ctx.cur.find("site", use32 ? "PrivateBytes" : "MemoryWorkingSet")?.source ?? "metrics",
      });
    }
  }
  const pb = use32 ? grid(ctx, "site", "PrivateBytes") : undefined;
  if (pb) {
    const series = pb.inst.size ? [...pb.inst.values()] : [pb.all];
    const peak = Math.max(
      ...series.map((s) => rangeMax(s.val, from, to)).filter((v) => !Number.isNaN(v)),
      Number.NEGATIVE_INFINITY,
    );
    if (peak >= R08_WIN32_PRIVATE_BYTES) {
      starts.push(from);
      evidence.push({
        metric: "PrivateBytes",
        aggregation: "Average per 5 min, max over instances",
        window: win(ctx, from, to),
        observed: peak,
        threshold: R08_WIN32_PRIVATE_BYTES,
        comparison: ">=",
        source: pb.grid.source,
        note: "32-bit worker process (2 GB cap)",
      });
    }
  }
  if (evidence.length === 0) return notFired("R08", TITLE, "memory below every threshold (or unknown)");
  const correlated = ctx.hasIncident && starts.some((b) => b >= from);
  let confidence: Confidence = correlated ? "High" : "Medium";
  if (mem?.fromAll && ctx.capacity > 1 && !ratio) confidence = lower(confidence);
  // One instance only? (S5: RD0003 at 97 % while the others sit at 55 %.)
  const who = new Set(hitBuckets.map((b) => mem?.who[b] ?? "").filter((w) => w));
  const scope = who.size === 1 && ctx.instances.length > 1 ? { instance: [...who][0] } : undefined;
  const saw = drops(ctx.cur, "plan", "MemoryPercentage", false, from, Math.min(nb, to + 3));
  const leakStart = mem ? leakFrom(mem.series, Math.min(...starts)) : -1;
  const leak = leakStart >= 0 && (Math.min(...starts) - leakStart) * ctx.axis.bucketMs >= R08_LEAK_MIN_MS;
  if (saw.length)
    evidence.push({
      metric: "MemoryPercentage",
      aggregation: "drop within one bucket",
      window: win(ctx, saw[0].bucket, saw[0].bucket + 1),
      observed: Math.round(saw[0].to),
      threshold: `${Math.round(saw[0].from)} − 30 %`,
      comparison: "<=",
      source: ctx.cur.find("plan", "MemoryPercentage")?.source ?? "metrics MemoryPercentage",
      note: "sawtooth: a recycle, proactive auto-heal or crash",
    });
  if (leak)
    evidence.push({
      metric: "MemoryPercentage",
      aggregation: "monotonic rise",
      window: win(ctx, leakStart, Math.min(...starts)),
      observed: Math.round(((Math.min(...starts) - leakStart) * ctx.axis.bucketMs) / 60_000),
      threshold: R08_LEAK_MIN_MS / 60_000,
      comparison: ">=",
      source: ctx.cur.find("plan", "MemoryPercentage")?.source ?? "metrics MemoryPercentage",
      note: "minutes of steady growth: a leak",
    });
  const ws = grid(ctx, "site", "MemoryWorkingSet");
  let peakWs = 0;
  if (ws)
    for (const s of ws.inst.size ? ws.inst.values() : [ws.all]) {
      const m = rangeMax(s.max, 0, nb);
      if (m > peakWs) peakWs = m;
    }
  return fired("R08", confidence, TITLE, evidence, {
    ...(scope ? { scope } : {}),
    facts: {
      leak,
      sawtooth: saw.length > 0,
      use32,
      peakPct: mem ? rangeMax(mem.series, from, to) : Number.NaN,
      peakWorkingSetBytes: peakWs > 0 ? peakWs : Number.NaN,
      numberOfSites: ctx.s.plan?.numberOfSites ?? 1,
    },
  });
}

/** Walks back from `b` while the series keeps (roughly) rising; returns the bucket where the rise began. */
function leakFrom(series: Float64Array, b: number): number {
  if (!(b > 0) || Number.isNaN(series[b])) return -1;
  let i = b;
  let biggestStep = 0;
  while (i > 0 && !Number.isNaN(series[i - 1]) && series[i - 1] <= series[i] + R08_LEAK_TOLERANCE_PTS) {
    biggestStep = Math.max(biggestStep, series[i] - series[i - 1]);
    i--;
  }
  const rise = series[b] - series[i];
  // A gradual climb, not one step up (S5's instance jumps from 55 % to 97 % at once).
  return rise >= R08_LEAK_MIN_RISE_PTS && biggestStep <= R08_LEAK_MAX_STEP_SHARE * rise ? i : -1;
}

export const R08: Rule = {
  id: "R08",
  precedence: 6,
  title: TITLE,
  kind: "incident",
  needsLogs: false,
  evaluate: evaluateR08,
};

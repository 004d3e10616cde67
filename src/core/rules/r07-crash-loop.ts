// R07 · P10 · Runtime crash loop (an unhandled exception or stack overflow kills the process).

import { judged, type RuleContext, win } from "../derived/context.ts";
import { containerExits, maxInSpan } from "../derived/logs.ts";
import { drops } from "../derived/memory.ts";
import { type Confidence, type Evidence, raise } from "../diagnosis.ts";
import { detectorHits } from "./detectors.ts";
import { PLATFORM_LOGS } from "./r05a-container-port.ts";
import { fired, notFired, type Prior, type Rule } from "./rule.ts";

export const R07_MIN_RESTARTS = 3;
export const R07_SPAN_MS = 60 * 60_000;
const TITLE = "Runtime crash loop (the process keeps dying)";

export function evaluateR07(ctx: RuleContext, prior: Prior) {
  if (prior.get("R08")?.fired) return notFired("R07", TITLE, "memory threshold hit (R08 explains the restarts)");
  if (ctx.changes.length > 0) return notFired("R07", TITLE, "a change event explains the restarts");
  const w = judged(ctx);
  const from = ctx.leadFrom;
  const to = ctx.range.to;
  const memDrops = drops(ctx.cur, "site", "MemoryWorkingSet", true, from, to);
  const exits = containerExits(ctx.s.logs).filter((e) => e.t >= w.start && e.t < w.end);
  const times = [...memDrops.map((d) => ctx.axis.origin + d.bucket * ctx.axis.bucketMs), ...exits.map((e) => e.t)];
  const restarts = maxInSpan(times, R07_SPAN_MS);
  const evidence: Evidence[] = [];
  if (memDrops.length)
    evidence.push({
      metric: "MemoryWorkingSet",
      aggregation: "Minimum per 5 min vs previous Average",
      window: win(ctx, from, to),
      observed: memDrops.length,
      threshold: R07_MIN_RESTARTS,
      comparison: ">=",
      source: ctx.cur.find("site", "MemoryWorkingSet")?.source ?? "metrics MemoryWorkingSet",
      note: `drops to near zero on ${[...new Set(memDrops.map((d) => d.instance || "all"))].join(", ")}`,
    });
  if (exits.length)
    evidence.push({
      metric: "platform log",
      aggregation: "container terminated",
      window: w,
      observed: exits.length,
      threshold: R07_MIN_RESTARTS,
      comparison: ">=",
      source: PLATFORM_LOGS,
      note: exits[0].message,
    });
  const crashes = detectorHits(ctx.s, ["sitecrashes", "appcrashes"], w);
  if (restarts < R07_MIN_RESTARTS && crashes.length === 0)
    return notFired("R07", TITLE, `${restarts} restart(s) in 60 min`, evidence);
  if (restarts < R07_MIN_RESTARTS)
    return notFired("R07", TITLE, "crash detector without restarts in the metrics", [...evidence, ...crashes]);
  let confidence: Confidence = "Medium";
  if (crashes.length) confidence = raise(confidence);
  return fired("R07", confidence, TITLE, [...evidence, ...crashes], { facts: { restarts } });
}

export const R07: Rule = {
  id: "R07",
  precedence: 10,
  title: TITLE,
  kind: "incident",
  needsLogs: false,
  evaluate: evaluateR07,
};

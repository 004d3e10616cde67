// R16 · P11 · Cold start after scale-out, restart or swap.

import { describeChange } from "../derived/changes.ts";
import { type RuleContext, win } from "../derived/context.ts";
import { instanceShares, newInstances } from "../derived/instances.ts";
import type { Confidence, Evidence } from "../diagnosis.ts";
import { fired, notFired, type Rule } from "./rule.ts";

/** Every incident bucket starts within this long after the scale-out/restart. */
export const R16_AFTER_MS = 10 * 60_000;
/** Errors "concentrated" on the new instance. */
export const R16_NEW_SHARE = 0.7;
const TRIGGER_KINDS = new Set(["scale", "autoscale", "restart", "start", "swap"]);
const TITLE = "Cold start after a scale-out, restart or swap";

export function evaluateR16(ctx: RuleContext) {
  if (!ctx.hasIncident) return notFired("R16", TITLE, "no incident");
  const bm = ctx.axis.bucketMs;
  const triggers: Array<{ t: number; what: string; instance?: string }> = [];
  for (const c of ctx.s.changes ?? [])
    if (c && TRIGGER_KINDS.has(c.kind) && Number.isFinite(c.at)) triggers.push({ t: c.at, what: describeChange(c) });
  for (const n of newInstances(ctx.cur))
    triggers.push({
      t: ctx.axis.origin + n.firstBucket * bm,
      what: `new instance ${n.instance}`,
      instance: n.instance,
    });
  if (triggers.length === 0) return notFired("R16", TITLE, "no scale-out, restart, swap or new instance");
  const used = new Set<(typeof triggers)[number]>();
  for (let b = ctx.range.from; b < ctx.range.to; b++) {
    if (!ctx.inc.flags[b]) continue;
    const start = ctx.axis.origin + b * bm;
    const t = triggers.find((x) => start >= Math.floor(x.t / bm) * bm && start < x.t + R16_AFTER_MS);
    if (!t) return notFired("R16", TITLE, "incident buckets outlast the warm-up after any trigger");
    used.add(t);
  }
  const w = win(ctx, ctx.range.from, ctx.range.to);
  const evidence: Evidence[] = [...used].map((t) => ({
    metric: t.instance ? "Instance" : "ActivityLog",
    aggregation: "event",
    window: { start: t.t, end: t.t + R16_AFTER_MS },
    observed: t.what,
    threshold: `every incident bucket within ${R16_AFTER_MS / 60_000} min after it`,
    comparison: "matches" as const,
    source: t.instance
      ? (ctx.cur.find("site", "Requests")?.source ?? "metrics Requests")
      : "GET /subscriptions/{sub}/providers/Microsoft.Insights/eventtypes/management/values",
  }));
  // Concentration: for a new instance, its share of the 5xx; a whole-app restart touches every instance.
  let confidence: Confidence = "Low";
  const fresh = [...used].filter((t) => t.instance);
  if (fresh.length) {
    const shares = instanceShares(ctx.cur, ctx.range.from, ctx.range.to) ?? [];
    const names = new Set(fresh.map((t) => t.instance));
    const share = shares.filter((s) => names.has(s.instance)).reduce((a, s) => a + (s.share5xx || 0), 0);
    if (share < R16_NEW_SHARE) return notFired("R16", TITLE, "errors are not on the new instance", evidence);
    confidence = "Medium";
    evidence.push({
      metric: "instShare5xx",
      aggregation: "ΣHttp5xx(new) / ΣHttp5xx",
      window: w,
      observed: Math.round(share * 1000) / 1000,
      threshold: R16_NEW_SHARE,
      comparison: ">=",
      source: ctx.cur.find("site", "Http5xx")?.source ?? "metrics Http5xx",
    });
  }
  return fired("R16", confidence, TITLE, evidence, {
    // Always On and the health check are facts only when the config was read: the plans propose neither otherwise.
    facts: ctx.s.config ? { alwaysOn: ctx.s.config.alwaysOn, healthCheck: !!ctx.s.config.healthCheckPath } : {},
  });
}

export const R16: Rule = {
  id: "R16",
  precedence: 11,
  title: TITLE,
  kind: "incident",
  needsLogs: false,
  evaluate: evaluateR16,
};

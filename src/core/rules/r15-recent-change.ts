// R15 · P4 · Recent change broke the app (deployment, config or app setting change, swap, restart).

import { BREAKING_KINDS, describeChange } from "../derived/changes.ts";
import { type RuleContext, win } from "../derived/context.ts";
import { rangeSum } from "../derived/stats.ts";
import { type Confidence, type Evidence, lower, raise } from "../diagnosis.ts";
import { detectorHits } from "./detectors.ts";
import { fired, notFired, type Rule } from "./rule.ts";

/** The window's err5xx at this multiple of its baseline. */
export const R15_ERR_FACTOR = 3;
/** When the baseline is unknown, a normal error rate is assumed to be at most this [I]. */
export const R15_ASSUMED_BASELINE_ERR = 0.01;
/** Onset this close after the change raises confidence. */
export const R15_ONSET_MS = 5 * 60_000;
/** A restart followed by a blip shorter than this that recovers on its own needs no action. */
export const R15_BLIP_MS = 5 * 60_000;
const TITLE = "A recent change broke the app";

export function evaluateR15(ctx: RuleContext) {
  if (!ctx.hasIncident && !ctx.minorMode) return notFired("R15", TITLE, "no incident");
  const events = ctx.changes.filter((c) => BREAKING_KINDS.has(c.kind));
  if (events.length === 0) return notFired("R15", TITLE, "no change in the 30 min before or during the window");
  const e5 = rangeSum(ctx.inc.http5xx, ctx.range.from, ctx.range.to);
  const req = rangeSum(ctx.inc.requests, ctx.range.from, ctx.range.to);
  const err = req > 0 ? Math.min(1, e5 / req) : e5 > 0 ? 1 : Number.NaN;
  const base = ctx.base.ratio(
    "err5xx",
    (b) => b.get("site", "Http5xx")?.all.val,
    (b) => b.get("site", "Requests")?.all.val,
  );
  const baseErr = Number.isFinite(base.value) ? base.value : R15_ASSUMED_BASELINE_ERR;
  const w = win(ctx, ctx.range.from, ctx.range.to);
  const evidence: Evidence[] = [
    {
      metric: "err5xx",
      aggregation: "ΣHttp5xx / ΣRequests",
      window: w,
      observed: Number.isFinite(err) ? Math.round(err * 10000) / 10000 : "unknown",
      threshold: Math.round(R15_ERR_FACTOR * baseErr * 10000) / 10000,
      comparison: ">=",
      source: ctx.cur.find("site", "Http5xx")?.source ?? "metrics Http5xx",
      note: `${R15_ERR_FACTOR}× baseline ${Math.round(baseErr * 10000) / 100} % (${Number.isFinite(base.value) ? base.source : "assumed"})`,
    },
  ];
  for (const c of events)
    evidence.push({
      metric: c.source === "deployments" ? "deployment" : "ActivityLog",
      aggregation: "event",
      window: { start: c.at, end: c.at },
      observed: describeChange(c),
      threshold: "within 30 min before the window or inside it",
      comparison: "matches",
      source:
        c.source === "deployments"
          ? `GET ${ctx.s.app?.id}/deployments`
          : "GET /subscriptions/{sub}/providers/Microsoft.Insights/eventtypes/management/values",
    });
  if (!(err >= R15_ERR_FACTOR * baseErr) || !(e5 > 0))
    return notFired("R15", TITLE, "the error rate did not rise with the change", evidence);
  const onsetStart = ctx.axis.origin + ctx.range.from * ctx.axis.bucketMs;
  const onsetEnd = onsetStart + ctx.axis.bucketMs;
  const before = events.filter((c) => c.at < onsetEnd);
  const cause = before.at(-1) ?? events[0];
  let confidence: Confidence = "Medium";
  if (!Number.isFinite(base.value)) confidence = lower(confidence);
  if (cause.at < onsetEnd && onsetStart <= cause.at + R15_ONSET_MS) confidence = raise(confidence);
  const det = detectorHits(ctx.s, ["siteswap", "deployment"], w);
  if (det.length) confidence = raise(confidence);
  const durationMs = (ctx.range.to - ctx.range.from) * ctx.axis.bucketMs;
  const blipOnly = events.every((c) => c.kind === "restart") && durationMs <= R15_BLIP_MS && ctx.range.to < ctx.axis.nb;
  return fired(
    "R15",
    blipOnly ? "Low" : confidence,
    blipOnly ? `${TITLE}? (a restart blip that recovered)` : TITLE,
    [...evidence, ...det],
    {
      facts: {
        changeKind: cause.kind,
        changeAt: cause.at,
        operation: cause.operation,
        targetSlot: cause.targetSlot ?? "",
        blipOnly,
      },
    },
  );
}

export const R15: Rule = {
  id: "R15",
  precedence: 4,
  title: TITLE,
  kind: "incident",
  needsLogs: false,
  evaluate: evaluateR15,
};

// R02 · P2 · Planned platform maintenance (instances upgraded or moved; cold start).

import { judged, propertyEvidence, type RuleContext, win } from "../derived/context.ts";
import { newInstances } from "../derived/instances.ts";
import { type Confidence, type Evidence, raise } from "../diagnosis.ts";
import { regionalEvents, resourceHealthDown, resourceHealthSource, serviceHealthSource } from "./platform.ts";
import { fired, notFired, type Rule } from "./rule.ts";

export const R02_EVENT_TYPE = "PlannedMaintenance";
/** [I] maintenance blips are short: every run of incident buckets lasts at most this long. */
export const R02_MAX_RUN_MS = 10 * 60_000;
const TITLE = "Planned platform maintenance (instances moved or upgraded)";

export function evaluateR02(ctx: RuleContext) {
  const { s } = ctx;
  const w = judged(ctx);
  const events = regionalEvents(s.serviceHealth, s.app, R02_EVENT_TYPE, w);
  const rhPlanned = resourceHealthDown(s.resourceHealth, "Planned");
  if (events.length === 0 && !rhPlanned) return notFired("R02", TITLE, "no planned maintenance reported");
  // Longest run of consecutive incident buckets in the window.
  let longest = 0;
  let run = 0;
  for (let b = ctx.range.from; b < ctx.range.to; b++) {
    run = ctx.inc.flags[b] ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  const runMs = longest * ctx.axis.bucketMs;
  const evidence: Evidence[] = [
    {
      metric: "incident run length",
      aggregation: "5-minute periods",
      window: win(ctx, ctx.range.from, ctx.range.to),
      observed: runMs / 60_000,
      threshold: R02_MAX_RUN_MS / 60_000,
      comparison: "<=",
      source: ctx.cur.find("site", "Http5xx")?.source ?? "metrics Http5xx",
      note: "minutes",
    },
  ];
  for (const e of events)
    evidence.push({
      metric: "ServiceHealth",
      aggregation: "event",
      window: { start: e.start ?? w.start, end: e.end ?? ctx.now },
      observed: `${e.title} (${e.eventType}, ${e.status})`,
      threshold: `${R02_EVENT_TYPE} Active for App Service in ${s.app?.region}`,
      comparison: "matches",
      source: serviceHealthSource(s.app),
    });
  if (rhPlanned)
    evidence.push(
      propertyEvidence(
        ctx,
        "ResourceHealth.reasonType",
        s.resourceHealth?.reasonType ?? "",
        "==",
        "Planned",
        resourceHealthSource(s.app),
      ),
    );
  if (!ctx.hasIncident || longest === 0 || runMs > R02_MAX_RUN_MS)
    return notFired("R02", TITLE, "incident buckets are not short maintenance blips", evidence);
  let confidence: Confidence = rhPlanned ? "High" : "Medium";
  const fresh = newInstances(ctx.cur);
  if (fresh.length > 0) {
    confidence = raise(confidence);
    evidence.push({
      metric: "Instance",
      aggregation: "dimension values",
      window: w,
      observed: fresh.map((f) => f.instance).join(", "),
      threshold: "instances present since the lookback start",
      comparison: "!=",
      source: ctx.cur.find("site", "Requests")?.source ?? "metrics Requests",
      note: "new or replaced instances",
    });
  }
  return fired("R02", confidence, TITLE, evidence, {
    facts: { singleInstance: ctx.capacity < 2, eventTitle: events[0]?.title ?? s.resourceHealth?.title ?? "" },
  });
}

export const R02: Rule = {
  id: "R02",
  precedence: 2,
  title: TITLE,
  kind: "incident",
  needsLogs: false,
  evaluate: evaluateR02,
};

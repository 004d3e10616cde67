// R01 · P2 · Azure platform incident (region or service outage).

import { judged, propertyEvidence, type RuleContext } from "../derived/context.ts";
import type { Evidence } from "../diagnosis.ts";
import { regionalEvents, resourceHealthDown, resourceHealthSource, serviceHealthSource } from "./platform.ts";
import { fired, notFired, type Rule } from "./rule.ts";

export const R01_EVENT_TYPE = "ServiceIssue";
const TITLE = "Azure platform incident in the app's region";

export function evaluateR01(ctx: RuleContext) {
  const { s } = ctx;
  const w = judged(ctx);
  const events = regionalEvents(s.serviceHealth, s.app, R01_EVENT_TYPE, w);
  const rhDown = resourceHealthDown(s.resourceHealth, "Unplanned");
  const evidence: Evidence[] = [];
  for (const e of events)
    evidence.push({
      metric: "ServiceHealth",
      aggregation: "event",
      window: { start: e.start ?? w.start, end: e.end ?? ctx.now },
      observed: `${e.title} (${e.eventType}, ${e.status})`,
      threshold: `${R01_EVENT_TYPE} Active for App Service in ${s.app?.region}`,
      comparison: "matches",
      source: serviceHealthSource(s.app),
      note: e.link,
    });
  if (rhDown)
    evidence.push(
      propertyEvidence(
        ctx,
        "ResourceHealth.availabilityState",
        `${s.resourceHealth?.availabilityState} (${s.resourceHealth?.reasonType ?? "no reason type"})`,
        "matches",
        "Unavailable|Degraded, Unplanned",
        resourceHealthSource(s.app),
        s.resourceHealth?.summary ?? s.resourceHealth?.title,
      ),
    );
  if (events.length === 0 && !rhDown)
    return notFired("R01", TITLE, "no active ServiceIssue and Resource Health is not down");
  const both = events.length > 0 && rhDown;
  const first = events[0];
  return fired("R01", both ? "High" : "Medium", TITLE, evidence, {
    facts: {
      serviceHealth: events.length > 0,
      resourceHealth: rhDown,
      eventId: first?.id ?? "",
      eventTitle: first?.title ?? s.resourceHealth?.title ?? "",
      link: first?.link ?? "",
      noChanges: ctx.changes.length === 0,
    },
  });
}

export const R01: Rule = {
  id: "R01",
  precedence: 2,
  title: TITLE,
  kind: "incident",
  needsLogs: false,
  evaluate: evaluateR01,
};

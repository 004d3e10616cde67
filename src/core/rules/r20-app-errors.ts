// R20 · P12 · Application errors, not a gateway failure (the fallback).

import { judged, type RuleContext } from "../derived/context.ts";
import type { Evidence } from "../diagnosis.ts";
import { fired, notFired, type Prior, type Rule } from "./rule.ts";

/** Share of the 5xx that are plain 500s. */
export const R20_SHARE_500 = 0.8;
/** Rules that do not explain a 5xx incident on their own. */
const NOT_CAUSES = new Set(["R14", "R18", "R19", "R20"]);
const TITLE = "Application errors (500s), not a gateway failure";

export function evaluateR20(ctx: RuleContext, prior: Prior) {
  if (!ctx.hasIncident) return notFired("R20", TITLE, "no incident");
  const w = judged(ctx);
  const rows = (ctx.s.logs?.http5xx ?? []).filter((r) => r && r.t >= w.start && r.t < w.end);
  const total = rows.reduce((a, r) => a + Math.max(r.count, 0), 0);
  const n500 = rows.filter((r) => r.status === 500).reduce((a, r) => a + Math.max(r.count, 0), 0);
  const evidence: Evidence[] = [];
  if (total > 0)
    evidence.push({
      metric: "ScStatus = 500",
      aggregation: "share of 5xx",
      window: w,
      observed: Math.round((n500 / total) * 1000) / 1000,
      threshold: R20_SHARE_500,
      comparison: ">=",
      source: "AppServiceHTTPLogs",
    });
  const mostly500 = total > 0 && n500 / total >= R20_SHARE_500;
  const others = [...prior.values()].some((r) => r.fired && !NOT_CAUSES.has(r.id));
  if (!mostly500 && others) return notFired("R20", TITLE, "another rule explains the incident", evidence);
  if (!mostly500)
    evidence.push({
      metric: "rules",
      aggregation: "fired",
      window: w,
      observed: 0,
      threshold: "no other cause",
      comparison: "==",
      source: "diagnose",
      note: "nothing more specific matched: collect Application Insights exceptions",
    });
  return fired("R20", "Low", TITLE, evidence, { facts: { mostly500 } });
}

export const R20: Rule = {
  id: "R20",
  precedence: 12,
  title: TITLE,
  kind: "incident",
  needsLogs: true,
  evaluate: evaluateR20,
};

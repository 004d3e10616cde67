// R03 · P1 · App stopped or disabled: clients get 403 "This web app is stopped".

import { grid, propertyEvidence, type RuleContext } from "../derived/context.ts";
import { rangeSum } from "../derived/stats.ts";
import type { Evidence } from "../diagnosis.ts";
import { fired, notFired, type Rule } from "./rule.ts";

/** Requests in the last 30 min at or below this count as "≈ 0". */
export const R03_IDLE_REQUESTS = 0;
export const R03_RECENT_MS = 30 * 60_000;
const TITLE = "App is stopped or disabled (clients get 403)";

export function evaluateR03(ctx: RuleContext) {
  const { s } = ctx;
  const stopped = typeof s.site?.state === "string" && s.site.state.toLowerCase() === "stopped";
  const disabled = s.site?.enabled === false;
  if (!stopped && !disabled) return notFired("R03", TITLE, `state ${s.site?.state}, enabled ${s.site?.enabled}`);
  const evidence: Evidence[] = [];
  if (stopped) evidence.push(propertyEvidence(ctx, "site.state", s.site.state, "==", "Stopped", ctx.siteSource));
  if (disabled) evidence.push(propertyEvidence(ctx, "site.enabled", "false", "==", "false", ctx.siteSource));
  const stopEvents = (s.changes ?? []).filter((c) => c?.kind === "stop" && c.at >= s.window.start);
  for (const c of stopEvents)
    evidence.push({
      metric: "ActivityLog",
      aggregation: "event",
      window: { start: c.at, end: c.at },
      observed: c.operation,
      threshold: "Microsoft.Web/sites/stop/action",
      comparison: "matches",
      source: "GET /subscriptions/{sub}/providers/Microsoft.Insights/eventtypes/management/values",
      note: c.caller,
    });
  const recentFrom = Math.max(0, ctx.axis.nb - Math.ceil(R03_RECENT_MS / ctx.axis.bucketMs));
  const req = grid(ctx, "site", "Requests");
  const recentReq = req ? rangeSum(req.all.val, recentFrom, ctx.axis.nb) : Number.NaN;
  const e403 = grid(ctx, "site", "Http403");
  const total403 = e403 ? rangeSum(e403.all.val, 0, ctx.axis.nb) : Number.NaN;
  if (recentReq <= R03_IDLE_REQUESTS || total403 > 0)
    evidence.push({
      metric: total403 > 0 ? "Http403" : "Requests",
      aggregation: "Total",
      window: s.window,
      observed: total403 > 0 ? total403 : recentReq,
      threshold: total403 > 0 ? 0 : R03_IDLE_REQUESTS,
      comparison: total403 > 0 ? ">" : "<=",
      source: (total403 > 0 ? e403 : req)?.grid.source ?? "metrics",
    });
  return fired("R03", "High", TITLE, evidence, {
    facts: { stopped, disabled, billing: disabled && !stopped },
  });
}

export const R03: Rule = {
  id: "R03",
  precedence: 1,
  title: TITLE,
  kind: "state",
  needsLogs: false,
  evaluate: evaluateR03,
};

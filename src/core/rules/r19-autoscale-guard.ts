// R19 · guard · A scale action would conflict with autoscale or automatic scaling.
// The rule finds whether the plan is governed; diagnose() keeps it fired only when a proposed
// mitigation changes sku.capacity (its required signal), and mitigations/guard.ts rewrites that plan.

import { propertyEvidence, type RuleContext } from "../derived/context.ts";
import type { Evidence } from "../diagnosis.ts";
import { fired, notFired, type Rule } from "./rule.ts";

/** Automatic scaling bursts to at most this many instances (manage-automatic-scaling.md). */
export const R19_ELASTIC_MAX = 30;
const TITLE = "Autoscale governs the plan: a manual instance count would be reset";

export function autoscaleSource(ctx: RuleContext): string {
  return `GET /subscriptions/${ctx.s.app?.subscriptionId ?? "{sub}"}/providers/Microsoft.Insights/autoscalesettings`;
}

export function evaluateR19(ctx: RuleContext) {
  const a = ctx.s.autoscale;
  const autoscale = a !== undefined && a !== null && a.enabled !== false;
  const elastic = ctx.s.plan?.elasticScaleEnabled === true;
  if (!autoscale && !elastic) return notFired("R19", TITLE, "no autoscale setting and no automatic scaling");
  const evidence: Evidence[] = [];
  if (autoscale)
    evidence.push(
      propertyEvidence(
        ctx,
        "autoscalesettings",
        `${a.name}: profile ${a.profileName} [${a.minimum}..${a.maximum}], default ${a.default}`,
        "present",
        "enabled, targets the plan",
        autoscaleSource(ctx),
      ),
    );
  if (elastic)
    evidence.push(
      propertyEvidence(
        ctx,
        "plan.elasticScaleEnabled",
        `true (maximumElasticWorkerCount ${ctx.s.plan?.maximumElasticWorkerCount ?? "unset"})`,
        "==",
        "true",
        ctx.planSource,
      ),
    );
  return fired("R19", "High", TITLE, evidence, {
    facts: {
      mode: autoscale ? "autoscaleSetting" : "automaticScaling",
      ...(autoscale
        ? { minimum: a.minimum }
        : ctx.s.config
          ? { minimum: ctx.s.config.minimumElasticInstanceCount ?? 1 }
          : {}),
      maximum: autoscale ? a.maximum : (ctx.s.plan?.maximumElasticWorkerCount ?? R19_ELASTIC_MAX),
    },
  });
}

export const R19: Rule = {
  id: "R19",
  precedence: 99,
  title: TITLE,
  kind: "advisory",
  needsLogs: false,
  evaluate: evaluateR19,
};

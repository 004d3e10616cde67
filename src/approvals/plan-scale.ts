// Scale drafts: instance count (within the SKU's ceiling), SKU, and the R19 guard. Pure.
import { governed } from "../core/mitigations/guard.ts";
import { instanceCeiling } from "../core/mitigations/scale.ts";
import { R19_ELASTIC_MAX } from "../core/rules/r19-autoscale-guard.ts";
import { skuFacts } from "../core/skus.ts";
import type { Snapshot } from "../core/snapshot.ts";
import { configDraft, count, draft, noConfig, RISK, shared, sku } from "./plan-draft.ts";
import { type PlanResult, refuse } from "./proposal.ts";

/**
 * R19: under an autoscale setting a manual count is reset on its next run, so the profile in force is raised
 * instead; under automatic scaling the elastic limits are raised.
 */
export function guardedScaleOut(s: Snapshot, to: number): PlanResult {
  const mode = governed(s);
  if (mode === "autoscaleSetting") return autoscaleProfile(s, to);
  if (mode === "automaticScaling") {
    if (!Number.isInteger(to) || to < 1) return refuse(`The instance count must be a whole number ≥ 1 (got ${to}).`);
    const max = s.plan.maximumElasticWorkerCount ?? 1;
    return to > max
      ? elastic(s, "maximumElasticWorkerCount", Math.min(R19_ELASTIC_MAX, to))
      : elastic(s, "minimumElasticInstanceCount", to);
  }
  return scaleOut(s, to);
}

/**
 * Raises the minimum of the autoscale profile in force to `to` (and the maximum and default with it when
 * they are lower). Only raising: lowering a minimum someone chose is left to a person in the portal.
 */
export function autoscaleProfile(s: Snapshot, to: number): PlanResult {
  const a = s.autoscale;
  if (!a) return refuse(`Autoscale governs plan ${s.plan.name}, but its setting was not read: try again.`);
  if (!Number.isInteger(to) || to < 1) return refuse(`The instance count must be a whole number ≥ 1 (got ${to}).`);
  const ceiling = instanceCeiling(s);
  if (to > ceiling)
    return refuse(
      `Plan ${s.plan.name} (${sku(s)}) allows at most ${ceiling} instances; ${to} is beyond it. Scale up to a larger tier first.`,
    );
  const profile = `profile “${a.profileName}” of autoscale setting ${a.name}`;
  if (to <= a.minimum)
    return refuse(
      `Autoscale governs plan ${s.plan.name}: ${profile} already keeps at least ${a.minimum} instance${a.minimum === 1 ? "" : "s"} ` +
        `(maximum ${a.maximum}, default ${a.default}). The bot only raises a profile's minimum; to lower it, ` +
        "edit the profile in the portal (Scale out → Custom autoscale).",
    );
  const capacity = {
    profileName: a.profileName,
    minimum: to,
    maximum: Math.max(a.maximum, to),
    default: Math.max(a.default, to), // never above the new maximum, max(a.maximum, to)
  };
  const wire = {
    minimum: String(capacity.minimum),
    maximum: String(capacity.maximum),
    default: String(capacity.default),
  };
  return {
    ok: true,
    draft: draft(
      s,
      "autoscale-profile",
      `Raise the minimum of ${profile} to ${to} instances`,
      { op: "autoscaleProfile", settingId: a.id, capacity },
      {
        method: "PATCH",
        path: a.id,
        body: { properties: { profiles: [{ name: a.profileName, capacity: wire }] } },
        note: "GET the setting, then PATCH its whole profile list with this profile's capacity changed (the other profiles go back as they are).",
      },
      {
        before: {
          profile: a.profileName,
          minimum: a.minimum,
          maximum: a.maximum,
          default: a.default,
          instances: count(s),
        },
        after: {
          profile: a.profileName,
          minimum: capacity.minimum,
          maximum: capacity.maximum,
          default: capacity.default,
        },
      },
      [
        "A manual instance count would be reset by autoscale on its next run; this changes the profile that sets the count.",
        `Autoscale applies it on its next evaluation (within minutes). The higher minimum keeps ${to} instances, billed, until someone lowers it.`,
        ...(a.scheduled
          ? [
              `“${a.profileName}” is a scheduled profile: when its schedule ends, the setting's other profile applies with its own minimum. Raise that one in the portal too if the load will outlast the schedule.`,
            ]
          : []),
        ...shared(s),
      ],
    ),
  };
}

function scaleOut(s: Snapshot, to: number): PlanResult {
  const from = count(s);
  if (!Number.isInteger(to) || to < 1) return refuse(`The instance count must be a whole number ≥ 1 (got ${to}).`);
  if (to === from) return refuse(`Plan ${s.plan.name} already runs ${from} instance${from === 1 ? "" : "s"}.`);
  const ceiling = instanceCeiling(s);
  if (to > ceiling)
    return refuse(
      `Plan ${s.plan.name} (${sku(s)}) allows at most ${ceiling} instances; ${to} is beyond it. Scale up to a larger tier first.`,
    );
  const risks =
    to > from
      ? [`Adds ${to - from} instance${to - from === 1 ? "" : "s"} (billed); new instances start cold.`]
      : [`Removes ${from - to} instance${from - to === 1 ? "" : "s"}: the others take all the traffic.`];
  return {
    ok: true,
    draft: draft(
      s,
      "scale-out",
      `Scale ${to > from ? "out" : "in"} plan ${s.plan.name} to ${to} instances`,
      { op: "scalePlan", capacity: to },
      {
        method: "PUT",
        path: s.app.planId,
        body: { sku: { name: sku(s), capacity: to } },
        note: "GET the plan, then PUT it whole with the new sku.capacity (a PATCH drops sku).",
      },
      { before: { sku: sku(s), instances: from }, after: { sku: sku(s), instances: to } },
      [...risks, ...shared(s)],
    ),
  };
}

export function scaleUp(s: Snapshot, toName: string): PlanResult {
  const to = skuFacts(toName);
  if (!to) return refuse(`Unknown SKU "${toName}".`);
  if (to.name.toLowerCase() === sku(s).toLowerCase()) return refuse(`Plan ${s.plan.name} is already on ${sku(s)}.`);
  const n = count(s);
  if (n > to.maxInstances)
    return refuse(
      `${to.name} allows at most ${to.maxInstances} instances; plan ${s.plan.name} runs ${n}. Scale in first.`,
    );
  return {
    ok: true,
    draft: draft(
      s,
      "scale-up",
      `Scale up plan ${s.plan.name} ${sku(s)} → ${to.name}`,
      { op: "scalePlan", skuName: to.name, skuTier: to.tier },
      {
        method: "PUT",
        path: s.app.planId,
        body: { sku: { name: to.name, tier: to.tier, capacity: n } },
        note: "GET the plan, then PUT it whole with the new sku (a PATCH drops sku).",
      },
      { before: { sku: sku(s), instances: n }, after: { sku: to.name, instances: n } },
      [RISK.scaleUp, ...shared(s)],
    ),
  };
}

export function elastic(
  s: Snapshot,
  property: "maximumElasticWorkerCount" | "minimumElasticInstanceCount",
  value: number,
) {
  const why = "Automatic scaling manages this plan's instance count: a manual count would be overridden.";
  if (property === "maximumElasticWorkerCount") {
    const before = s.plan.maximumElasticWorkerCount ?? null;
    if (before === value) return refuse(`maximumElasticWorkerCount is already ${value}.`);
    return {
      ok: true as const,
      draft: draft(
        s,
        "automatic-scaling",
        `Raise maximumElasticWorkerCount of plan ${s.plan.name} to ${value}`,
        { op: "planElastic", maximumElasticWorkerCount: value },
        { method: "PATCH", path: s.app.planId, body: { properties: { maximumElasticWorkerCount: value } } },
        { before, after: value },
        [why, "The platform may burst up to the new maximum (and bill for it)."],
      ),
    };
  }
  if (!s.config) return refuse(noConfig(s));
  const r = configDraft(
    s,
    "automatic-scaling",
    `Raise minimumElasticInstanceCount of ${s.app.name} to ${value}`,
    { minimumElasticInstanceCount: value },
    s.config.minimumElasticInstanceCount ?? null,
  );
  if (r.ok) r.draft.risks.unshift(why, `Keeps ${value} warm instances for this app (billed) until lowered.`);
  return r;
}

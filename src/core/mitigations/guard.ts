// The R19 guard (docs/rules.md#r19): when autoscale or automatic scaling governs the plan, a manual
// sku.capacity change is temporary, so every scale-out becomes an autoscale profile (or elastic) change.

import type { Mitigation } from "../diagnosis.ts";
import { R19_ELASTIC_MAX } from "../rules/r19-autoscale-guard.ts";
import type { Snapshot } from "../snapshot.ts";
import { CONFIG_UNREAD } from "./plans.ts";

export function governed(s: Pick<Snapshot, "autoscale" | "plan">): "autoscaleSetting" | "automaticScaling" | undefined {
  if (s.autoscale && s.autoscale.enabled !== false) return "autoscaleSetting";
  if (s.plan?.elasticScaleEnabled === true) return "automaticScaling";
  return undefined;
}

export function applyAutoscaleGuard(plans: Mitigation[], s: Snapshot): { plans: Mitigation[]; changed: boolean } {
  const mode = governed(s);
  if (!mode) return { plans, changed: false };
  let changed = false;
  const out = plans.map((m) => {
    if (m.kind !== "scaleOut") return m;
    changed = true;
    const to = Number(m.params.toCapacity);
    return mode === "autoscaleSetting" ? toAutoscale(m, s, to) : toElastic(m, s, to);
  });
  return { plans: out, changed };
}

function toAutoscale(m: Mitigation, s: Snapshot, to: number): Mitigation {
  const a = s.autoscale!;
  const minimum = Math.max(a.minimum, to);
  const maximum = Math.max(a.maximum, to);
  const def = Math.min(maximum, Math.max(a.default, to));
  return {
    kind: "autoscaleProfile",
    write: true,
    title: `Raise autoscale profile “${a.profileName}” to [${minimum}..${maximum}] (instead of a manual ${to})`,
    params: {
      target: "autoscaleSetting",
      settingId: a.id,
      settingName: a.name,
      profileName: a.profileName,
      minimum,
      maximum,
      default: def,
      replaces: m.title,
    },
    why: `${m.why} · R19: autoscale setting ${a.name} targets the plan; a manual count outside [${a.minimum}..${a.maximum}] is reset on its next run.`,
    change: {
      before: `${a.profileName}: min ${a.minimum}, max ${a.maximum}, default ${a.default}`,
      after: `${a.profileName}: min ${minimum}, max ${maximum}, default ${def}`,
    },
    risk: `Autoscale applies it on its next evaluation; the higher minimum keeps ${minimum} instances (and their cost) until you lower it again.`,
    // The executor PATCHes the whole profile list back; shown here is the one profile it changes.
    armCall: `PATCH ${a.id}`,
    armBody: {
      properties: {
        profiles: [
          {
            name: a.profileName,
            capacity: { minimum: String(minimum), maximum: String(maximum), default: String(def) },
          },
        ],
      },
    },
    fromRule: m.fromRule,
  };
}

function toElastic(m: Mitigation, s: Snapshot, to: number): Mitigation {
  const curMax = s.plan?.maximumElasticWorkerCount ?? 1;
  const why = `${m.why} · R19: automatic scaling manages the instance count; a manual count is overridden.`;
  if (to > curMax) {
    const next = Math.min(R19_ELASTIC_MAX, to);
    return {
      kind: "autoscaleProfile",
      write: true,
      title: `Raise maximumElasticWorkerCount to ${next} (instead of a manual ${to})`,
      params: { target: "automaticScaling", property: "maximumElasticWorkerCount", value: next, replaces: m.title },
      why,
      change: { before: curMax, after: next },
      risk: "The platform may burst up to the new maximum (and bill for it).",
      armCall: `PATCH ${s.app?.planId || s.plan?.id}`,
      armBody: { properties: { maximumElasticWorkerCount: next } },
      fromRule: m.fromRule,
    };
  }
  const before = s.config ? (s.config.minimumElasticInstanceCount ?? 1) : CONFIG_UNREAD;
  return {
    kind: "autoscaleProfile",
    write: true,
    title: `Raise the app's minimumElasticInstanceCount to ${to} (instead of a manual ${to})`,
    params: { target: "automaticScaling", property: "minimumElasticInstanceCount", value: to, replaces: m.title },
    why,
    change: { before, after: to },
    risk: `Keeps ${to} warm instances for this app (billed) until lowered. Saving site configuration restarts the app.`,
    armCall: `PATCH ${s.app?.id}/config/web`,
    armBody: { properties: { minimumElasticInstanceCount: to } },
    fromRule: m.fromRule,
  };
}

// Proposal drafts from the two sources: a slash-command write intent (app already resolved, fresh snapshot)
// or a diagnosis Mitigation (a button). Both become a ChangeRequest checked against the app as it is now.
import type { ProcessRow } from "../collect/types.ts";
import type { AutoHealParams, AutoHealPreset } from "../core/autoheal-presets.ts";
import type { Diagnosis, Finding, Mitigation } from "../core/diagnosis.ts";
import type { Json } from "../core/json.ts";
import { isCompletePlan } from "../core/mitigations/plans.ts";
import type { AutoHealRules, Snapshot } from "../core/snapshot.ts";
import { rulesFromPreset } from "./autoheal-rules.ts";
import { type ChangeRequest, draftFor } from "./plan-build.ts";
import { type PlanResult, type ProposalEvidence, refuse } from "./proposal.ts";

/** The write intents of the command grammar, without the app query (the caller resolved it). */
export type WriteRequest =
  | { verb: "restart"; soft: boolean; instance?: string }
  | { verb: "start" }
  | { verb: "stop" }
  | { verb: "scale"; direction: "out"; instances: number }
  | { verb: "scale"; direction: "up"; sku: string }
  | { verb: "autoheal"; action: "enable"; preset: AutoHealPreset; params: AutoHealParams }
  | { verb: "autoheal"; action: "disable" }
  | { verb: "healthcheck"; path: string }
  /** `processes`: the instance's processes, read just before proposing. */
  | { verb: "dump"; instance: string; process?: string; processes?: ProcessRow[] };

/** The most specific finding of the diagnosis as evidence (what motivated a command, when known). */
function evidenceOf(d: Diagnosis | undefined, rule?: string): ProposalEvidence | undefined {
  if (!d) return undefined;
  const all: Finding[] = [...(d.primary ? [d.primary] : []), ...d.contributing, ...d.advisories];
  const f = (rule ? all.find((x) => x.id === rule) : undefined) ?? d.primary;
  if (!f) return undefined;
  return { rule: f.id, why: `${f.id} ${f.title} (${f.confidence})`, items: f.evidence.slice(0, 6) };
}

function fromIntent(w: WriteRequest, s: Snapshot): ChangeRequest | { refused: string } {
  switch (w.verb) {
    case "restart":
      if (w.instance !== undefined && w.soft) return { refused: "A soft restart cannot target one instance." };
      return w.instance !== undefined
        ? { kind: "rebootWorker", worker: w.instance }
        : { kind: "restart", soft: w.soft };
    case "start":
    case "stop":
      return { kind: w.verb };
    case "scale":
      return w.direction === "out" ? { kind: "scaleOut", capacity: w.instances } : { kind: "scaleUp", sku: w.sku };
    case "autoheal": {
      if (w.action === "disable") return { kind: "autoHeal", enabled: false };
      const r = rulesFromPreset(w.preset, w.params, s);
      return r.ok ? { kind: "autoHeal", enabled: true, rules: r.rules, preset: w.preset } : { refused: r.reason };
    }
    case "healthcheck":
      return { kind: "healthCheck", path: w.path };
    case "dump":
      return {
        kind: "memoryDump",
        instance: w.instance,
        ...(w.process !== undefined ? { process: w.process } : {}),
        processes: w.processes ?? [],
      };
  }
}

export function planFromIntent(w: WriteRequest, s: Snapshot, diagnosis?: Diagnosis): PlanResult {
  const req = fromIntent(w, s);
  if ("refused" in req) return refuse(req.refused);
  return draftFor(req, s, evidenceOf(diagnosis));
}

const str = (v: Json | undefined) => (typeof v === "string" ? v : undefined);

function fromMitigation(m: Mitigation): ChangeRequest | { refused: string } {
  const p = m.params;
  switch (m.kind) {
    case "restart":
      return p.action === "rebootWorker"
        ? { kind: "rebootWorker", worker: str(p.worker) ?? "" }
        : { kind: "restart", soft: false };
    case "start":
      return { kind: "start" };
    case "scaleOut":
      return { kind: "scaleOut", capacity: Number(p.toCapacity) };
    case "scaleUp":
      return { kind: "scaleUp", sku: str(p.toSku) ?? "" };
    case "autoHeal":
      return { kind: "autoHeal", enabled: true, rules: p.autoHealRules as AutoHealRules, preset: str(p.preset) };
    case "healthCheck":
      return { kind: "healthCheck", path: str(p.path) ?? "/health" };
    case "appSetting": {
      const settings = (p.settings ?? {}) as Record<string, Json>;
      return {
        kind: "appSetting",
        settings: Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, String(v)])),
      };
    }
    case "siteConfig":
      if ((p.property === "alwaysOn" || p.property === "use32BitWorkerProcess") && typeof p.value === "boolean")
        return { kind: "siteConfig", property: p.property, value: p.value };
      return { refused: `The bot does not change site setting ${String(p.property)}.` };
    case "autoscaleProfile":
      if (p.target === "automaticScaling" && typeof p.value === "number") {
        if (p.property === "maximumElasticWorkerCount" || p.property === "minimumElasticInstanceCount")
          return { kind: "elastic", property: p.property, value: p.value };
      }
      // The profile's new minimum is the count the diagnosis asked for; re-planned on the fresh snapshot.
      if (p.target === "autoscaleSetting") return { kind: "scaleOut", capacity: Number(p.minimum) };
      return { refused: `The plan for “${m.title}” is incomplete; run diagnose again.` };
    case "swapBack":
      return { refused: "The bot cannot swap slots yet: swap back in the portal (Deployment slots → Swap)." };
    default:
      return { refused: `“${m.title}” is advice, not a change: there is nothing to approve.` };
  }
}

/** A diagnosis mitigation (from a button), re-checked against a fresh snapshot of the app. */
export function planFromMitigation(m: Mitigation, s: Snapshot, diagnosis?: Diagnosis): PlanResult {
  if (!m.write) return refuse(`“${m.title}” is advice, not a change: there is nothing to approve.`);
  if (!isCompletePlan(m)) return refuse(`The plan for “${m.title}” is incomplete; run diagnose again.`);
  const req = fromMitigation(m);
  if ("refused" in req) return refuse(req.refused);
  const evidence = evidenceOf(diagnosis, m.fromRule) ?? { rule: m.fromRule, why: m.why, items: [] };
  const r = draftFor(req, s, { ...evidence, why: m.why });
  if (r.ok) r.draft.source = "diagnosis";
  return r;
}

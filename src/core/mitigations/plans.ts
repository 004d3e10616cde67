// Builders for each mitigation kind (docs/glossary.md#mitigation): every write carries the exact ARM call, the
// before/after change and its risk. Pure: they only format what the planner decided.

import type { AutoHealPreset } from "../autoheal-presets.ts";
import type { Mitigation, RuleId } from "../diagnosis.ts";
import type { Json } from "../json.ts";
import { isJson, toJson } from "../json.ts";
import type { AutoHealRules, Snapshot } from "../snapshot.ts";

export interface PlanInput {
  s: Snapshot;
  rule: RuleId;
  why: string;
}

const siteId = (s: Snapshot) => s.app?.id ?? "";
const planId = (s: Snapshot) => s.app?.planId || s.plan?.id || "";
const CONFIG_RESTARTS = "Saving site configuration restarts the app (a brief blip on every instance).";
/** The "before" of a config change when the config was not read (the approval re-reads it before anything runs). */
export const CONFIG_UNREAD = "unknown (site config not read)";

export function restartApp(p: PlanInput, note = ""): Mitigation {
  const slot = p.s.app?.slot;
  return {
    kind: "restart",
    write: true,
    title: slot ? `Restart slot ${slot}` : "Restart the app (all instances)",
    params: { action: "restart", target: slot ? "slot" : "app", siteId: siteId(p.s), ...(slot ? { slot } : {}) },
    why: p.why,
    change: { before: p.s.site?.state ?? "Running", after: "Running (processes restarted)" },
    risk: `Every instance restarts: in-flight requests fail and caches go cold.${note ? ` ${note}` : ""}`,
    armCall: `POST ${siteId(p.s)}/restart?softRestart=false&synchronous=false`,
    fromRule: p.rule,
  };
}

export function rebootWorker(p: PlanInput, worker: string): Mitigation {
  return {
    kind: "restart",
    write: true,
    title: `Reboot instance ${worker}`,
    params: { action: "rebootWorker", target: "worker", planId: planId(p.s), worker },
    why: p.why,
    change: { before: `${worker} serving`, after: `${worker} rebooted` },
    risk: `Reboots the worker VM: every app of the plan on ${worker} restarts; the other instances keep serving.`,
    armCall: `POST ${planId(p.s)}/workers/${worker}/reboot`,
    fromRule: p.rule,
  };
}

export function startApp(p: PlanInput): Mitigation {
  return {
    kind: "start",
    write: true,
    title: "Start the app",
    params: { siteId: siteId(p.s) },
    why: p.why,
    change: { before: p.s.site?.state ?? "Stopped", after: "Running" },
    risk: "The app starts serving traffic again; make sure it was not stopped on purpose.",
    armCall: `POST ${siteId(p.s)}/start`,
    fromRule: p.rule,
  };
}

export function scaleOut(p: PlanInput, to: number, formula: string, temporary = false): Mitigation {
  const sku = p.s.plan?.skuName ?? "";
  const from = p.s.plan?.capacity ?? 1;
  return {
    kind: "scaleOut",
    write: true,
    title: `Scale out to ${to} instances${temporary ? " (temporary)" : ""}`,
    params: { planId: planId(p.s), skuName: sku, fromCapacity: from, toCapacity: to, formula },
    why: p.why,
    change: { before: `${sku}×${from}`, after: `${sku}×${to}` },
    risk: `Costs ${to - from} more instance(s); new instances start cold.${p.s.plan?.numberOfSites && p.s.plan.numberOfSites > 1 ? " Every app on the plan scales with it." : ""}`,
    armCall: `PUT ${planId(p.s)} (sku.capacity ${to})`,
    armBody: { sku: { name: sku, capacity: to } },
    fromRule: p.rule,
  };
}

export function scaleUp(p: PlanInput, to: string, reason: "memory" | "cpu" | "quota"): Mitigation {
  const sku = p.s.plan?.skuName ?? "";
  const n = p.s.plan?.capacity ?? 1;
  return {
    kind: "scaleUp",
    write: true,
    title: `Scale up ${sku} → ${to}`,
    params: { planId: planId(p.s), fromSku: sku, toSku: to, reason },
    why: p.why,
    change: { before: `${sku}×${n}`, after: `${to}×${n}` },
    risk: "Moves the plan to new workers: expect a restart; a higher SKU costs more. Premium v3 may be unavailable on the scale unit (the error is reported verbatim).",
    armCall: `PUT ${planId(p.s)} (sku.name ${to})`,
    armBody: { sku: { name: to } },
    fromRule: p.rule,
  };
}

export function autoHeal(p: PlanInput, preset: AutoHealPreset, rules: AutoHealRules, note = ""): Mitigation {
  const cfg = p.s.config;
  const before = !cfg ? CONFIG_UNREAD : cfg.autoHealEnabled ? (cfg.autoHealRules ?? {}) : null;
  const json = toJson(rules);
  const single = (p.s.plan?.capacity ?? 1) < 2 ? " With one instance each recycle is a brief outage." : "";
  return {
    kind: "autoHeal",
    write: true,
    title: `Enable auto-heal ${preset}`,
    params: { preset, autoHealEnabled: true, autoHealRules: json },
    why: p.why,
    change: { before: toJson(before), after: json },
    risk: `A temporary mitigation: recycles hide the root cause, so pair it with the follow-up. ${CONFIG_RESTARTS}${single}${note ? ` ${note}` : ""}`,
    armCall: `PATCH ${siteId(p.s)}/config/web`,
    armBody: { properties: { autoHealEnabled: true, autoHealRules: json } },
    fromRule: p.rule,
  };
}

export function healthCheck(p: PlanInput, path = "/health", maxPingFailures?: number): Mitigation {
  return {
    kind: "healthCheck",
    write: true,
    title: `Enable health check on ${path}`,
    params: { path, ...(maxPingFailures ? { WEBSITE_HEALTHCHECK_MAXPINGFAILURES: maxPingFailures } : {}) },
    why: p.why,
    change: { before: p.s.config ? (p.s.config.healthCheckPath ?? null) : CONFIG_UNREAD, after: path },
    risk: `The path must exist and answer 200–299 within 1 min without redirects or auth, or instances get evicted. ${CONFIG_RESTARTS}`,
    armCall: `PATCH ${siteId(p.s)}/config/web`,
    armBody: { properties: { healthCheckPath: path } },
    fromRule: p.rule,
  };
}

export function appSetting(p: PlanInput, name: string, value: string, note = ""): Mitigation {
  const before = p.s.appSettings ? (p.s.appSettings[name] ?? null) : "unknown (settings not readable)";
  return {
    kind: "appSetting",
    write: true,
    title: `Set app setting ${name}=${value}`,
    params: { name, value, settings: { [name]: value }, merge: true },
    why: p.why,
    change: { before, after: value },
    risk: `Saving app settings restarts the app. The full list is read, merged and written back.${note ? ` ${note}` : ""}`,
    armCall: `PUT ${siteId(p.s)}/config/appsettings`,
    armBody: { properties: { [name]: value } },
    fromRule: p.rule,
  };
}

export function siteConfig(p: PlanInput, property: string, value: Json, title: string): Mitigation {
  const cfg: Record<string, unknown> | undefined = p.s.config ? { ...p.s.config } : undefined;
  const before = cfg?.[property];
  return {
    kind: "siteConfig",
    write: true,
    title,
    params: { property, value },
    why: p.why,
    change: { before: !cfg ? CONFIG_UNREAD : before !== undefined && isJson(before) ? before : null, after: value },
    risk: CONFIG_RESTARTS,
    armCall: `PATCH ${siteId(p.s)}/config/web`,
    armBody: { properties: { [property]: value } },
    fromRule: p.rule,
  };
}

export function swapBack(p: PlanInput, targetSlot: string): Mitigation {
  return {
    kind: "swapBack",
    write: true,
    title: `Swap back with slot ${targetSlot}`,
    params: { targetSlot, preserveVnet: true },
    why: p.why,
    change: { before: "current build in production", after: `previous build (from ${targetSlot})` },
    risk: "Swaps the slots again: the previous build returns to production with a warm-up; slot settings stay.",
    armCall: `POST ${siteId(p.s)}/slotsswap`,
    armBody: { targetSlot, preserveVnet: true },
    fromRule: p.rule,
  };
}

export function waitForPlatform(p: PlanInput, title: string, params: Record<string, Json>): Mitigation {
  return {
    kind: "waitForPlatform",
    write: false,
    title,
    params,
    why: p.why,
    risk: "None: nothing is changed.",
    fromRule: p.rule,
  };
}

export function investigate(p: PlanInput, topic: string, title: string, steps: string[]): Mitigation {
  return {
    kind: "investigate",
    write: false,
    title,
    params: { topic, steps },
    why: p.why,
    risk: "None: advice, nothing is changed.",
    fromRule: p.rule,
  };
}

const ARM_CALL = /^(POST|PUT|PATCH) \/subscriptions\/[^/\s]+\/resourceGroups\/[^/\s]+\/providers\/\S+/i;

/** A write is complete when it names its ARM call, its before/after change, its risk and parameters. */
export function isCompletePlan(m: Mitigation): boolean {
  if (!m.write) return true;
  return (
    typeof m.armCall === "string" &&
    ARM_CALL.test(m.armCall) &&
    !/\/\/|undefined|NaN/.test(m.armCall) &&
    m.change !== undefined &&
    m.change.after !== null &&
    m.change.after !== undefined &&
    typeof m.title === "string" &&
    m.title.length > 0 &&
    typeof m.risk === "string" &&
    m.risk.length > 0 &&
    Object.keys(m.params).length > 0 &&
    typeof m.why === "string" &&
    m.why.length > 0 &&
    finiteNumbers(m.params) &&
    isJson(m.change) &&
    finiteNumbers(m.change) &&
    finiteNumbers(m.armBody ?? null)
  );
}

/** No NaN or Infinity hides anywhere in a plan's data. */
function finiteNumbers(v: Json | Record<string, Json> | undefined): boolean {
  if (typeof v === "number") return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(finiteNumbers);
  if (v && typeof v === "object") return Object.values(v).every(finiteNumbers);
  return true;
}

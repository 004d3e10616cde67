// Before/after comparison of a mitigation: the figures that tell whether the app recovered (5xx rate,
// response time, health check, instances, state) and the change itself (count, SKU, config). Pure.
import { keyFigures } from "../core/figures.ts";
import type { Snapshot } from "../core/snapshot.ts";
import type { Proposal } from "./proposal.ts";

/** After a fix the 5xx rate must be under 1 %, or a tenth of what it was. */
export const RECOVERED_ERR_RATE = 0.01;
export const ERR_IMPROVEMENT = 0.1;
/** Response time must be under 2 s, or a quarter of what it was. */
export const RECOVERED_RT_S = 2;
export const RT_IMPROVEMENT = 0.25;

export interface Figures {
  errorRate: number | null;
  responseTimeS: number | null;
  healthCheckMin: number | null;
  instances: number;
  ready: number;
  state: string;
  skuName: string;
  capacity: number;
}

export interface Check {
  name: "5xx" | "responseTime" | "health" | "state" | "capacity" | "sku" | "config";
  /** null: could not be judged (the signal is unknown). */
  ok: boolean | null;
  text: string;
}

export function figuresOf(s: Snapshot): Figures {
  const k = keyFigures(s);
  return {
    errorRate: k.errorRate,
    responseTimeS: k.responseTimeAvgS,
    healthCheckMin: k.healthCheckMin,
    instances: s.instances.length,
    ready: s.instances.filter((i) => i.state.toUpperCase() === "READY").length,
    state: s.site.state,
    skuName: s.plan.skuName,
    capacity: s.plan.capacity,
  };
}

/**
 * A snapshot's properties (state, SKU, count) are as they are now, not as they were in its window: the
 * values before the change come from the proposal's recorded "before".
 */
export function beforeFigures(s: Snapshot, p: Proposal): Figures {
  const f = figuresOf(s);
  const b = p.change.before;
  if (!b || typeof b !== "object" || Array.isArray(b)) return f;
  const rec = b as Record<string, unknown>;
  if (typeof rec.state === "string") f.state = rec.state;
  if (typeof rec.sku === "string") f.skuName = rec.sku;
  if (typeof rec.instances === "number") f.capacity = rec.instances;
  return f;
}

export function pct(x: number | null): string {
  if (x === null) return "unknown";
  const v = x * 100;
  if (v === 0) return "0%";
  return v >= 10 ? `${Math.round(v)}%` : `${Number(v.toFixed(1))}%`;
}

const secs = (x: number | null) => (x === null ? "unknown" : `${Number(x.toFixed(x >= 10 ? 0 : 1))} s`);

function health(after: Figures, after0: Snapshot): Check {
  const hc = after.healthCheckMin;
  const all = after.instances;
  const okReady = all > 0 && after.ready === all;
  if (hc !== null) {
    const ok = okReady && hc >= 100;
    return { name: "health", ok, text: ok ? `all ${all} instances healthy` : `health check ${Math.round(hc)}%` };
  }
  const cfg = after0.config?.healthCheckPath ? " (health check not reported)" : "";
  return {
    name: "health",
    ok: all === 0 ? null : okReady,
    text: okReady ? `${all}/${all} instances ready${cfg}` : `${after.ready}/${all} instances ready`,
  };
}

/** What must hold after `p` ran; the app's health for every change except a stop. */
export function compare(p: Proposal, before: Figures, after: Figures, afterSnap: Snapshot): Check[] {
  const op = p.operation;
  const checks: Check[] = [];
  if (op.op === "stop") {
    const ok = after.state.toLowerCase() === "stopped";
    return [{ name: "state", ok, text: `state ${before.state} → ${after.state}` }];
  }
  const err = after.errorRate;
  checks.push({
    name: "5xx",
    ok: err === null ? null : err <= Math.max(RECOVERED_ERR_RATE, (before.errorRate ?? 0) * ERR_IMPROVEMENT),
    text: `5xx ${pct(before.errorRate)} → ${pct(err)}`,
  });
  const rt = after.responseTimeS;
  checks.push({
    name: "responseTime",
    ok: rt === null ? null : rt <= Math.max(RECOVERED_RT_S, (before.responseTimeS ?? 0) * RT_IMPROVEMENT),
    text: `response time ${secs(before.responseTimeS)} → ${secs(rt)}`,
  });
  checks.push(health(after, afterSnap));
  if (op.op === "start" || before.state.toLowerCase() !== after.state.toLowerCase())
    checks.push({ name: "state", ok: after.state.toLowerCase() === "running", text: `state ${after.state}` });
  if (op.op === "scalePlan" && op.capacity !== undefined)
    checks.push({
      name: "capacity",
      ok: after.capacity === op.capacity,
      text: `instances ${before.capacity} → ${after.capacity}`,
    });
  if (op.op === "scalePlan" && op.skuName !== undefined)
    checks.push({
      name: "sku",
      ok: after.skuName.toLowerCase() === op.skuName.toLowerCase(),
      text: `SKU ${before.skuName} → ${after.skuName}`,
    });
  if (op.op === "siteConfig") {
    const cfg: Record<string, unknown> = { ...afterSnap.config };
    const keys = Object.keys(op.patch).filter((k) => k !== "autoHealRules");
    const ok = keys.every((k) => cfg[k] === (op.patch as Record<string, unknown>)[k]);
    checks.push({ name: "config", ok, text: ok ? "configuration applied" : "configuration not applied yet" });
  }
  return checks;
}

/** Recovered when every judged check holds and the 5xx rate could be judged at all. */
export function recovered(p: Proposal, checks: Check[]): boolean {
  if (checks.some((c) => c.ok === false)) return false;
  if (p.operation.op === "stop") return checks.every((c) => c.ok === true);
  return checks.find((c) => c.name === "5xx")?.ok === true;
}

export function summaryOf(checks: Check[]): string {
  return checks.map((c) => c.text).join(", ");
}

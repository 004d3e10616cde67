// S1: memory leak on a small Windows plan (S1 × 1). Plan memory climbs 0.4 points/min from 55 % at T0;
// Proactive Auto Heal recycles the process once it has held ≥ 93 % for 5 min (T0+100), and the leak
// restarts from 50 %. Any process start (restart, reboot, config write, scale up) restarts the leak from
// 50 %; an auto-heal privateBytesInKB trigger recycles it earlier. Memory is modelled in bytes, so a
// bigger SKU lowers the percentage; more instances share the load and slow the per-process leak.

import type { SampleContext } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";
import { makeBehaviour } from "./behaviour.ts";
import { addPlan, addSite, siteConfig } from "./build.ts";
import { DEFAULT_UPTIME_MINUTES } from "./context.ts";
import { clamp01, type Drivers, profile } from "./defaults.ts";
import { siteHistory } from "./history.ts";
import { skuFacts } from "./skus.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

const GB = 1e9;
const REF_BYTES = skuFacts("S1").memoryBytes;
const BASE_INSTANCES = 1;
/** Memory points per minute on the original S1 × 1 (55 % → 93 % in 95 min). */
const SLOPE_PCT = 0.4;
const PROACTIVE_PCT = 93;
const PROACTIVE_HOLD_MIN = 5;
const ONSET = { pct: 55, ws: 0.6 * GB };
const FRESH = { pct: 50, ws: 0.55 * GB };
const WS_PER_MIN = (0.85 * GB) / 95;
const PRIVATE_PER_WS = 1.15;

/** "hh:mm:ss" → minutes. */
function timeSpanMinutes(v: unknown): number {
  if (typeof v !== "string") return 0;
  const [h, m, s] = v.split(":").map(Number);
  return (h || 0) * 60 + (m || 0) + (s || 0) / 60;
}

interface Cycle {
  pct: number;
  ws: number;
}

export interface LeakState {
  memPct: number;
  workingSet: number;
}

/** Memory of one process `m` minutes after leak onset (or process start), following recycles. */
export function leakState(
  start: Cycle,
  m: number,
  skuBytes: number,
  load: number,
  triggerBytes: number | undefined,
  minExec: number,
): LeakState {
  const pctPerMin = (SLOPE_PCT * load * REF_BYTES) / skuBytes;
  const wsPerMin = WS_PER_MIN * load;
  const cycleLength = (c: Cycle): number => {
    const startPct = (c.pct * REF_BYTES) / skuBytes;
    let len = pctPerMin > 0 ? (PROACTIVE_PCT - startPct) / pctPerMin + PROACTIVE_HOLD_MIN : Infinity;
    if (triggerBytes !== undefined && wsPerMin > 0) {
      const toTrigger = (triggerBytes / PRIVATE_PER_WS - c.ws) / wsPerMin;
      len = Math.min(len, Math.max(minExec, toTrigger));
    }
    return Math.max(1, len);
  };
  let c = start;
  const first = cycleLength(c);
  if (m >= first) {
    c = FRESH;
    m = (m - first) % cycleLength(FRESH);
  }
  return {
    memPct: (c.pct * REF_BYTES) / skuBytes + pctPerMin * m,
    workingSet: c.ws + wsPerMin * m,
  };
}

/** Share of requests failing at a given plan memory percentage (4 %, 8 %, 13 %, 12 % as the scenario specifies). */
function failureRate(memPct: number): number {
  if (memPct < 86.8) return 0;
  if (memPct < 88.8) return 0.04;
  if (memPct < 90.8) return 0.08;
  if (memPct < 92.8) return 0.1333;
  return 0.12;
}

export const s1: ScenarioDef = {
  appName: "shop-api",
  resourceGroup: "rg-shop",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const plan = addPlan(a.fleet, {
      subscriptionId: a.subscriptionId,
      resourceGroup: a.resourceGroup,
      name: a.planName,
      location: a.location,
      os: "windows",
      sku: "S1",
      capacity: 1,
    });
    const config = siteConfig(plan, { netFrameworkVersion: "v8.0" });
    const appSettings = { ASPNETCORE_ENVIRONMENT: "Production", WEBSITE_RUN_FROM_PACKAGE: "1" };
    const history = siteHistory(config, appSettings);
    const p = profile({
      os: "windows",
      r5: 1500,
      paths: [
        ["/api/products", 0.6],
        ["/api/cart", 0.3],
        ["/api/orders", 0.1],
      ],
    });
    const adjust = (ctx: SampleContext, d: Drivers): void => {
      const sinceOnset = (ctx.t - a.t0) / MINUTE;
      const sku = skuFacts(ctx.skuName);
      if (sinceOnset < 0) {
        d.mem = (d.mem * REF_BYTES) / sku.memoryBytes;
        return;
      }
      const restarted = ctx.minutesSinceStart < Math.min(sinceOnset, DEFAULT_UPTIME_MINUTES);
      const cfg = history.configAt(ctx.site, ctx.t);
      const rules = cfg.autoHealRules as
        | { triggers?: { privateBytesInKB?: number }; actions?: { minProcessExecutionTime?: string } }
        | undefined;
      const triggerKb = cfg.autoHealEnabled === true ? rules?.triggers?.privateBytesInKB : undefined;
      const s = leakState(
        restarted ? FRESH : ONSET,
        restarted ? ctx.minutesSinceStart : sinceOnset,
        sku.memoryBytes,
        BASE_INSTANCES / Math.max(1, ctx.instanceCount),
        triggerKb ? triggerKb * 1024 : undefined,
        timeSpanMinutes(rules?.actions?.minProcessExecutionTime),
      );
      const rate = failureRate(s.memPct);
      d.mem = s.memPct + 0.3 * d.nz("mem");
      d.workingSet = s.workingSet * (1 + 0.01 * d.nz("ws"));
      // Auto-heal recycles within seconds of the trigger, so a 1-min sample never shows it exceeded.
      const triggerBytes = triggerKb ? triggerKb * 1024 : Number.POSITIVE_INFINITY;
      d.privateBytes = Math.min(triggerBytes, d.workingSet * PRIVATE_PER_WS);
      d.cpu = 35 + 15 * clamp01((s.memPct - 70) / 23) + 1.5 * d.nz("cpu");
      const slow = clamp01((s.memPct - 83) / 10);
      d.rt = 0.3 + 2.2 * slow + 0.02 * d.nz("rt");
      d.rtMax = d.rt * 4;
      if (rate > 0) {
        d.http5xx = Math.round(d.requests * rate);
        d.failStatus = 503;
        d.failRt = d.rt * 2;
      }
    };
    return addSite(a.fleet, {
      plan,
      resourceGroup: a.resourceGroup,
      name: a.appName,
      config,
      appSettings,
      tags: { env: "prod", team: "shop" },
      behaviour: makeBehaviour({ profile: p, history, seed: a.fleet.seed, adjust }),
    });
  },
};

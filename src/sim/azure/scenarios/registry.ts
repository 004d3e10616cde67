// Scenario lookup and the common part of adding one: default names, T0, subscription bookkeeping.

import type { SimClock, SimFleet, SimSite } from "../fleet.ts";
import { DEFAULT_SUBSCRIPTION, defaultT0, ensureSubscription } from "./build.ts";
import { healthy } from "./healthy.ts";
import { h1, h2 } from "./noisy-healthy.ts";
import { s1 } from "./s1-memory-leak.ts";
import { s2 } from "./s2-traffic-spike.ts";
import { s3 } from "./s3-wrong-port.ts";
import { s4 } from "./s4-slow-startup.ts";
import { s5 } from "./s5-bad-instance.ts";
import { s6 } from "./s6-snat-exhaustion.ts";
import { s7 } from "./s7-slow-dependency.ts";
import { s8 } from "./s8-export-timeout.ts";
import { s9, s10 } from "./s09-platform.ts";
import { s11, s12 } from "./s11-state.ts";
import { s13, s14, s15 } from "./s13-start-failures.ts";
import { s16, s19, s20, s21 } from "./s16-load.ts";
import { s17, s18, s22 } from "./s17-health-and-changes.ts";
import { s23, s24, s25 } from "./s23-linux-variants.ts";
import type { ScenarioDef } from "./types.ts";

export interface ScenarioOptions {
  seed?: number;
  subscriptionId?: string;
  resourceGroup?: string;
  appName?: string;
  location?: string;
}

export const SCENARIOS: Readonly<Record<string, ScenarioDef>> = {
  S1: s1,
  S2: s2,
  S3: s3,
  S4: s4,
  S5: s5,
  S6: s6,
  S7: s7,
  S8: s8,
  S9: s9,
  S10: s10,
  S11: s11,
  S12: s12,
  S13: s13,
  S14: s14,
  S15: s15,
  S16: s16,
  S17: s17,
  S18: s18,
  S19: s19,
  S20: s20,
  S21: s21,
  S22: s22,
  S23: s23,
  S24: s24,
  S25: s25,
  H1: h1,
  H2: h2,
  healthy,
};

export const INCIDENT_SCENARIOS = ["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8"] as const;

export function emptyFleet(clock: SimClock, opts: { seed?: number; subscriptions?: string[] } = {}): SimFleet {
  return {
    clock,
    subscriptions: [...(opts.subscriptions ?? [DEFAULT_SUBSCRIPTION])],
    plans: [],
    sites: [],
    autoscaleSettings: [],
    serviceHealth: [],
    seed: opts.seed ?? 1,
  };
}

function lookup(name: string): ScenarioDef | undefined {
  return SCENARIOS[name] ?? SCENARIOS[name.toUpperCase()] ?? (name.toLowerCase() === "healthy" ? healthy : undefined);
}

/** Adds one single-app scenario (S1…S8, healthy). Site names must be unique per subscription. */
export function addSingleScenario(
  fleet: SimFleet,
  name: string,
  opts: ScenarioOptions & { t0?: number } = {},
): SimSite {
  const def = lookup(name);
  if (!def) throw new Error(`unknown scenario "${name}"; expected one of ${Object.keys(SCENARIOS).join(", ")}, demo`);
  const subscriptionId = opts.subscriptionId ?? DEFAULT_SUBSCRIPTION;
  const appName = opts.appName ?? def.appName;
  if (fleet.sites.some((s) => s.subscriptionId === subscriptionId && s.name.toLowerCase() === appName.toLowerCase())) {
    throw new Error(`an app named "${appName}" already exists in subscription ${subscriptionId}`);
  }
  ensureSubscription(fleet, subscriptionId);
  return def.add({
    fleet,
    t0: opts.t0 ?? defaultT0(fleet.clock.now()),
    subscriptionId,
    resourceGroup: opts.resourceGroup ?? def.resourceGroup,
    appName,
    planName: `asp-${appName}`,
    location: opts.location ?? def.location,
  });
}

// Healthy apps: the "healthy" scenario and the building block of the demo and generated fleets. Every
// metric stays at the emulator defaults (docs/scenarios.md#emulator-defaults) scaled by the profile.

import type { SimEvent, SimFleet, SimPlan, SimSite } from "../fleet.ts";
import { makeBehaviour } from "./behaviour.ts";
import { addPlan, buildSite, siteConfig } from "./build.ts";
import { type Profile, profile, type SimOs } from "./defaults.ts";
import { siteHistory } from "./history.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

export interface HealthyInput {
  plan: SimPlan;
  resourceGroup: string;
  name: string;
  r5: number;
  /** Share of the plan's baseline this app accounts for (0.5 each for two apps on one plan). */
  share?: number;
  healthCheckPath?: string;
  slot?: string;
  state?: "Running" | "Stopped";
  timeline?: SimEvent[];
  extraConfig?: Record<string, unknown>;
  tags?: Record<string, string>;
}

export function healthyProfile(os: SimOs, r5: number, share = 1): Profile {
  return profile({ os, r5, share, cpu: 35 * share, mem: 55 * share });
}

/** A healthy site (not registered anywhere: for slots). */
export function buildHealthySite(fleet: SimFleet, h: HealthyInput): SimSite {
  const os: SimOs = h.plan.reserved ? "linux" : "windows";
  const config = siteConfig(h.plan, {
    ...(os === "linux" ? { linuxFxVersion: "NODE|20-lts" } : {}),
    ...(h.healthCheckPath ? { healthCheckPath: h.healthCheckPath } : {}),
    ...h.extraConfig,
  });
  const appSettings: Record<string, string> = {};
  const history = siteHistory(config, appSettings);
  const site = buildSite({
    plan: h.plan,
    resourceGroup: h.resourceGroup,
    name: h.name,
    config,
    appSettings,
    tags: h.tags ?? { env: "prod" },
    state: h.state,
    timeline: h.timeline,
    behaviour: makeBehaviour({ profile: healthyProfile(os, h.r5, h.share), history, seed: fleet.seed }),
  });
  if (h.slot) site.slot = h.slot;
  return site;
}

export function addHealthySite(fleet: SimFleet, h: HealthyInput): SimSite {
  const site = buildHealthySite(fleet, h);
  fleet.sites.push(site);
  return site;
}

export const healthy: ScenarioDef = {
  appName: "profile-api",
  resourceGroup: "rg-profile",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const plan = addPlan(a.fleet, {
      subscriptionId: a.subscriptionId,
      resourceGroup: a.resourceGroup,
      name: a.planName,
      location: a.location,
      os: "windows",
      sku: "P0v3",
      capacity: 2,
    });
    return addHealthySite(a.fleet, {
      plan,
      resourceGroup: a.resourceGroup,
      name: a.appName,
      r5: 3000,
      healthCheckPath: "/healthz",
      tags: { env: "prod", team: "identity" },
    });
  },
};

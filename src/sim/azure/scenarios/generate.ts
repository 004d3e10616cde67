// Large deterministic fleets for benchmarks and batching tests: `apps` sites dealt round-robin over
// subscriptions × regions (so each pair gets apps/pairs, ±1). Per pair, apps come in threes: one on its
// own plan, then two sharing a plan. `incidents` of the apps, spread evenly, are S1…S8 scenario apps.

import type { SimClock, SimFleet, SimPlan } from "../fleet.ts";
import { addPlan, defaultT0 } from "./build.ts";
import { unitHash } from "./context.ts";
import { addHealthySite } from "./healthy.ts";
import { addSingleScenario, emptyFleet, INCIDENT_SCENARIOS, SCENARIOS } from "./registry.ts";

export interface GenerateOptions {
  apps: number;
  subscriptions: string[];
  regions: string[];
  incidents?: number;
  seed?: number;
}

const SKUS = ["S1", "P1v3", "B1", "P0v3", "S2", "P2v3"];

export function regionShortName(location: string): string {
  return location.toLowerCase().replace(/\s+/g, "");
}

/** Indexes of the apps that become incident scenarios, evenly spaced. */
export function incidentIndexes(apps: number, incidents: number): Set<number> {
  const n = Math.max(0, Math.min(apps, incidents));
  return new Set(Array.from({ length: n }, (_, k) => Math.floor(((k + 0.5) * apps) / n)));
}

export function generateFleet(clock: SimClock, opts: GenerateOptions): SimFleet {
  if (opts.subscriptions.length === 0 || opts.regions.length === 0) {
    throw new Error("generateFleet needs at least one subscription and one region");
  }
  const seed = opts.seed ?? 1;
  const fleet = emptyFleet(clock, { seed, subscriptions: opts.subscriptions });
  const t0 = defaultT0(clock.now());
  const pairs = opts.subscriptions.length * opts.regions.length;
  const scenarioApps = incidentIndexes(opts.apps, opts.incidents ?? 0);
  const perPair = new Map<number, { count: number; shared?: SimPlan }>();
  let incident = 0;
  for (let i = 0; i < opts.apps; i++) {
    const pair = i % pairs;
    const subscriptionId = opts.subscriptions[pair % opts.subscriptions.length];
    const location = opts.regions[Math.floor(pair / opts.subscriptions.length)];
    const region = regionShortName(location);
    const id = String(i).padStart(4, "0");
    const resourceGroup = `rg-${region}-${String(Math.floor(i / pairs / 10)).padStart(2, "0")}`;
    const state = perPair.get(pair) ?? { count: 0 };
    perPair.set(pair, state);
    const slot = state.count++ % 3;
    if (scenarioApps.has(i)) {
      const name = INCIDENT_SCENARIOS[incident++ % INCIDENT_SCENARIOS.length];
      addSingleScenario(fleet, name, {
        subscriptionId,
        location,
        resourceGroup,
        appName: `${SCENARIOS[name].appName}-${id}`,
        t0,
      });
      continue;
    }
    const h = unitHash(seed, i);
    const os = unitHash(seed, i, 1) < 0.3 ? "linux" : "windows";
    const name = `app-${id}-${region}`;
    let plan: SimPlan;
    if (slot === 2 && state.shared) {
      plan = state.shared;
    } else {
      plan = addPlan(fleet, {
        subscriptionId,
        resourceGroup,
        name: slot === 1 ? `asp-shared-${id}-${region}` : `asp-${name}`,
        location,
        os,
        sku: SKUS[Math.floor(h * SKUS.length)],
        capacity: 1 + Math.floor(unitHash(seed, i, 2) * 3),
      });
      state.shared = slot === 1 ? plan : undefined;
    }
    addHealthySite(fleet, {
      plan,
      resourceGroup,
      name,
      r5: Math.round(200 + unitHash(seed, i, 3) * 19_800),
      share: slot === 0 ? 1 : 0.5,
      ...(unitHash(seed, i, 4) < 0.25 ? { healthCheckPath: "/healthz" } : {}),
      tags: { env: unitHash(seed, i, 5) < 0.7 ? "prod" : "test" },
    });
  }
  return fleet;
}

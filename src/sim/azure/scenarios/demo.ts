// The playground/CLI fleet: all eight incident scenarios plus seven healthy apps across two
// subscriptions and two regions, one autoscale setting (on profile-api's plan) and one active Service
// Health event. The event is PlannedMaintenance in North Europe, where only healthy apps run, so it
// shows up in status/digest output without explaining (or masking) any incident.

import type { SimFleet, SimSite } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";
import { addPlan, DEFAULT_SUBSCRIPTION, defaultT0, SECOND_SUBSCRIPTION } from "./build.ts";
import { addHealthySite, buildHealthySite } from "./healthy.ts";
import { addSingleScenario, INCIDENT_SCENARIOS } from "./registry.ts";

const WEU = "West Europe";
const NEU = "North Europe";

export interface DemoOptions {
  subscriptionId?: string;
  t0?: number;
}

/** Adds the demo apps to `fleet`; returns every site added (scenario apps first, S1…S8). */
export function addDemo(fleet: SimFleet, opts: DemoOptions = {}): SimSite[] {
  const sub1 = opts.subscriptionId ?? DEFAULT_SUBSCRIPTION;
  const sub2 = sub1 === SECOND_SUBSCRIPTION ? DEFAULT_SUBSCRIPTION : SECOND_SUBSCRIPTION;
  const t0 = opts.t0 ?? defaultT0(fleet.clock.now());
  const sites = INCIDENT_SCENARIOS.map((name, i) =>
    addSingleScenario(fleet, name, { subscriptionId: i < 4 ? sub1 : sub2, location: WEU, t0 }),
  );

  const profile = addSingleScenario(fleet, "healthy", { subscriptionId: sub1, location: WEU, t0 });
  fleet.autoscaleSettings.push({
    subscriptionId: sub1,
    resourceGroup: profile.resourceGroup,
    name: `autoscale-${profile.planName}`,
    enabled: true,
    targetPlan: { resourceGroup: profile.planResourceGroup, name: profile.planName },
    profiles: [{ name: "Default", capacity: { minimum: 2, maximum: 6, default: 2 } }],
  });

  const plan = (
    sub: string,
    rg: string,
    name: string,
    location: string,
    os: "windows" | "linux",
    sku: string,
    capacity: number,
  ) => addPlan(fleet, { subscriptionId: sub, resourceGroup: rg, name, location, os, sku, capacity });

  const docs = plan(sub1, "rg-docs", "asp-docs-site", NEU, "linux", "B2", 1);
  sites.push(profile, addHealthySite(fleet, { plan: docs, resourceGroup: "rg-docs", name: "docs-site", r5: 900 }));

  const intranet = plan(sub1, "rg-intranet", "asp-intranet", NEU, "windows", "S2", 2);
  for (const [name, r5] of [
    ["intranet-api", 1200],
    ["intranet-web", 600],
  ] as const) {
    sites.push(addHealthySite(fleet, { plan: intranet, resourceGroup: "rg-intranet", name, r5, share: 0.5 }));
  }

  const marketingPlan = plan(sub2, "rg-marketing", "asp-marketing-web", NEU, "windows", "S1", 1);
  const marketing = addHealthySite(fleet, {
    plan: marketingPlan,
    resourceGroup: "rg-marketing",
    name: "marketing-web",
    r5: 2000,
  });
  marketing.slots.push(
    buildHealthySite(fleet, {
      plan: marketingPlan,
      resourceGroup: "rg-marketing",
      name: "marketing-web",
      slot: "staging",
      r5: 20,
      share: 0.2,
    }),
  );
  sites.push(marketing);

  const legacyPlan = plan(sub2, "rg-legacy", "asp-legacy-admin", WEU, "windows", "B1", 1);
  const legacy = addHealthySite(fleet, {
    plan: legacyPlan,
    resourceGroup: "rg-legacy",
    name: "legacy-admin",
    r5: 50,
    timeline: [{ at: t0 - 2 * 24 * 60 * MINUTE, type: "stop", caller: "ops@contoso.com" }],
  });
  legacy.state = "Stopped"; // current state; history before the stop event stays Running
  sites.push(legacy);

  const archivePlan = plan(sub2, "rg-archive", "asp-archive-api", NEU, "windows", "B1", 1);
  sites.push(addHealthySite(fleet, { plan: archivePlan, resourceGroup: "rg-archive", name: "archive-api", r5: 0 }));

  const now = fleet.clock.now();
  fleet.serviceHealth.push({
    subscriptionId: sub1,
    id: "KT8R-5X0",
    title: "Planned maintenance: App Service - North Europe",
    eventType: "PlannedMaintenance",
    status: "Active",
    regions: [NEU],
    service: "App Service",
    start: now - 2 * 60 * MINUTE,
    end: now + 4 * 60 * MINUTE,
  });
  return sites;
}

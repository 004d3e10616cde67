// S9 and S10: the platform, not the app.
// S9: an App Service outage in France Central (Windows, S1 × 2). A ServiceIssue is Active from T0+120 and
// Resource Health reads Unavailable (Unplanned); from T0+125 a third of the requests get 503 on both
// instances. No change precedes it. Restarting or scaling would not help.
// S10: planned maintenance in UK South (Windows, P1v3 × 3). A PlannedMaintenance event is Active from
// T0+140; at T0+150 the platform replaces RD0002 with RD0003 (RD0002 stops reporting, RD0003 starts), and
// the fresh instance fails a quarter of its requests for its first six minutes. The new instance is not a
// bad worker: R02 explains R13.

import { addSimple, at, fail } from "./simple.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

export const s9: ScenarioDef = {
  appName: "booking-api",
  resourceGroup: "rg-booking",
  location: "France Central",
  add(a: ScenarioArgs) {
    a.fleet.serviceHealth.push({
      subscriptionId: a.subscriptionId,
      id: "VL2Q-9TZ",
      title: "App Service – France Central – Degraded availability",
      eventType: "ServiceIssue",
      status: "Active",
      regions: [a.location],
      service: "App Service",
      start: at(a, 120),
    });
    const site = addSimple(a, {
      os: "windows",
      sku: "S1",
      capacity: 2,
      config: { numberOfWorkers: 2 },
      profile: { r5: 2500, paths: [["/api/bookings", 1]] },
      adjust: (_ctx, d, m) => {
        if (m >= 125) fail(d, 0.33, 503, 0.05);
      },
    });
    site.resourceHealth = {
      availabilityState: "Unavailable",
      reasonType: "Unplanned",
      title: "We're sorry, your web app is unavailable",
      summary: "An Azure service issue in France Central is affecting this app.",
    };
    return site;
  },
};

export const S10_NEW_WORKER = "RD0003";

export const s10: ScenarioDef = {
  appName: "tickets-web",
  resourceGroup: "rg-tickets",
  location: "UK South",
  add(a: ScenarioArgs) {
    a.fleet.serviceHealth.push({
      subscriptionId: a.subscriptionId,
      id: "PM7X-1KD",
      title: "Planned maintenance: App Service – UK South",
      eventType: "PlannedMaintenance",
      status: "Active",
      regions: [a.location],
      service: "App Service",
      start: at(a, 140),
      end: at(a, 240),
    });
    const swapAt = 150;
    return addSimple(a, {
      os: "windows",
      sku: "P1v3",
      capacity: 3,
      config: { numberOfWorkers: 3 },
      profile: { r5: 9000, paths: [["/tickets", 1]] },
      // Two instances serve at any time: RD0001 always, RD0002 until the swap-in, RD0003 after it.
      serves: (instance, m) => (instance === "RD0002" ? m < swapAt : instance === S10_NEW_WORKER ? m >= swapAt : true),
      adjust: (ctx, d, m) => {
        d.requests = Math.round(d.requests * 1.5);
        d.http5xx = Math.min(d.http5xx, d.requests);
        if (ctx.instance === "RD0003" && m >= swapAt && m < swapAt + 6) fail(d, 0.25, 503, 2);
      },
    });
  },
};

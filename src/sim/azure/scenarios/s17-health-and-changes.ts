// S17, S18, S22: the health check, a swap, and plain application errors.
// S17: health-check eviction (Windows, P1v3 × 3, /healthz). From T0+120 RD0002's health endpoint fails (a
// corrupt local cache); the platform takes it out of rotation from T0+125, so RD0001 and RD0003 carry its
// traffic, slow down and fail 9 % of requests with 503. The eviction explains the 503s.
// S18: a slot swap at T0+140 puts a build with a null-reference bug into production (Windows, S1 × 2,
// staging slot): 12 % of requests fail with 500 from T0+141. Swap back.
// S22: application errors that have ended (Linux, P0v3 × 1, logs on): 10 % of requests to /api/reports
// fail with 500 from T0+70 to T0+110, then the rate falls back to its usual trickle. Nothing more specific
// matches: read the exceptions.

import { buildHealthySite } from "./healthy.ts";
import { addSimple, fail } from "./simple.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

export const S17_SICK = "RD0002";

export const s17: ScenarioDef = {
  appName: "pricing-api",
  resourceGroup: "rg-pricing",
  location: "West Europe",
  add(a: ScenarioArgs) {
    return addSimple(a, {
      os: "windows",
      sku: "P1v3",
      capacity: 3,
      config: { numberOfWorkers: 3, healthCheckPath: "/healthz" },
      profile: { r5: 9000, cpu: 40, paths: [["/api/prices", 1]] },
      adjust: (ctx, d, m) => {
        if (m < 120) return;
        if (ctx.instance === S17_SICK) {
          d.healthStatus = m < 125 ? 40 : 0;
          if (m >= 125) {
            d.requests = 0;
            d.http5xx = 0;
            d.http4xx = 0;
          }
          return;
        }
        if (m < 125) return;
        d.requests = Math.round(d.requests * 1.5);
        d.cpu = 70 + d.nz("cpu");
        d.rt = 1.1 + 0.1 * d.nz("rt");
        d.rtMax = 6;
        d.riaq = 20 + 3 * d.nz("riaq");
        fail(d, 0.09, 503, 2);
      },
    });
  },
};

export const S18_SWAP_AT = 140;

export const s18: ScenarioDef = {
  appName: "pay-gateway",
  resourceGroup: "rg-pay",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const site = addSimple(a, {
      os: "windows",
      sku: "S1",
      capacity: 2,
      logs: true,
      config: { numberOfWorkers: 2 },
      profile: { r5: 2400, paths: [["/api/pay", 1]] },
      timeline: [{ at: S18_SWAP_AT, type: "swap", targetSlot: "staging", caller: "release@contoso.com" }],
      adjust: (_ctx, d, m) => {
        if (m >= S18_SWAP_AT + 1) fail(d, 0.12, 500, 0.4);
      },
    });
    const plan = a.fleet.plans.at(-1)!;
    site.slots.push(
      buildHealthySite(a.fleet, {
        plan,
        resourceGroup: a.resourceGroup,
        name: a.appName,
        slot: "staging",
        r5: 30,
        share: 0.2,
      }),
    );
    return site;
  },
};

export const s22: ScenarioDef = {
  appName: "reports-api",
  resourceGroup: "rg-reports",
  location: "West Europe",
  add(a: ScenarioArgs) {
    return addSimple(a, {
      os: "linux",
      sku: "P0v3",
      capacity: 1,
      logs: true,
      config: { linuxFxVersion: "PYTHON|3.12" },
      profile: {
        r5: 1500,
        paths: [
          ["/api/reports", 0.4],
          ["/api/health", 0.6],
        ],
      },
      adjust: (_ctx, d, m) => {
        if (m >= 70 && m < 110) fail(d, 0.1, 500, 0.8);
      },
    });
  },
};

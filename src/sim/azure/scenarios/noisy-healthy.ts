// H1 and H2: healthy apps with the noise real apps have. Both must stay 🟢 (no incident, no cause).
// H1: a small Linux status page (B1 × 1, 250 requests per 5 min): a few 5xx every 7 minutes (never 10 in
// 5 minutes), a one-minute CPU spike to 80 % every half hour, and one slow minute.
// H2: a Windows intranet search (S1 × 2, health check on): bots scanning for 404s (30 % of requests), one
// minute with 9 errors at T0+150, and health pings that all pass; in UK South, where planned maintenance
// is announced (S10), which status must show although nothing is wrong with the app.

import { addSimple } from "./simple.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

export const h1: ScenarioDef = {
  appName: "status-page",
  resourceGroup: "rg-status",
  location: "West Europe",
  add(a: ScenarioArgs) {
    return addSimple(a, {
      os: "linux",
      sku: "B1",
      capacity: 1,
      config: { linuxFxVersion: "NODE|20-lts" },
      profile: { r5: 250, paths: [["/", 1]] },
      adjust: (_ctx, d, m) => {
        if (m % 7 === 3) d.http5xx = 3;
        if (m % 30 === 11) d.cpu = 80;
        if (m === 95) {
          d.rt = 1.8;
          d.rtMax = 6;
        }
      },
    });
  },
};

export const h2: ScenarioDef = {
  appName: "intranet-search",
  resourceGroup: "rg-intranet-search",
  // UK South: S10's planned maintenance is active there, so status shows it although the app is healthy.
  location: "UK South",
  add(a: ScenarioArgs) {
    return addSimple(a, {
      os: "windows",
      sku: "S1",
      capacity: 2,
      config: { numberOfWorkers: 2, healthCheckPath: "/health" },
      profile: { r5: 1500, paths: [["/search", 1]] },
      adjust: (ctx, d, m) => {
        d.http4xx = Math.round(d.requests * 0.3);
        if (m === 150 && ctx.instanceIndex === 0) {
          d.http5xx = 9;
          d.failStatus = 500;
        }
      },
    });
  },
};

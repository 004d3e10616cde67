// S7: a slow database starves the request pipeline (Windows .NET, P1v3 × 2, logs off). From T0+15 to
// T0+130 responses average 12 s (slowest 45–60 s per minute), 45 requests queue per instance, threads
// climb to 320 and 5–8 % fail, while CPU stays at 15–25 %. The cause is outside the app, so restarts and
// scaling change nothing; only time (T0+130) ends it.

import type { SampleContext } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";
import { makeBehaviour } from "./behaviour.ts";
import { addPlan, addSite, siteConfig } from "./build.ts";
import { type Drivers, profile, ramp } from "./defaults.ts";
import { siteHistory } from "./history.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

export const S7_WINDOW = { from: 15, to: 130 };

export const s7: ScenarioDef = {
  appName: "inventory-api",
  resourceGroup: "rg-inventory",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const plan = addPlan(a.fleet, {
      subscriptionId: a.subscriptionId,
      resourceGroup: a.resourceGroup,
      name: a.planName,
      location: a.location,
      os: "windows",
      sku: "P1v3",
      capacity: 2,
    });
    const config = siteConfig(plan);
    const appSettings = { ASPNETCORE_ENVIRONMENT: "Production" };
    const history = siteHistory(config, appSettings);
    const p = profile({
      os: "windows",
      r5: 5000,
      cpu: 20,
      rt: 0.25,
      threads: 60,
      paths: [
        ["/api/stock", 0.6],
        ["/api/reservations", 0.4],
      ],
    });
    const from = a.t0 + S7_WINDOW.from * MINUTE;
    const to = a.t0 + S7_WINDOW.to * MINUTE;
    const adjust = (ctx: SampleContext, d: Drivers): void => {
      if (ctx.t < from || ctx.t >= to) return;
      const level = ramp(ctx.t, from, 3 * MINUTE);
      d.rt = 0.25 + 11.75 * level + 0.3 * d.nz("rt");
      d.rtMax = Math.max(d.rt, 52.5 + 7.5 * d.nz("rtMax"));
      d.riaq = 45 * level + 3 * d.nz("riaq");
      d.threads = 60 + 260 * level + 5 * d.nz("threads");
      d.socketsOut = 300 + 120 * level + 10 * d.nz("sockets");
      d.appConnections = 400 + 300 * level + 15 * d.nz("conns");
      d.http5xx = Math.round(d.requests * (0.065 + 0.012 * d.nz("err")));
      d.failStatus = 502;
      d.failRt = 30;
    };
    return addSite(a.fleet, {
      plan,
      resourceGroup: a.resourceGroup,
      name: a.appName,
      config,
      appSettings,
      tags: { env: "prod", team: "inventory" },
      behaviour: makeBehaviour({ profile: p, history, seed: a.fleet.seed, adjust }),
    });
  },
};

// S5: one bad instance out of four (Windows, P1v3 × 4, RD0001…RD0004). From T0+40 the process on RD0003
// holds 97 % memory and 99 % CPU and fails 24–28 % of its requests; the other three stay healthy and
// requests stay evenly split. Anything that restarts RD0003's process after T0+40 (worker reboot, app
// restart, recycle, scale up) clears it.

import type { SampleContext } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";
import { makeBehaviour } from "./behaviour.ts";
import { addPlan, addSite, siteConfig } from "./build.ts";
import { DEFAULT_UPTIME_MINUTES } from "./context.ts";
import { type Drivers, profile } from "./defaults.ts";
import { siteHistory } from "./history.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

export const S5_BAD_WORKER = "RD0003";
const ONSET_MIN = 40;

export const s5: ScenarioDef = {
  appName: "catalog-api",
  resourceGroup: "rg-catalog",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const plan = addPlan(a.fleet, {
      subscriptionId: a.subscriptionId,
      resourceGroup: a.resourceGroup,
      name: a.planName,
      location: a.location,
      os: "windows",
      sku: "P1v3",
      capacity: 4,
    });
    const config = siteConfig(plan, { numberOfWorkers: 4 });
    const appSettings = { ASPNETCORE_ENVIRONMENT: "Production" };
    const history = siteHistory(config, appSettings);
    const p = profile({
      os: "windows",
      r5: 10_000,
      cpu: 40,
      paths: [
        ["/api/catalog/items", 0.7],
        ["/api/catalog/search", 0.3],
      ],
    });
    const onset = a.t0 + ONSET_MIN * MINUTE;
    const adjust = (ctx: SampleContext, d: Drivers): void => {
      if (ctx.instance !== S5_BAD_WORKER || ctx.t < onset) return;
      const restarted = ctx.minutesSinceStart <= Math.min((ctx.t - onset) / MINUTE, DEFAULT_UPTIME_MINUTES - 1);
      if (restarted) return; // the process was restarted since the fault began
      d.mem = 97 + 0.6 * d.nz("mem");
      d.cpu = 99 - 0.5 * Math.abs(d.nz("cpu"));
      d.workingSet = 6.9e9 * (1 + 0.005 * d.nz("ws"));
      d.privateBytes = d.workingSet * 1.1;
      d.http5xx = Math.round(d.requests * (0.26 + 0.015 * d.nz("err")));
      d.failStatus = 503;
      d.rt = 4 + 0.3 * d.nz("rt");
      d.rtMax = 30 + 5 * d.nz("rtMax");
      d.failRt = 8;
      d.threads = 180 + 10 * d.nz("threads");
      d.riaq = 25 + 5 * d.nz("riaq");
      d.httpQueue = 40 + 5 * d.nz("queue");
    };
    return addSite(a.fleet, {
      plan,
      resourceGroup: a.resourceGroup,
      name: a.appName,
      config,
      appSettings,
      tags: { env: "prod", team: "catalog" },
      behaviour: makeBehaviour({ profile: p, history, seed: a.fleet.seed, adjust }),
    });
  },
};

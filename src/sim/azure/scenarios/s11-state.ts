// S11 and S12: the app does not run, and says so with 403s rather than 5xx.
// S11: someone stopped the app (Linux, B1 × 1): jane.doe@contoso.com stops it at T0+100 and clients get
// 403 "This web app is stopped" from then on. The fix is to start it (after asking why it was stopped).
// S12: a Free (F1) app used its daily CPU quota at T0+150 (Windows): usageState Exceeded, every request 403.
// Scale up to a paid tier, or wait for the quota reset.

import { addSimple } from "./simple.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

export const S11_STOPPED_BY = "jane.doe@contoso.com";

export const s11: ScenarioDef = {
  appName: "wiki-web",
  resourceGroup: "rg-wiki",
  location: "West Europe",
  add(a: ScenarioArgs) {
    return addSimple(a, {
      os: "linux",
      sku: "B1",
      capacity: 1,
      config: { linuxFxVersion: "PHP|8.2" },
      profile: { r5: 400, paths: [["/wiki", 1]] },
      state: "Stopped",
      timeline: [{ at: 100, type: "stop", caller: S11_STOPPED_BY }],
    });
  },
};

export const s12: ScenarioDef = {
  appName: "hackathon-demo",
  resourceGroup: "rg-hackathon",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const site = addSimple(a, {
      os: "windows",
      sku: "F1",
      capacity: 1,
      profile: { r5: 300, cpu: 20, paths: [["/", 1]] },
      adjust: (_ctx, d, m) => {
        if (m < 150) return;
        d.http4xx = d.requests;
        d.http5xx = 0;
        d.cpu = 0;
        d.cpuTime = 0;
      },
    });
    site.usageState = "Exceeded";
    return site;
  },
};

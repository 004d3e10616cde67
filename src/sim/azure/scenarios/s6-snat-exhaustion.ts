// S6: outbound connection (SNAT) exhaustion (Windows .NET, S2 × 2, no VNet integration). From T0+20 a new
// HttpClient per call to the payment API piles up connections: sockets 600 → 2,600 → 3,400 by T0+120,
// TIME_WAIT 150 → 1,100, AppConnections up to 3,800 per instance, 8–12 % intermittent 5xx that take ~21 s,
// CPU and memory flat. Connections are per instance: more instances spread them; a restart frees them
// for ~15 min, then they pile up again.

import type { SampleContext } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";
import { makeBehaviour } from "./behaviour.ts";
import { addPlan, addSite, siteConfig } from "./build.ts";
import { DEFAULT_UPTIME_MINUTES } from "./context.ts";
import { clamp01, type Drivers, profile } from "./defaults.ts";
import { siteHistory } from "./history.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

const BASE_INSTANCES = 2;
const ONSET_MIN = 20;
const FULL_AFTER_MIN = 100;
const REFILL_MIN = 15;
const CONN_CAP = 3800;

export const s6: ScenarioDef = {
  appName: "payments-api",
  resourceGroup: "rg-payments",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const plan = addPlan(a.fleet, {
      subscriptionId: a.subscriptionId,
      resourceGroup: a.resourceGroup,
      name: a.planName,
      location: a.location,
      os: "windows",
      sku: "S2",
      capacity: BASE_INSTANCES,
    });
    const config = siteConfig(plan);
    const appSettings = { ASPNETCORE_ENVIRONMENT: "Production", PaymentApi__BaseUrl: "https://api.payments.example" };
    const history = siteHistory(config, appSettings);
    const p = profile({
      os: "windows",
      r5: 4000,
      cpu: 25,
      mem: 50,
      rt: 0.4,
      socketsOut: 600,
      tcpTimeWait: 150,
      paths: [
        ["/api/payments", 0.6],
        ["/api/refunds", 0.2],
        ["/api/payments/status", 0.2],
      ],
    });
    const onset = a.t0 + ONSET_MIN * MINUTE;
    const adjust = (ctx: SampleContext, d: Drivers): void => {
      const sinceOnset = (ctx.t - onset) / MINUTE;
      if (sinceOnset < 0) return;
      const progress = clamp01(sinceOnset / FULL_AFTER_MIN);
      const restarted = ctx.minutesSinceStart < Math.min(sinceOnset, DEFAULT_UPTIME_MINUTES);
      const relief = restarted ? clamp01(ctx.minutesSinceStart / REFILL_MIN) : 1;
      const f = (relief * BASE_INSTANCES) / Math.max(1, ctx.instanceCount);
      const demand = 400 + f * (2200 + 1150 * progress);
      d.appConnections = Math.min(CONN_CAP, demand + 40 * d.nz("conns"));
      d.socketsOut = 600 + f * (2000 + 800 * progress) + 20 * d.nz("sockets");
      d.tcpTimeWait = 150 + f * (650 + 300 * progress) + 10 * d.nz("timewait");
      const pressure = clamp01((demand - 2200) / 400);
      if (pressure <= 0) return;
      d.http5xx = Math.round(d.requests * pressure * (0.1 + 0.02 * d.nz("err")));
      d.failStatus = 502;
      d.failRt = 21 + 0.5 * d.nz("failRt");
      d.rt = 0.4 + 17.6 * pressure + 0.4 * d.nz("rt");
      d.rtMax = 21 + 4 * Math.abs(d.nz("rtMax"));
      d.threads = 50 + 60 * pressure;
      d.riaq = 6 * pressure;
    };
    return addSite(a.fleet, {
      plan,
      resourceGroup: a.resourceGroup,
      name: a.appName,
      config,
      appSettings,
      tags: { env: "prod", team: "payments" },
      behaviour: makeBehaviour({ profile: p, history, seed: a.fleet.seed, adjust }),
    });
  },
};

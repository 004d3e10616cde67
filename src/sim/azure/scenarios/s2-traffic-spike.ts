// S2: traffic spike beyond capacity (Linux Node, P1v3 × 2, no autoscale). From T0+30 to T0+90 the site
// gets 3× its usual 6,000 requests per 5 min. CPU demand is 40 % per instance at baseline and scales with
// load / instances / vCPU, so a scale out or a scale up brings it down; above ~85 % demand the queue,
// latency and 5xx grow, and CPU saturates at 96–98 %.

import type { SampleContext } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";
import { makeBehaviour } from "./behaviour.ts";
import { addPlan, addSite, siteConfig } from "./build.ts";
import { clamp01, type Drivers, perInstanceRequests, profile } from "./defaults.ts";
import { siteHistory } from "./history.ts";
import { skuFacts } from "./skus.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

const R5 = 6000;
const BASE_CPU = 40;
const BASE_INSTANCES = 2;
const BASE_VCPU = skuFacts("P1v3").vcpu;
export const S2_SPIKE = { from: 30, to: 90, factor: 3 };

/** Observed CPU for a demand that may exceed 100 %: linear to 80, then saturating towards 98. */
export function saturate(demand: number): number {
  return demand < 80 ? demand : 80 + 18 * (1 - Math.exp(-(demand - 80) / 15));
}

export const s2: ScenarioDef = {
  appName: "checkout-web",
  resourceGroup: "rg-checkout",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const plan = addPlan(a.fleet, {
      subscriptionId: a.subscriptionId,
      resourceGroup: a.resourceGroup,
      name: a.planName,
      location: a.location,
      os: "linux",
      sku: "P1v3",
      capacity: BASE_INSTANCES,
    });
    const config = siteConfig(plan, { linuxFxVersion: "NODE|20-lts", appCommandLine: "node server.js" });
    const appSettings = { NODE_ENV: "production", WEBSITE_NODE_DEFAULT_VERSION: "~20" };
    const history = siteHistory(config, appSettings);
    const p = profile({
      os: "linux",
      r5: R5,
      cpu: BASE_CPU,
      mem: 60,
      rt: 0.2,
      paths: [
        ["/checkout", 0.3],
        ["/api/cart", 0.5],
        ["/api/payment-intent", 0.2],
      ],
    });
    const spikeFrom = a.t0 + S2_SPIKE.from * MINUTE;
    const spikeTo = a.t0 + S2_SPIKE.to * MINUTE;
    const adjust = (ctx: SampleContext, d: Drivers): void => {
      const load = ctx.t >= spikeFrom && ctx.t < spikeTo ? S2_SPIKE.factor : 1;
      if (load !== 1) d.requests = perInstanceRequests(ctx, d.nz, R5 * load);
      const instances = Math.max(1, ctx.instanceCount);
      const demand = (BASE_CPU * load * BASE_INSTANCES * BASE_VCPU) / (instances * skuFacts(ctx.skuName).vcpu);
      d.cpu = saturate(demand) + 0.6 * d.nz("cpu");
      const stress = clamp01((demand - 85) / 35);
      if (stress > 0) d.httpQueue = 3 + 177 * stress + 4 * d.nz("queue");
      d.rt = 0.2 + 6.8 * stress + 0.01 * d.nz("rt");
      d.rtMax = d.rt * (3 + 0.5 * d.nz("rtMax"));
      d.threads = 50 + 30 * stress;
      d.socketsOut = p.socketsOut * (1 + 0.2 * (load - 1)) + 15 * d.nz("sockets");
      d.tcpTimeWait = p.tcpTimeWait * (1 + 0.2 * (load - 1)) + 5 * d.nz("timewait");
      if (demand > 95) {
        d.http5xx = Math.round(d.requests * (0.065 + 0.012 * d.nz("err")));
        d.failStatus = 502;
        d.failRt = d.rt * 1.5;
      }
    };
    return addSite(a.fleet, {
      plan,
      resourceGroup: a.resourceGroup,
      name: a.appName,
      config,
      appSettings,
      tags: { env: "prod", team: "checkout" },
      behaviour: makeBehaviour({ profile: p, history, seed: a.fleet.seed, adjust }),
    });
  },
};

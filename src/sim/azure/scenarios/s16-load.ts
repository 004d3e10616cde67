// S16, S19–S21: CPU and capacity, and who is using it.
// S16: a regex hot loop ships in a feature flag flip nobody logged (Linux, P1v3 × 2): from T0+130 both
// instances sit at 97 % CPU with the usual load, responses slow from 0.3 s to 3 s and 8 % fail with 502.
// S19: a manual scale-out from 2 to 3 instances at T0+150 (Linux, P1v3): the new instance takes traffic
// before it is warm and fails 30 % of its requests for six minutes. Nothing is wrong with it: do not
// reboot it; warm instances up (health check, Always On) instead.
// S20: a noisy neighbour (Windows, P1v3 × 2): from T0+110 a batch app on the same plan takes 85 % of the
// CPU; this app's own share stays under 10 %, yet its requests queue, slow down and 7 % fail with 503.
// Restarting this app would not help; isolate the heavy one.
// S21: a traffic spike on a plan an autoscale setting governs (2 to 3 instances) (Linux, P1v3 × 2): from
// T0+140 the load triples, CPU saturates and 6.5 % of requests fail. A manual scale-out would be undone by
// autoscale: raise the profile instead.

import { makeBehaviour } from "./behaviour.ts";
import { buildSite } from "./build.ts";
import { clamp01, perInstanceRequests, profile } from "./defaults.ts";
import { siteHistory } from "./history.ts";
import { saturate } from "./s2-traffic-spike.ts";
import { addSimple, at, fail } from "./simple.ts";
import { skuFacts } from "./skus.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

export const s16: ScenarioDef = {
  appName: "search-api",
  resourceGroup: "rg-search",
  location: "West Europe",
  add(a: ScenarioArgs) {
    return addSimple(a, {
      os: "linux",
      sku: "P1v3",
      capacity: 2,
      config: { linuxFxVersion: "NODE|20-lts" },
      profile: { r5: 5000, cpu: 30, paths: [["/api/search", 1]] },
      adjust: (_ctx, d, m) => {
        if (m < 130) return;
        d.cpu = 97 + 0.8 * d.nz("cpu");
        d.rt = 3 + 0.2 * d.nz("rt");
        d.rtMax = 12;
        d.httpQueue = 30 + 5 * d.nz("queue");
        fail(d, 0.08, 502, 4);
      },
    });
  },
};

export const S19_SCALE_AT = 150;

export const s19: ScenarioDef = {
  appName: "events-api",
  resourceGroup: "rg-events",
  location: "West Europe",
  add(a: ScenarioArgs) {
    return addSimple(a, {
      os: "linux",
      sku: "P1v3",
      capacity: 3,
      config: { linuxFxVersion: "DOTNETCORE|8.0", numberOfWorkers: 3 },
      profile: { r5: 9000, paths: [["/api/events", 1]] },
      onPlan: (plan) => {
        plan.timeline.push({
          at: at(a, S19_SCALE_AT),
          type: "scale",
          capacity: 3,
          fromCapacity: 2,
          caller: "ops@contoso.com",
        });
      },
      adjust: (ctx, d, m) => {
        if (ctx.instanceIndex === 2 && m >= S19_SCALE_AT && m < S19_SCALE_AT + 6) fail(d, 0.3, 503, 8);
      },
    });
  },
};

export const s20: ScenarioDef = {
  appName: "quotes-api",
  resourceGroup: "rg-quotes",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const busyFrom = 110;
    return addSimple(a, {
      os: "windows",
      sku: "P1v3",
      capacity: 2,
      config: { numberOfWorkers: 2 },
      profile: { r5: 4000, cpu: 8, paths: [["/api/quotes", 1]] },
      onPlan: (plan) => {
        // The neighbour: a batch app on the same plan, quiet until T0+110, then CPU-bound.
        const config = { numberOfWorkers: 1, alwaysOn: true, netFrameworkVersion: "v8.0" };
        const history = siteHistory(config, {});
        const p = profile({ os: "windows", r5: 60, cpu: 10, share: 0.3, paths: [["/jobs", 1]] });
        a.fleet.sites.push(
          buildSite({
            plan,
            resourceGroup: a.resourceGroup,
            name: "nightly-etl",
            config,
            tags: { env: "prod", team: "data" },
            behaviour: makeBehaviour({
              profile: p,
              history,
              seed: a.fleet.seed,
              adjust: (ctx, d) => {
                if (ctx.t >= at(a, busyFrom)) d.cpu = 86 + d.nz("cpu");
              },
            }),
          }),
        );
      },
      adjust: (_ctx, d, m) => {
        if (m < busyFrom + 2) return;
        d.cpu = 7 + 0.5 * d.nz("cpu");
        d.rt = 2.2 + 0.2 * d.nz("rt");
        d.rtMax = 9;
        d.riaq = 40 + 5 * d.nz("riaq");
        fail(d, 0.07, 503, 3);
      },
    });
  },
};

const S21_SPIKE_FROM = 140;
const S21_R5 = 6000;

export const s21: ScenarioDef = {
  appName: "signup-web",
  resourceGroup: "rg-signup",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const site = addSimple(a, {
      os: "linux",
      sku: "P1v3",
      capacity: 2,
      config: { linuxFxVersion: "NODE|20-lts" },
      profile: { r5: S21_R5, cpu: 40, mem: 60, rt: 0.2, paths: [["/signup", 1]] },
      adjust: (ctx, d, m) => {
        const load = m >= S21_SPIKE_FROM ? 3 : 1;
        if (load !== 1) d.requests = perInstanceRequests(ctx, d.nz, S21_R5 * load);
        const vcpu = skuFacts("P1v3").vcpu;
        const demand = (40 * load * 2 * vcpu) / (Math.max(1, ctx.instanceCount) * skuFacts(ctx.skuName).vcpu);
        d.cpu = saturate(demand) + 0.6 * d.nz("cpu");
        const stress = clamp01((demand - 85) / 35);
        if (stress > 0) d.httpQueue = 3 + 177 * stress;
        d.rt = 0.2 + 6.8 * stress;
        d.rtMax = d.rt * 3;
        if (demand > 95) fail(d, 0.065, 502, d.rt * 1.5);
      },
    });
    a.fleet.autoscaleSettings.push({
      subscriptionId: a.subscriptionId,
      resourceGroup: a.resourceGroup,
      name: `autoscale-${a.planName}`,
      enabled: true,
      targetPlan: { resourceGroup: a.resourceGroup, name: a.planName },
      profiles: [{ name: "Default", capacity: { minimum: 2, maximum: 3, default: 2 } }],
    });
    return site;
  },
};

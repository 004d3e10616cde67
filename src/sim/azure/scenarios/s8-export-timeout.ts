// S8: a long-running export endpoint hits the front end's 240 s limit (Linux Python, P1v3 × 2, logs on).
// From T0 on, /api/reports/export gets 12 calls per 5 min (3,2,3,2,2 per minute, dealt round-robin over
// the instances); each ends in a 502 after 240,010–240,400 ms. Other paths answer 200 in 0.2 s. The
// cause is the endpoint's design, so restarts and scaling change nothing.

import type { SampleContext } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";
import { makeBehaviour, type PushRow } from "./behaviour.ts";
import { addPlan, addSite, siteConfig } from "./build.ts";
import { unitHash } from "./context.ts";
import { type Drivers, profile } from "./defaults.ts";
import { siteHistory } from "./history.ts";
import { hashString } from "./naming.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

export const S8_EXPORT_PATH = "/api/reports/export";
const CALLS = [3, 2, 3, 2, 2];
const OFFSETS = [0, 3, 5, 8, 10];
const PER_BUCKET = 12;

/** Global indexes of the export calls this instance completes in the minute starting at t. */
export function exportCalls(t: number, index: number, instances: number): number[] {
  const minute = Math.floor(t / MINUTE);
  const k = minute % 5;
  const first = Math.floor(minute / 5) * PER_BUCKET + OFFSETS[k];
  const out: number[] = [];
  for (let j = first; j < first + CALLS[k]; j++) if (j % Math.max(1, instances) === index) out.push(j);
  return out;
}

export const s8: ScenarioDef = {
  appName: "reports-tool",
  resourceGroup: "rg-reports",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const plan = addPlan(a.fleet, {
      subscriptionId: a.subscriptionId,
      resourceGroup: a.resourceGroup,
      name: a.planName,
      location: a.location,
      os: "linux",
      sku: "P1v3",
      capacity: 2,
    });
    const config = siteConfig(plan, {
      linuxFxVersion: "PYTHON|3.12",
      appCommandLine: "gunicorn --bind=0.0.0.0 --timeout 600 app:app",
    });
    const appSettings = { SCM_DO_BUILD_DURING_DEPLOYMENT: "true" };
    const history = siteHistory(config, appSettings);
    const p = profile({
      os: "linux",
      r5: 150,
      cpu: 30,
      mem: 50,
      rt: 0.2,
      paths: [
        ["/api/reports", 0.6],
        ["/", 0.4],
      ],
    });
    const salt = hashString(`${a.subscriptionId}/${a.appName}`) ^ a.fleet.seed;
    const durationMs = (j: number) => 240_010 + Math.floor(unitHash(salt, j) * 391);
    const calls = (ctx: SampleContext) =>
      ctx.t < a.t0 ? [] : exportCalls(ctx.t, ctx.instanceIndex, ctx.instanceCount);
    const adjust = (ctx: SampleContext, d: Drivers): void => {
      const js = calls(ctx);
      if (js.length === 0) return;
      let total = 0;
      let slowest = 0;
      for (const j of js) {
        const ms = durationMs(j);
        total += ms;
        slowest = Math.max(slowest, ms);
      }
      d.rt = (d.requests * d.okRt + total / 1000) / (d.requests + js.length);
      d.rtMax = slowest / 1000;
      d.requests += js.length;
      d.http5xx += js.length;
      d.failStatus = 502;
    };
    const failureRows = (ctx: SampleContext, d: Drivers, failures: number, push: PushRow): void => {
      const js = calls(ctx);
      for (const j of js) {
        const timeTakenMs = durationMs(j);
        push({
          t: ctx.t + 30_000,
          status: 502,
          subStatus: "0",
          path: S8_EXPORT_PATH,
          timeTakenMs,
          instance: ctx.instance,
          count: 1,
        });
      }
      const other = failures - js.length;
      const timeTakenMs = Math.round(d.okRt * 1000);
      push({
        t: ctx.t + 30_000,
        status: 500,
        subStatus: "0",
        path: "/api/reports",
        timeTakenMs,
        instance: ctx.instance,
        count: other,
      });
    };
    return addSite(a.fleet, {
      plan,
      resourceGroup: a.resourceGroup,
      name: a.appName,
      config,
      appSettings,
      tags: { env: "internal", team: "finance-tools" },
      logsEnabled: true,
      behaviour: makeBehaviour({ profile: p, history, seed: a.fleet.seed, adjust, failureRows }),
    });
  },
};

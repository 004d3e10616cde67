// S13–S15: the process does not start, or does not stay up.
// S13: a Python container (Linux, B2 × 1) gets image 1.8.0 at T0+120, which reads a new required setting
// PAYMENTS_API_KEY that nobody added: every start attempt (every 3 min) dies with a KeyError before it
// listens, and every request is a 503. Fix the setting or roll back; restarting changes nothing.
// S14: a deployment at T0+130 ships an ASP.NET Core build for a runtime the Windows worker lacks (S1 × 2):
// every request fails with ANCM 502.5 (process failure) from T0+131.
// S15: a Windows app (P1v3 × 1) whose process dies every 15 minutes from T0+100 on an unhandled exception:
// the working set falls to almost nothing at each crash and half the requests fail for three minutes.
// No change, no memory pressure: a crash loop, and auto-heal would not fix it.

import type { SampleContext, SimLogs, SimSite } from "../fleet.ts";
import type { PushRow } from "./behaviour.ts";
import type { Drivers } from "./defaults.ts";
import { addSimple, at, fail } from "./simple.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

const S13_BROKEN_AT = 120;
const S13_CYCLE_MIN = 3;
const S13_CONTAINER = "payments_0_7c1e";
const MIN = 60_000;

export const s13: ScenarioDef = {
  appName: "payouts-worker",
  resourceGroup: "rg-payouts",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const image = "contoso.azurecr.io/payouts";
    const broken = (m: number) => m >= S13_BROKEN_AT + 1;
    const attempts = (from: number, to: number) => {
      const out: number[] = [];
      for (let t = at(a, S13_BROKEN_AT) + 20_000; t < to; t += S13_CYCLE_MIN * MIN) if (t >= from - MIN) out.push(t);
      return out;
    };
    const platform = (site: SimSite, _p: unknown, from: number, to: number): SimLogs["platform"] => {
      const out: SimLogs["platform"] = [];
      const line = (t: number, level: string, message: string) => {
        if (t >= from && t < to) out.push({ t, level, message, containerId: S13_CONTAINER });
      };
      for (const c of attempts(from, to)) {
        line(c, "Informational", "Starting container for site");
        line(c + 500, "Informational", `docker run -d --expose=8000 --name ${S13_CONTAINER} ${image}:1.8.0`);
        line(c + 6_000, "Error", `Container ${S13_CONTAINER} for site ${site.name} has exited, exit code 1`);
      }
      return out;
    };
    const console = (_s: SimSite, _p: unknown, from: number, to: number): SimLogs["console"] => {
      const out: SimLogs["console"] = [];
      const line = (t: number, message: string) => {
        if (t >= from && t < to) out.push({ t, level: "Error", message });
      };
      for (const c of attempts(from, to)) {
        line(c + 4_000, "Traceback (most recent call last):");
        line(c + 4_100, '  File "/app/payouts/settings.py", line 12, in <module>');
        line(c + 4_200, "KeyError: 'PAYMENTS_API_KEY'");
      }
      return out;
    };
    return addSimple(a, {
      os: "linux",
      sku: "B2",
      capacity: 1,
      kind: "app,linux,container",
      logs: true,
      config: { linuxFxVersion: `DOCKER|${image}:1.8.0` },
      appSettings: { WEBSITES_PORT: "8000" },
      profile: { r5: 1200, paths: [["/api/payouts", 1]] },
      timeline: [
        {
          at: S13_BROKEN_AT,
          type: "config",
          patch: { linuxFxVersion: `DOCKER|${image}:1.8.0` },
          caller: "release-pipeline@contoso.com",
        },
      ],
      adjust: (_ctx, d, m) => {
        if (!broken(m)) return;
        fail(d, 1, 503, 0.02);
        d.cpu = 3;
        d.cpuTime = 0.1;
        d.mem = 12;
        d.workingSet = 20e6;
      },
      platform,
      console,
    });
  },
};

const S14_DEPLOY_AT = 130;

export const s14: ScenarioDef = {
  appName: "claims-portal",
  resourceGroup: "rg-claims",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const failureRows = (ctx: SampleContext, d: Drivers, failures: number, push: PushRow) => {
      push({
        t: ctx.t + 30_000,
        status: 502,
        subStatus: "5",
        path: "/claims",
        timeTakenMs: Math.round(d.failRt * 1000),
        instance: ctx.instance,
        count: failures,
      });
    };
    return addSimple(a, {
      os: "windows",
      sku: "S1",
      capacity: 2,
      logs: true,
      config: { numberOfWorkers: 2 },
      appSettings: { ASPNETCORE_ENVIRONMENT: "Production" },
      profile: { r5: 1800, paths: [["/claims", 1]] },
      timeline: [
        {
          at: S14_DEPLOY_AT - 2,
          type: "deployment",
          id: "b7f3c2",
          status: "Success",
          endAt: at(a, S14_DEPLOY_AT),
          caller: "github-actions",
        },
      ],
      adjust: (_ctx, d, m) => {
        if (m < S14_DEPLOY_AT + 1) return;
        fail(d, 1, 502, 0.3);
        d.cpu = 4;
        d.cpuTime = 0.2;
        d.workingSet = 15e6;
        d.privateBytes = 18e6;
      },
      failureRows,
    });
  },
};

const S15_FROM = 100;
const S15_EVERY = 15;

export const s15: ScenarioDef = {
  appName: "ledger-api",
  resourceGroup: "rg-ledger",
  location: "West Europe",
  add(a: ScenarioArgs) {
    return addSimple(a, {
      os: "windows",
      sku: "P1v3",
      capacity: 1,
      profile: { r5: 3000, paths: [["/api/ledger", 1]] },
      adjust: (_ctx, d, m) => {
        if (m < S15_FROM) return;
        const since = (m - S15_FROM) % S15_EVERY;
        if (since === 0) {
          d.workingSet = 25e6;
          d.privateBytes = 30e6;
          d.threads = 8;
        } else d.workingSet *= Math.min(1, 0.4 + since / 10);
        if (since < 3) fail(d, 0.5, 503, 1.5);
      },
    });
  },
};

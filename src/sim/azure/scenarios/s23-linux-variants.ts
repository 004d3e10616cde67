// S23 and S24: S1's and S6's causes on Linux, where the signals and the fixes differ; S25: a short burst.
// S23: a memory leak in a Linux Node app (P0v3 × 1): from T0+60 plan memory climbs about 0.35 points a
// minute from 55 %; past 92 % a growing share of requests fails with 503. Linux has no PrivateBytes and
// auto-heal has no memory trigger there: restart now, then find the leak; no memory auto-heal rule.
// S24: outbound connection exhaustion in a Linux Python app (P1v3 × 2): from T0+40 a client per call piles
// up sockets (300 → 2,600 per instance) and TIME_WAIT (100 → 900); 9 % of requests fail after ~20 s with
// the CPU at 30 %. Linux reports no AppConnections: the plan's socket counters carry the evidence.

import { addSimple, fail } from "./simple.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

export const s23: ScenarioDef = {
  appName: "render-svc",
  resourceGroup: "rg-render",
  location: "West Europe",
  add(a: ScenarioArgs) {
    return addSimple(a, {
      os: "linux",
      sku: "P0v3",
      capacity: 1,
      config: { linuxFxVersion: "NODE|20-lts" },
      profile: { r5: 2000, mem: 55, paths: [["/render", 1]] },
      adjust: (_ctx, d, m) => {
        if (m < 60) return;
        d.mem = Math.min(98, 55 + 0.35 * (m - 60)) + 0.3 * d.nz("mem");
        d.workingSet *= d.mem / 55;
        if (d.mem >= 92) fail(d, Math.min(0.2, 0.03 + 0.03 * (d.mem - 92)), 503, 6);
      },
    });
  },
};

export const s24: ScenarioDef = {
  appName: "quotes-sync",
  resourceGroup: "rg-quotes-sync",
  location: "West Europe",
  add(a: ScenarioArgs) {
    return addSimple(a, {
      os: "linux",
      sku: "P1v3",
      capacity: 2,
      config: { linuxFxVersion: "PYTHON|3.12" },
      profile: { r5: 3000, cpu: 30, paths: [["/sync", 1]] },
      adjust: (_ctx, d, m) => {
        if (m < 40) return;
        const grow = Math.min(1, (m - 40) / 60);
        d.socketsOut = 300 + 2300 * grow + 30 * d.nz("sockets");
        d.tcpTimeWait = 100 + 800 * grow + 10 * d.nz("timewait");
        if (grow > 0.7) {
          d.rt = 2.5 + 0.2 * d.nz("rt");
          d.rtMax = 21;
          fail(d, 0.09, 502, 20);
        }
      },
    });
  },
};

export const S25_BURST_AT = 152;

// S25: a five-minute burst that straddles the clock's 5-minute marks (Windows, S1 × 2, logs on): a payment
// provider hiccups from T0+152 to T0+157 and 6.5 % of requests fail with 502, then all is well. Cut on the
// clock's marks it reads as two halves of about 4 % and 2.6 %, both under the 5 % floor; the sliding
// windows find it wherever it falls.
export const s25: ScenarioDef = {
  appName: "basket-api",
  resourceGroup: "rg-basket",
  location: "West Europe",
  add(a: ScenarioArgs) {
    return addSimple(a, {
      os: "windows",
      sku: "S1",
      capacity: 2,
      logs: true,
      config: { numberOfWorkers: 2 },
      profile: { r5: 2000, paths: [["/api/basket", 1]] },
      adjust: (_ctx, d, m) => {
        if (m >= S25_BURST_AT && m < S25_BURST_AT + 5) fail(d, 0.065, 502, 1.2);
      },
    });
  },
};

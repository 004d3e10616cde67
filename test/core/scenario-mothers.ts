// Synthetic snapshots shaped like the acceptance scenarios S1–S8 (docs/scenarios.md), with their
// expected outcomes. They catch logic errors before the end-to-end runs against the simulator.

import type { RuleId } from "../../src/core/diagnosis.ts";
import type { LogsData, Snapshot } from "../../src/core/snapshot.ts";
import { defaults, during, emptyLogs, lerp, MIN, noise, snapshot, T0 } from "./mothers.ts";

export interface Expectation {
  primary: RuleId;
  minConfidence: "Low" | "Medium" | "High";
  contributingAllowed: RuleId[];
  mustNotFire: RuleId[];
  mustNotPrimary: RuleId[];
}

const GB = 1e9;
const at = (m: number) => T0 + m * MIN;

export function s1(): Snapshot {
  const o = { name: "shop-api", os: "windows" as const, sku: "S1", capacity: 1, r5: 1500 };
  const d = defaults(o);
  const mem = (m: number) => (m < 100 ? Math.min(94.6, 55 + 0.4 * m) : 50 + 0.4 * (m - 100));
  const ws = (m: number) => (m < 100 ? 0.6 * GB + ((0.85 * GB) / 95) * m : 0.55 * GB + ((0.85 * GB) / 95) * (m - 100));
  const e5: Record<number, number> = { 80: 60, 85: 120, 90: 200, 95: 180 };
  return snapshot({
    ...o,
    metrics: {
      MemoryPercentage: (m, i) => mem(m) + 0.3 * noise(m, i, "mem"),
      MemoryWorkingSet: (m) => ws(m),
      PrivateBytes: (m) => ws(m) * 1.15,
      HttpResponseTime: (m, i) => (m >= 70 && m < 100 ? lerp(m, 70, 0.3, 100, 2.5) : d.HttpResponseTime(m, i)),
      Http5xx: (m, i) => (e5[m - (m % 5)] !== undefined ? e5[m - (m % 5)] / 5 : d.Http5xx(m, i)),
      CpuPercentage: (m) => (m < 100 ? 35 + (15 * m) / 100 : 38),
    },
  });
}

export function s2(): Snapshot {
  const o = { name: "checkout-web", os: "linux" as const, sku: "P1v3", capacity: 2, r5: 6000 };
  const d = defaults(o);
  const spike = (m: number) => m >= 30 && m < 90;
  return snapshot({
    ...o,
    metrics: {
      Requests: (m, i) => (spike(m) ? Math.round(1800 * (1 + 0.05 * noise(m, i, "req"))) : d.Requests(m, i)),
      CpuPercentage: (m, i) => (spike(m) ? lerp(m, 30, 40, 34, 97) + noise(m, i, "cpu") : 40 + noise(m, i, "cpu")),
      HttpQueueLength: (m, i) => (spike(m) ? lerp(m, 30, 3, 34, 180) : d.HttpQueueLength(m, i)),
      HttpResponseTime: (m) => (spike(m) ? lerp(m, 30, 0.2, 34, 7) : 0.2),
      Http5xx: (m, i) => (spike(m) ? Math.round(1800 * (0.065 + 0.012 * noise(m, i, "err"))) : d.Http5xx(m, i)),
      MemoryPercentage: () => 60,
    },
  });
}

function s3Logs(): LogsData {
  const logs = emptyLogs();
  for (let c = at(12) + 20_000; c < at(180); c += 240_000) {
    logs.platform.push({ t: c, message: "Starting container for site" });
    logs.platform.push({
      t: c + 500,
      message: "docker run -d --expose=80 --name api_0_1a2b myacr.azurecr.io/api:2.4.0",
    });
    logs.platform.push({
      t: c + 230_000,
      level: "Error",
      message:
        "Container api_0_1a2b didn't respond to HTTP pings on port: 80, failing site start. See container logs for debugging.",
      containerId: "api_0_1a2b",
    });
    logs.console.push({ t: c + 3_000, message: "> node dist/server.js" });
    logs.console.push({ t: c + 4_000, message: "Server listening on http://0.0.0.0:3000" });
  }
  for (let m = 10; m < 180; m += 5) logs.http5xx.push({ t: at(m), status: 503, subStatus: "0", count: 160 });
  return logs;
}

export function s3(): Snapshot {
  const o = { name: "orders-api", os: "linux" as const, sku: "B1", capacity: 1, r5: 800 };
  const d = defaults(o);
  const broken = (m: number) => m >= 12;
  return snapshot({
    ...o,
    site: { isContainer: true },
    config: { linuxFxVersion: "DOCKER|myacr.azurecr.io/api:2.4.0" },
    appSettings: { WEBSITES_ENABLE_APP_SERVICE_STORAGE: "false" },
    changes: [
      {
        at: at(10),
        operation: "Microsoft.Web/sites/config/write",
        kind: "config",
        caller: "ci-deploy@contoso.com",
        source: "activityLog",
      },
    ],
    logs: s3Logs(),
    metrics: {
      Http5xx: during(12, 180, (m, i) => d.Requests(m, i), d.Http5xx),
      CpuTime: during(12, 180, () => 0.2, d.CpuTime),
      CpuPercentage: during(12, 180, () => 6, d.CpuPercentage),
      MemoryPercentage: during(12, 180, () => 28, d.MemoryPercentage),
      MemoryWorkingSet: during(12, 180, () => 45e6, d.MemoryWorkingSet),
      HttpResponseTime: (m, i) => (broken(m) ? 1.2 : d.HttpResponseTime(m, i)),
    },
  });
}

function s4Logs(): LogsData {
  const logs = emptyLogs();
  for (let c = at(1); c < at(180); c += 270_000) {
    logs.platform.push({ t: c, message: "Starting container for site" });
    logs.platform.push({
      t: c + 500,
      message: "docker run -d --expose=8080 --name billing-java_0_5c6d appsvc/java:17-java17",
    });
    logs.platform.push({
      t: c + 230_000,
      level: "Error",
      message:
        "Container billing-java_0_5c6d for site billing-java did not start within expected time limit. Elapsed time = 230.0 sec",
    });
    logs.platform.push({
      t: c + 230_500,
      level: "Error",
      message:
        "Container billing-java_0_5c6d didn't respond to HTTP pings on port: 8080, failing site start. See container logs for debugging.",
    });
    logs.console.push({ t: c + 4_000, message: "Starting BillingApplication v3.8.0 using Java 17.0.11 with PID 1" });
    for (const pct of [12, 35, 56, 71])
      logs.console.push({ t: c + Math.round((pct / 71) * 225_000), message: `Loading reference cache… ${pct}%` });
  }
  return logs;
}

export function s4(): Snapshot {
  const o = { name: "billing-java", os: "linux" as const, sku: "P1v3", capacity: 1, r5: 1200 };
  const d = defaults(o);
  const phase = (m: number) => ((m - 1) * 60) % 270;
  return snapshot({
    ...o,
    config: { linuxFxVersion: "JAVA|17-java17" },
    appSettings: { JAVA_OPTS: "-Xmx2g" },
    changes: [
      { at: at(0), operation: "deployment 5c6d2f1e9a", kind: "deployment", status: "Success", source: "deployments" },
    ],
    logs: s4Logs(),
    metrics: {
      Http5xx: during(2, 180, (m, i) => d.Requests(m, i), d.Http5xx),
      CpuPercentage: (m) => 20 + 65 * Math.min(1, phase(m) / 230),
      HttpResponseTime: () => 0.9,
    },
  });
}

export function s5(): Snapshot {
  const o = { name: "catalog-api", os: "windows" as const, sku: "P1v3", capacity: 4, r5: 10_000 };
  const d = defaults(o);
  const bad = (m: number, i: number) => m >= 40 && i === 2;
  return snapshot({
    ...o,
    metrics: {
      MemoryPercentage: (m, i) => (bad(m, i) ? 97 + 0.6 * noise(m, i, "mem") : d.MemoryPercentage(m, i)),
      CpuPercentage: (m, i) => (bad(m, i) ? 99 - 0.5 * Math.abs(noise(m, i, "cpu")) : 40 + noise(m, i, "cpu")),
      Http5xx: (m, i) => (bad(m, i) ? Math.round(500 * (0.26 + 0.015 * noise(m, i, "e"))) : d.Http5xx(m, i)),
      Threads: (m, i) => (bad(m, i) ? 180 : d.Threads(m, i)),
      RequestsInApplicationQueue: (m, i) => (bad(m, i) ? 25 : 0),
      HttpQueueLength: (m, i) => (bad(m, i) ? 40 : d.HttpQueueLength(m, i)),
      HttpResponseTime: (m, i) => (bad(m, i) ? 4 : d.HttpResponseTime(m, i)),
    },
  });
}

export function s6(): Snapshot {
  const o = { name: "payments-api", os: "windows" as const, sku: "S2", capacity: 2, r5: 4000 };
  const d = defaults(o);
  const on = (m: number) => m >= 20;
  return snapshot({
    ...o,
    metrics: {
      SocketOutboundAll: (m) => (on(m) ? lerp(m, 20, 2600, 120, 3400) : 600),
      TcpTimeWait: (m) => (on(m) ? lerp(m, 20, 700, 60, 1100) : 150),
      AppConnections: (m) => (on(m) ? lerp(m, 20, 2000, 60, 3800) : 400),
      HttpResponseTime: (m, i) => (on(m) ? lerp(m, 20, 0.4, 30, 18) : d.HttpResponseTime(m, i)),
      Http5xx: (m, i) => (on(m) ? Math.round(400 * (0.1 + 0.02 * noise(m, i, "e"))) : d.Http5xx(m, i)),
      CpuPercentage: () => 25,
      MemoryPercentage: () => 50,
      Threads: (m) => (on(m) ? 110 : 50),
      RequestsInApplicationQueue: (m) => (on(m) ? 6 : 0),
    },
  });
}

export function s7(): Snapshot {
  const o = { name: "inventory-api", os: "windows" as const, sku: "P1v3", capacity: 2, r5: 5000 };
  const d = defaults(o);
  const slow = (m: number) => m >= 15 && m < 130;
  return snapshot({
    ...o,
    metrics: {
      HttpResponseTime: (m) => (slow(m) ? lerp(m, 15, 0.25, 20, 12) : 0.25),
      HttpResponseTimeMax: (m, i) => (slow(m) ? 52.5 + 7.5 * noise(m, i, "mx") : d.HttpResponseTimeMax(m, i)),
      RequestsInApplicationQueue: (m) => (slow(m) ? 45 : 0),
      Threads: (m) => (slow(m) ? 320 : 60),
      Http5xx: (m, i) => (slow(m) ? Math.round(500 * (0.065 + 0.012 * noise(m, i, "e"))) : d.Http5xx(m, i)),
      CpuPercentage: (m, i) => 20 + 5 * noise(m, i, "cpu"),
      SocketOutboundAll: (m) => (slow(m) ? 420 : 300),
    },
  });
}

function s8Logs(): LogsData {
  const logs = emptyLogs();
  for (let m = 0; m < 180; m += 5) logs.http5xx.push({ t: at(m), status: 502, subStatus: "0", count: 12 });
  logs.slowFailures.push({ path: "/api/reports/export", count: 432, p50Ms: 240_200, maxMs: 240_400 });
  logs.failuresByPath.push({ path: "/api/reports/export", count: 432 });
  return logs;
}

export function s8(): Snapshot {
  const o = { name: "reports-tool", os: "linux" as const, sku: "P1v3", capacity: 2, r5: 150 };
  const d = defaults(o);
  // 12 export calls per 5 min, dealt round-robin: 6 per instance per bucket, each a 5xx after 240 s.
  const calls = (m: number, i: number) => ([3, 2, 3, 2, 2][m % 5] + (i === 0 ? 1 : 0)) >> 1;
  return snapshot({
    ...o,
    config: { linuxFxVersion: "PYTHON|3.12" },
    logs: s8Logs(),
    metrics: {
      Requests: (m, i) => (d.Requests(m, i) ?? 0) + calls(m, i),
      Http5xx: (m, i) => calls(m, i),
      HttpResponseTime: (m, i) => {
        const r = d.Requests(m, i) ?? 0;
        const c = calls(m, i);
        return (r * 0.2 + c * 240.2) / (r + c);
      },
      HttpResponseTimeMax: (m, i) => (calls(m, i) ? 240.4 : 0.6),
      CpuPercentage: () => 30,
      MemoryPercentage: () => 50,
    },
  });
}

export const SCENARIOS: Record<string, { build: () => Snapshot; expect: Expectation }> = {
  S1: {
    build: s1,
    expect: {
      primary: "R08",
      minConfidence: "High",
      contributingAllowed: [],
      mustNotFire: [],
      mustNotPrimary: ["R17", "R09"],
    },
  },
  S2: {
    build: s2,
    expect: {
      primary: "R17",
      minConfidence: "High",
      contributingAllowed: ["R11"],
      mustNotFire: ["R12"],
      mustNotPrimary: ["R09"],
    },
  },
  S3: {
    build: s3,
    expect: {
      primary: "R05a",
      minConfidence: "High",
      contributingAllowed: ["R15"],
      mustNotFire: ["R01"],
      mustNotPrimary: [],
    },
  },
  S4: {
    build: s4,
    expect: {
      primary: "R05b",
      minConfidence: "High",
      contributingAllowed: ["R15"],
      mustNotFire: ["R09", "R05c"],
      mustNotPrimary: [],
    },
  },
  S5: {
    build: s5,
    expect: {
      primary: "R13",
      minConfidence: "High",
      contributingAllowed: ["R08", "R09"],
      mustNotFire: ["R17"],
      mustNotPrimary: [],
    },
  },
  S6: {
    build: s6,
    expect: {
      primary: "R12",
      minConfidence: "Medium",
      contributingAllowed: ["R11"],
      mustNotFire: ["R08", "R09"],
      mustNotPrimary: [],
    },
  },
  S7: {
    build: s7,
    expect: {
      primary: "R11",
      minConfidence: "Medium",
      contributingAllowed: [],
      mustNotFire: [],
      mustNotPrimary: ["R09", "R08", "R17"],
    },
  },
  S8: {
    build: s8,
    expect: {
      primary: "R10",
      minConfidence: "High",
      contributingAllowed: [],
      mustNotFire: [],
      mustNotPrimary: ["R11"],
    },
  },
};

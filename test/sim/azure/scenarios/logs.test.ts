// Log Analytics rows the scenarios with logs on (S3, S4, S8) hand to the server.
import { describe, expect, it } from "vitest";
import type { SimLogs, SimSite } from "../../../../src/sim/azure/fleet.ts";
import { at, scenario, siteSeries, sum } from "./helpers.ts";

const S3_PING =
  "Container api_0_1a2b didn't respond to HTTP pings on port: 80, failing site start. See container logs for debugging.";

function logsOf(name: string, from = at(0), to = at(180)) {
  const { fleet, site, plan } = scenario(name);
  const logs = site.behaviour.logs?.(site, plan, from, to) as SimLogs;
  return { fleet, site, plan, logs };
}

const countWhere = (logs: SimLogs, f: (r: SimLogs["http"][number]) => boolean) =>
  logs.http.filter(f).reduce((n, r) => n + r.count, 0);

function expectRowsMatchMetrics(fleet: ReturnType<typeof scenario>["fleet"], site: SimSite, logs: SimLogs) {
  expect(countWhere(logs, () => true)).toBe(sum(siteSeries(fleet, site, "Requests", "total", at(0), at(180))));
  expect(countWhere(logs, (r) => r.status >= 500)).toBe(
    sum(siteSeries(fleet, site, "Http5xx", "total", at(0), at(180))),
  );
}

describe("S3 logs", () => {
  const { fleet, site, plan, logs } = logsOf("S3");

  it("repeats the exact ping failure every ~4 min from the image change on", () => {
    const pings = logs.platform.filter((l) => l.message === S3_PING);
    expect(pings.length).toBeGreaterThanOrEqual(40);
    expect(pings[0].t).toBeGreaterThan(at(10));
    expect(pings[0].t).toBeLessThan(at(15));
    for (let i = 1; i < pings.length; i++) expect(pings[i].t - pings[i - 1].t).toBe(240_000);
    expect(pings.every((l) => l.containerId === "api_0_1a2b" && l.level === "Error")).toBe(true);
    expect(logs.platform.filter((l) => l.t < at(10))).toEqual([]);
  });

  it("shows the app listening on port 3000 in the console, with no exception", () => {
    const banners = logs.console.filter((l) => l.message === "Server listening on http://0.0.0.0:3000");
    expect(banners.length).toBeGreaterThanOrEqual(40);
    expect(logs.console.some((l) => /exception|error|traceback/i.test(l.message))).toBe(false);
  });

  it("logs 503s for every failed request, matching the metrics", () => {
    const after = logs.http.filter((r) => r.t >= at(13));
    expect(after.filter((r) => r.status !== 503)).toEqual([]);
    expectRowsMatchMetrics(fleet, site, logs);
    expect(plan.workers).toContain(logs.http[0].instance);
  });

  it("returns only records inside [from, to)", () => {
    const window = site.behaviour.logs?.(site, plan, at(60), at(70)) as SimLogs;
    for (const l of [...window.platform, ...window.console, ...window.http]) {
      expect(l.t).toBeGreaterThanOrEqual(at(60));
      expect(l.t).toBeLessThan(at(70));
    }
    expect(window.platform.some((l) => l.message === S3_PING)).toBe(true);
  });
});

describe("S4 logs", () => {
  const { fleet, site, logs } = logsOf("S4");
  const starts = logs.platform.filter((l) => l.message === "Starting container for site").map((l) => l.t);
  const failures = logs.platform.filter((l) => l.message.includes("failing site start")).map((l) => l.t);

  it("starts the container at T0+1 and fails it 230 s later, every ~4.5 min", () => {
    expect(starts[0]).toBe(at(1));
    expect(starts.length).toBeGreaterThanOrEqual(38);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBe(270_000);
    failures.forEach((f, i) => {
      expect(Math.abs(f - starts[i] - 230_000)).toBeLessThanOrEqual(1_000);
    });
  });

  it("prints 'Loading reference cache… 71%' 225 s into each attempt and no exception", () => {
    const at71 = logs.console.filter((l) => l.message === "Loading reference cache… 71%").map((l) => l.t);
    expect(at71.length).toBe(starts.filter((s) => s + 225_000 < at(180)).length);
    at71.forEach((t, i) => {
      expect(t - starts[i]).toBe(225_000);
    });
    expect(logs.console.some((l) => /exception|error|traceback|exited/i.test(l.message))).toBe(false);
  });

  it("logs 503s that match the metrics", () => {
    expect(logs.http.filter((r) => r.t >= at(2) && r.status !== 503)).toEqual([]);
    expectRowsMatchMetrics(fleet, site, logs);
  });
});

describe("S8 logs", () => {
  const { fleet, site, logs } = logsOf("S8");
  const exports = logs.http.filter((r) => r.path === "/api/reports/export");

  it("has 12 export calls per 5 min, each a 5xx taking 240,010–240,400 ms", () => {
    expect(sum(exports.map((r) => r.count))).toBe(12 * 36);
    for (const r of exports) {
      expect(r.status).toBeGreaterThanOrEqual(500);
      expect(r.timeTakenMs).toBeGreaterThanOrEqual(240_010);
      expect(r.timeTakenMs).toBeLessThanOrEqual(240_400);
    }
    expect(new Set(exports.map((r) => r.timeTakenMs)).size).toBeGreaterThan(100);
  });

  it("answers the other paths with 200 in 0.2 s", () => {
    const ok = logs.http.filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThan(0);
    for (const r of ok) {
      expect(r.path).not.toBe("/api/reports/export");
      expect(Math.abs(r.timeTakenMs - 200)).toBeLessThanOrEqual(15);
    }
    expectRowsMatchMetrics(fleet, site, logs);
  });
});

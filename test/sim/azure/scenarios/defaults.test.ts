// Emulator defaults (docs/scenarios.md#emulator-defaults) and OS metric coverage, through the server's Sampler.
import { describe, expect, it } from "vitest";
import { MINUTE } from "../../../../src/sim/azure/fleet.ts";
import { at, emittedKeys, planSeries, scenario, siteMinute, siteSeries } from "./helpers.ts";

const DAY = 24 * 60 * MINUTE;
const WINDOWS_ONLY = ["PrivateBytes", "AppConnections", "RequestsInApplicationQueue", "Handles"];

describe("healthy app follows the emulator defaults", () => {
  const { fleet, site, plan } = scenario("healthy");
  const from = at(0);
  const to = at(180);

  it("serves R5 per 5 min ±5 %, split evenly over its instances", () => {
    for (const r of siteSeries(fleet, site, "Requests", "total", from, to))
      expect(Math.abs(r - 3000)).toBeLessThanOrEqual(150);
    for (const w of plan.workers) {
      for (const r of siteSeries(fleet, site, "Requests", "total", from, to, w))
        expect(Math.abs(r - 1500)).toBeLessThanOrEqual(90);
    }
    const perMinute = siteMinute(fleet, site, at(7)).map((s) => s.sample.Requests ?? 0);
    for (const r of perMinute) expect(Math.abs(r - 3000 / 5 / 2)).toBeLessThanOrEqual(15);
  });

  it("keeps 0–2 5xx per 5 min, 0.3 s latency and the default plan load", () => {
    for (const e of siteSeries(fleet, site, "Http5xx", "total", from, to)) expect(e).toBeLessThanOrEqual(2);
    for (const rt of siteSeries(fleet, site, "HttpResponseTime", "avg", from, to)) expect(rt).toBeCloseTo(0.3, 1);
    for (const w of plan.workers) {
      for (const c of planSeries(fleet, plan, "CpuPercentage", "avg", from, to, w))
        expect(Math.abs(c - 35)).toBeLessThan(2);
      for (const m of planSeries(fleet, plan, "MemoryPercentage", "avg", from, to, w))
        expect(Math.abs(m - 55)).toBeLessThan(1);
      for (const q of planSeries(fleet, plan, "HttpQueueLength", "max", from, to, w)) expect(q).toBeLessThanOrEqual(3);
    }
    const avg = (m: Parameters<typeof siteSeries>[2]) => siteSeries(fleet, site, m, "avg", from, to);
    for (const v of avg("Threads")) expect(Math.abs(v - 50)).toBeLessThan(3);
    for (const v of avg("AppConnections")) expect(Math.abs(v - 400)).toBeLessThan(20);
    for (const v of avg("RequestsInApplicationQueue")) expect(v).toBe(0);
    for (const v of avg("HealthCheckStatus")) expect(v).toBe(100);
    for (const v of planSeries(fleet, plan, "SocketOutboundAll", "avg", from, to))
      expect(Math.abs(v - 300)).toBeLessThan(20);
    for (const v of planSeries(fleet, plan, "TcpTimeWait", "avg", from, to)) expect(Math.abs(v - 100)).toBeLessThan(10);
  });

  it("answers for any time, including a week before T0", () => {
    const r = siteSeries(fleet, site, "Requests", "total", at(0) - 7 * DAY, at(0) - 7 * DAY + 60 * MINUTE);
    expect(r).toHaveLength(12);
    for (const x of r) expect(Math.abs(x - 3000)).toBeLessThanOrEqual(150);
  });
});

describe("metric coverage per OS", () => {
  it("leaves Windows-only metrics out on Linux apps (unknown, not zero)", () => {
    for (const name of ["S2", "S3", "S4", "S8"]) {
      const { fleet, site } = scenario(name);
      const keys = emittedKeys(fleet, site, at(0), at(30));
      for (const k of WINDOWS_ONLY) expect(keys.has(k), `${name} ${k}`).toBe(false);
      expect(keys.has("MemoryWorkingSet")).toBe(true);
    }
  });

  it("emits them on Windows apps", () => {
    for (const name of ["S1", "S5", "S6", "S7", "healthy"]) {
      const { fleet, site } = scenario(name);
      const keys = emittedKeys(fleet, site, at(0), at(30));
      for (const k of WINDOWS_ONLY) expect(keys.has(k), `${name} ${k}`).toBe(true);
    }
  });

  it("emits HealthCheckStatus only when a health check path is configured", () => {
    const withCheck = scenario("healthy");
    expect(emittedKeys(withCheck.fleet, withCheck.site, at(0), at(10)).has("HealthCheckStatus")).toBe(true);
    const without = scenario("S1");
    expect(without.site.config.healthCheckPath).toBeUndefined();
    expect(emittedKeys(without.fleet, without.site, at(0), at(10)).has("HealthCheckStatus")).toBe(false);
  });
});

describe("baseline before T0", () => {
  it.each(["S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8"])(
    "%s looks like the defaults in the week before T0",
    (name) => {
      const { fleet, site, plan } = scenario(name);
      for (const start of [at(0) - 3 * DAY, at(0) - 6 * DAY - 120 * MINUTE, at(-60)]) {
        const end = start + 60 * MINUTE;
        const req = siteSeries(fleet, site, "Requests", "total", start, end);
        const err = siteSeries(fleet, site, "Http5xx", "total", start, end);
        err.forEach((e, i) => {
          expect(e <= 2 || e / req[i] < 0.01, `${name} 5xx ${e}`).toBe(true);
        });
        for (const c of planSeries(fleet, plan, "CpuPercentage", "max", start, end)) expect(c).toBeLessThan(50);
        for (const m of planSeries(fleet, plan, "MemoryPercentage", "max", start, end)) expect(m).toBeLessThan(65);
        for (const rt of siteSeries(fleet, site, "HttpResponseTime", "avg", start, end)) expect(rt).toBeLessThan(0.5);
      }
    },
  );
});

describe("determinism", () => {
  const series = (name: string, seed: number) => {
    const { fleet, site, plan } = scenario(name, seed);
    return [
      siteSeries(fleet, site, "Requests", "total", at(0), at(180)),
      siteSeries(fleet, site, "Http5xx", "total", at(0), at(180)),
      planSeries(fleet, plan, "CpuPercentage", "avg", at(0), at(180)),
    ];
  };

  it("gives the same values for the same seed", () => {
    for (const name of ["S1", "S5", "S8"]) expect(series(name, 11)).toEqual(series(name, 11));
  });

  it("gives different noise for another seed", () => {
    expect(series("S2", 11)[0]).not.toEqual(series("S2", 12)[0]);
  });
});

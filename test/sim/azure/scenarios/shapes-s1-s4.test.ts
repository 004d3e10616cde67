// Shapes (docs/scenarios.md) of S1–S4, bucketed per 5 minutes as the diagnosis reads them.
import { describe, expect, it } from "vitest";
import { MINUTE } from "../../../../src/sim/azure/fleet.ts";
import { at, planSeries, scenario, siteMinute, siteSeries } from "./helpers.ts";

const bucket = (min: number) => min / 5; // index of the bucket starting at T0+min

describe("S1 memory leak (Windows S1 × 1)", () => {
  const { fleet, site, plan } = scenario("S1");
  const mem = planSeries(fleet, plan, "MemoryPercentage", "avg", at(0), at(180));
  const err = siteSeries(fleet, site, "Http5xx", "total", at(0), at(180));
  const req = siteSeries(fleet, site, "Requests", "total", at(0), at(180));

  it("is one Windows S1 instance with a 64-bit worker and no health check or auto-heal", () => {
    expect(plan.sku).toEqual({ name: "S1", tier: "Standard", size: "S1", family: "S", capacity: 1 });
    expect(plan.reserved).toBe(false);
    expect(plan.workers).toEqual(["RD0001"]);
    expect(site.config).toMatchObject({ use32BitWorkerProcess: false, autoHealEnabled: false });
    expect(site.config.healthCheckPath).toBeUndefined();
  });

  it("climbs 0.4 points/min from 55 % to ≥ 90 % at T0+90..95, drops after T0+100, and regrows to ~80 %", () => {
    expect(mem[0]).toBeGreaterThan(54);
    expect(mem[0]).toBeLessThan(58);
    for (let i = 1; i <= bucket(95); i++) expect(mem[i] - mem[i - 1]).toBeGreaterThan(1.5);
    expect(mem[bucket(90)]).toBeGreaterThanOrEqual(90);
    expect(mem[bucket(95)]).toBeGreaterThanOrEqual(90);
    expect(mem[bucket(100)]).toBeLessThan(53);
    expect(mem[35]).toBeGreaterThan(77);
    expect(mem[35]).toBeLessThan(84);
  });

  it("fails 60/120/200/180 requests in the T0+80…95 buckets and none otherwise", () => {
    const expected = [60, 120, 200, 180];
    expected.forEach((n, k) => {
      expect(Math.abs(err[bucket(80) + k] - n)).toBeLessThanOrEqual(12);
    });
    err.forEach((e, i) => {
      if (i < bucket(80) || i >= bucket(100)) expect(e).toBeLessThanOrEqual(2);
    });
    expect(err[bucket(85)] / req[bucket(85)]).toBeGreaterThanOrEqual(0.05);
  });

  it("slows from 0.3 s to 2.5 s between T0+70 and T0+100, with CPU at 35–50 %", () => {
    const rt = siteSeries(fleet, site, "HttpResponseTime", "avg", at(0), at(180));
    expect(rt[bucket(60)]).toBeLessThan(0.35);
    expect(rt[bucket(95)]).toBeGreaterThan(2.2);
    expect(rt[bucket(105)]).toBeLessThan(0.35);
    for (const c of planSeries(fleet, plan, "CpuPercentage", "avg", at(0), at(180))) {
      expect(c).toBeGreaterThan(33);
      expect(c).toBeLessThan(52);
    }
  });

  it("grows the working set 0.6 → 1.45 GB, back to ~0.55 GB, with private bytes above it", () => {
    const ws = siteSeries(fleet, site, "MemoryWorkingSet", "avg", at(0), at(180));
    const pb = siteSeries(fleet, site, "PrivateBytes", "avg", at(0), at(180));
    expect(ws[0] / 1e9).toBeCloseTo(0.62, 1);
    expect(ws[bucket(95)] / 1e9).toBeGreaterThan(1.4);
    expect(ws[bucket(100)] / 1e9).toBeLessThan(0.6);
    ws.forEach((w, i) => {
      expect(pb[i]).toBeGreaterThan(w);
    });
  });
});

describe("S2 traffic spike (Linux P1v3 × 2)", () => {
  const { fleet, site, plan } = scenario("S2");
  const req = siteSeries(fleet, site, "Requests", "total", at(0), at(180));
  const err = siteSeries(fleet, site, "Http5xx", "total", at(0), at(180));
  const inSpike = (i: number) => i >= bucket(30) && i < bucket(90);

  it("has no autoscale and no automatic scaling", () => {
    expect(fleet.autoscaleSettings).toEqual([]);
    expect(plan.elasticScaleEnabled).toBe(false);
    expect(plan.sku).toMatchObject({ name: "P1v3", tier: "PremiumV3", family: "Pv3", capacity: 2 });
    expect(plan.reserved).toBe(true);
    expect(site.kind).toBe("app,linux");
  });

  it("triples requests from T0+30 to T0+90 and returns to 6,000 after", () => {
    req.forEach((r, i) => {
      expect(Math.abs(r - (inSpike(i) ? 18_000 : 6_000))).toBeLessThanOrEqual(inSpike(i) ? 900 : 300);
    });
  });

  it("drives both instances to 96–98 % CPU during the spike and ~40 % outside it", () => {
    for (const w of plan.workers) {
      const cpu = planSeries(fleet, plan, "CpuPercentage", "avg", at(0), at(180), w);
      cpu.forEach((c, i) => {
        if (inSpike(i)) {
          expect(c).toBeGreaterThanOrEqual(95);
          expect(c).toBeLessThanOrEqual(98.5);
        } else expect(Math.abs(c - 40)).toBeLessThan(2);
      });
    }
  });

  it("queues 180, answers in ~7 s and fails 5–8 % of requests while memory stays at 60 %", () => {
    const queue = planSeries(fleet, plan, "HttpQueueLength", "avg", at(0), at(180));
    const rt = siteSeries(fleet, site, "HttpResponseTime", "avg", at(0), at(180));
    const mem = planSeries(fleet, plan, "MemoryPercentage", "avg", at(0), at(180));
    for (let i = 0; i < req.length; i++) {
      if (inSpike(i)) {
        expect(queue[i]).toBeGreaterThan(150);
        expect(rt[i]).toBeGreaterThan(6);
        expect(err[i] / req[i]).toBeGreaterThanOrEqual(0.05);
        expect(err[i] / req[i]).toBeLessThanOrEqual(0.08);
      } else {
        expect(queue[i]).toBeLessThanOrEqual(3);
        expect(rt[i]).toBeLessThan(0.25);
        expect(err[i]).toBeLessThanOrEqual(2);
      }
      expect(Math.abs(mem[i] - 60)).toBeLessThan(1);
    }
  });
});

describe("S3 container listens on the wrong port (Linux B1 × 1)", () => {
  const { fleet, site, plan } = scenario("S3");

  it("is a custom container on the 2.4.0 image with WEBSITES_PORT unset and logs on", () => {
    expect(site.kind).toBe("app,linux,container");
    expect(site.config.linuxFxVersion).toBe("DOCKER|myacr.azurecr.io/api:2.4.0");
    expect(site.appSettings.WEBSITES_PORT).toBeUndefined();
    expect(site.logsEnabled).toBe(true);
    expect(plan.sku).toMatchObject({ name: "B1", tier: "Basic", capacity: 1 });
    expect(site.timeline).toEqual([
      expect.objectContaining({
        at: at(10),
        type: "config",
        patch: { linuxFxVersion: "DOCKER|myacr.azurecr.io/api:2.4.0" },
      }),
    ]);
  });

  it("fails every request from T0+12 with near-zero CPU time and low memory", () => {
    for (let t = at(0); t < at(180); t += MINUTE) {
      for (const { sample } of siteMinute(fleet, site, t)) {
        if (t < at(12)) expect(sample.Http5xx).toBeLessThanOrEqual(2);
        else {
          expect(sample.Http5xx).toBe(sample.Requests);
          expect(sample.CpuTime).toBeLessThan(0.5);
          expect(sample.MemoryPercentage).toBeLessThan(35);
        }
      }
    }
  });
});

describe("S4 startup longer than 230 s (Linux Java P1v3 × 1)", () => {
  const { fleet, site, plan } = scenario("S4");

  it("records a successful deployment ending at T0 and nothing else in the lookback", () => {
    const inLookback = site.timeline.filter((e) => e.at >= at(-30));
    expect(inLookback).toEqual([
      expect.objectContaining({ type: "deployment", status: "Success", at: at(0), endAt: at(0) }),
    ]);
    expect(site.appSettings.WEBSITES_CONTAINER_START_TIME_LIMIT).toBeUndefined();
    expect(site.config.linuxFxVersion).toBe("JAVA|17-java17");
    expect(plan.sku).toMatchObject({ name: "P1v3", capacity: 1 });
    expect(site.logsEnabled).toBe(true);
  });

  it("answers 503 to every request from T0+2 to T0+180", () => {
    for (let t = at(2); t < at(180); t += MINUTE) {
      for (const { sample } of siteMinute(fleet, site, t)) expect(sample.Http5xx).toBe(sample.Requests);
    }
    for (const e of siteSeries(fleet, site, "Http5xx", "total", at(-30), at(0))) expect(e).toBeLessThanOrEqual(2);
  });

  it("saw-tooths CPU between ~20 % and ~85 % without ever saturating", () => {
    const cpu: number[] = [];
    for (let t = at(2); t < at(180); t += MINUTE)
      cpu.push(...siteMinute(fleet, site, t).map((s) => s.sample.CpuPercentage ?? 0));
    expect(Math.max(...cpu)).toBeGreaterThan(75);
    expect(Math.max(...cpu)).toBeLessThan(88);
    expect(Math.min(...cpu)).toBeLessThan(25);
    for (const c of planSeries(fleet, plan, "CpuPercentage", "avg", at(0), at(180))) expect(c).toBeLessThan(90);
  });
});

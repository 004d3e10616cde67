// Shapes (docs/scenarios.md) of S5–S8, bucketed per 5 minutes as the diagnosis reads them.
import { describe, expect, it } from "vitest";
import { MINUTE } from "../../../../src/sim/azure/fleet.ts";
import { at, planSeries, scenario, siteMinute, siteSeries, sum } from "./helpers.ts";

const bucket = (min: number) => min / 5;

describe("S5 one bad instance out of four (Windows P1v3 × 4)", () => {
  const { fleet, site, plan } = scenario("S5");

  it("runs on RD0001…RD0004 without a health check", () => {
    expect(plan.workers).toEqual(["RD0001", "RD0002", "RD0003", "RD0004"]);
    expect(plan.sku).toMatchObject({ name: "P1v3", capacity: 4 });
    expect(site.config.healthCheckPath).toBeUndefined();
  });

  it("makes only RD0003 hot and failing from T0+40, with requests evenly split", () => {
    for (const w of plan.workers) {
      const mem = planSeries(fleet, plan, "MemoryPercentage", "avg", at(0), at(180), w);
      const cpu = planSeries(fleet, plan, "CpuPercentage", "avg", at(0), at(180), w);
      const err = siteSeries(fleet, site, "Http5xx", "total", at(0), at(180), w);
      const req = siteSeries(fleet, site, "Requests", "total", at(0), at(180), w);
      for (let i = 0; i < req.length; i++) {
        expect(Math.abs(req[i] - 2500)).toBeLessThanOrEqual(125);
        if (w === "RD0003" && i >= bucket(40)) {
          expect(mem[i]).toBeGreaterThanOrEqual(96);
          expect(cpu[i]).toBeGreaterThanOrEqual(98);
          expect(err[i]).toBeGreaterThanOrEqual(580);
          expect(err[i]).toBeLessThanOrEqual(720);
        } else {
          expect(Math.abs(mem[i] - 55)).toBeLessThan(1.5);
          expect(Math.abs(cpu[i] - 40)).toBeLessThan(2.5);
          expect(err[i]).toBeLessThanOrEqual(2);
        }
      }
    }
  });

  it("puts the whole site at 6–7 % errors", () => {
    const err = sum(siteSeries(fleet, site, "Http5xx", "total", at(40), at(180)));
    const req = sum(siteSeries(fleet, site, "Requests", "total", at(40), at(180)));
    expect(err / req).toBeGreaterThan(0.06);
    expect(err / req).toBeLessThan(0.07);
  });
});

describe("S6 SNAT exhaustion (Windows S2 × 2)", () => {
  const { fleet, site, plan } = scenario("S6");

  it("has no VNet integration", () => {
    expect(site.config.vnetRouteAllEnabled).toBe(false);
    expect(site.config.virtualNetworkSubnetId).toBeUndefined();
    expect(plan.sku).toMatchObject({ name: "S2", capacity: 2 });
  });

  it("piles up sockets, TIME_WAIT and AppConnections from T0+20", () => {
    const sockets = planSeries(fleet, plan, "SocketOutboundAll", "avg", at(0), at(180));
    const timeWait = planSeries(fleet, plan, "TcpTimeWait", "avg", at(0), at(180));
    expect(Math.abs(sockets[bucket(10)] - 600)).toBeLessThan(40);
    expect(Math.abs(sockets[bucket(20)] - 2600)).toBeLessThan(100);
    expect(Math.abs(sockets[bucket(120)] - 3400)).toBeLessThan(100);
    expect(Math.abs(timeWait[bucket(10)] - 150)).toBeLessThan(20);
    expect(Math.abs(timeWait[bucket(150)] - 1100)).toBeLessThan(50);
    for (const w of plan.workers) {
      const conns = siteSeries(fleet, site, "AppConnections", "max", at(0), at(180), w);
      expect(Math.max(...conns)).toBeGreaterThanOrEqual(3700);
      expect(Math.max(...conns)).toBeLessThanOrEqual(3800);
      expect(conns[bucket(10)]).toBeLessThan(500);
    }
  });

  it("fails 8–12 % of requests at ~21 s and answers in ~18 s while CPU, memory and load stay flat", () => {
    const err = siteSeries(fleet, site, "Http5xx", "total", at(20), at(180));
    const req = siteSeries(fleet, site, "Requests", "total", at(20), at(180));
    err.forEach((e, i) => {
      expect(e / req[i]).toBeGreaterThanOrEqual(0.08);
      expect(e / req[i]).toBeLessThanOrEqual(0.12);
      expect(Math.abs(req[i] - 4000)).toBeLessThanOrEqual(200);
    });
    const rt = siteSeries(fleet, site, "HttpResponseTime", "avg", at(0), at(180));
    expect(rt[bucket(10)]).toBeLessThan(0.45);
    expect(rt[bucket(60)]).toBeGreaterThan(16);
    for (const c of planSeries(fleet, plan, "CpuPercentage", "max", at(0), at(180)))
      expect(Math.abs(c - 25)).toBeLessThan(3);
    for (const m of planSeries(fleet, plan, "MemoryPercentage", "max", at(0), at(180)))
      expect(Math.abs(m - 50)).toBeLessThan(2);
  });
});

describe("S7 slow dependency (Windows P1v3 × 2, metrics only)", () => {
  const { fleet, site, plan } = scenario("S7");
  const inIncident = (i: number) => i >= bucket(20) && i < bucket(130);

  it("has Log Analytics off", () => {
    expect(site.logsEnabled).toBe(false);
    expect(plan.sku).toMatchObject({ name: "P1v3", capacity: 2 });
  });

  it("averages ~12 s with a 1-min max of at most 60 s, queues 45 per instance and runs 320 threads", () => {
    const rt = siteSeries(fleet, site, "HttpResponseTime", "avg", at(0), at(180));
    const rtMax = siteSeries(fleet, site, "HttpResponseTime", "max", at(0), at(180));
    for (let i = 0; i < rt.length; i++) {
      if (inIncident(i)) {
        expect(Math.abs(rt[i] - 12)).toBeLessThan(0.5);
        expect(rtMax[i]).toBeGreaterThanOrEqual(45);
      } else if (i < bucket(15) || i >= bucket(130)) expect(rt[i]).toBeLessThan(0.3);
      expect(rtMax[i]).toBeLessThanOrEqual(60);
    }
    for (const w of plan.workers) {
      const queue = siteSeries(fleet, site, "RequestsInApplicationQueue", "max", at(20), at(125), w);
      const threads = siteSeries(fleet, site, "Threads", "avg", at(20), at(125), w);
      for (const q of queue) expect(q).toBeGreaterThan(40);
      for (const th of threads) expect(Math.abs(th - 320)).toBeLessThan(10);
    }
  });

  it("fails 5–8 % with CPU at 15–25 %, memory 55 %, sockets under 450 and requests at baseline, then recovers at T0+130", () => {
    const err = siteSeries(fleet, site, "Http5xx", "total", at(0), at(180));
    const req = siteSeries(fleet, site, "Requests", "total", at(0), at(180));
    err.forEach((e, i) => {
      if (i >= bucket(15) && i < bucket(130)) {
        expect(e / req[i]).toBeGreaterThanOrEqual(0.05);
        expect(e / req[i]).toBeLessThanOrEqual(0.08);
      } else expect(e).toBeLessThanOrEqual(2);
      expect(Math.abs(req[i] - 5000)).toBeLessThanOrEqual(250);
    });
    for (const c of planSeries(fleet, plan, "CpuPercentage", "max", at(0), at(180))) {
      expect(c).toBeGreaterThanOrEqual(15);
      expect(c).toBeLessThanOrEqual(25);
    }
    for (const s of planSeries(fleet, plan, "SocketOutboundAll", "max", at(0), at(180))) expect(s).toBeLessThan(450);
    for (const m of planSeries(fleet, plan, "MemoryPercentage", "avg", at(0), at(180)))
      expect(Math.abs(m - 55)).toBeLessThan(1);
  });
});

describe("S8 export endpoint hits the 240 s limit (Linux P1v3 × 2)", () => {
  const { fleet, site, plan } = scenario("S8");

  it("adds 12 failing export calls per 5 min to 150 other requests (≈ 7 %)", () => {
    const req = siteSeries(fleet, site, "Requests", "total", at(0), at(180));
    const err = siteSeries(fleet, site, "Http5xx", "total", at(0), at(180));
    err.forEach((e, i) => {
      expect(e).toBeGreaterThanOrEqual(12);
      expect(e).toBeLessThanOrEqual(14);
      expect(Math.abs(req[i] - 162)).toBeLessThanOrEqual(12);
    });
    expect(sum(err) / sum(req)).toBeGreaterThan(0.065);
    expect(sum(err) / sum(req)).toBeLessThan(0.085);
  });

  it("reports a slowest request ≥ 240 s every minute on every instance", () => {
    for (let t = at(0); t < at(180); t += MINUTE) {
      const samples = siteMinute(fleet, site, t);
      expect(samples).toHaveLength(2);
      for (const { sample } of samples) {
        expect(sample.HttpResponseTimeMax).toBeGreaterThanOrEqual(240.01);
        expect(sample.HttpResponseTimeMax).toBeLessThanOrEqual(240.4);
      }
    }
  });

  it("keeps CPU at ~30 % and memory at ~50 % and has logs on", () => {
    expect(site.logsEnabled).toBe(true);
    for (const c of planSeries(fleet, plan, "CpuPercentage", "avg", at(0), at(180)))
      expect(Math.abs(c - 30)).toBeLessThan(2);
    for (const m of planSeries(fleet, plan, "MemoryPercentage", "avg", at(0), at(180)))
      expect(Math.abs(m - 50)).toBeLessThan(1);
  });
});

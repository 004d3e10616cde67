// How scenarios react to mitigations appended to their timelines (at clock time, as the server does).
import { describe, expect, it } from "vitest";
import type { SimLogs } from "../../../../src/sim/azure/fleet.ts";
import { MINUTE } from "../../../../src/sim/azure/fleet.ts";
import { at, planSeries, push, scale, scenario, siteMinute, siteSeries } from "./helpers.ts";

const SECONDS_30 = 30_000;

describe("S1 memory leak", () => {
  it("resets to ~50 % and stops failing after a restart, then leaks again at the same slope", () => {
    const { fleet, site, plan } = scenario("S1");
    push(site, { at: at(90) + SECONDS_30, type: "restart", caller: "bot" });
    const mem = planSeries(fleet, plan, "MemoryPercentage", "avg", at(90), at(180));
    expect(mem[1]).toBeLessThan(55);
    for (let i = 2; i < mem.length; i++) expect(mem[i] - mem[i - 1]).toBeGreaterThan(1.5);
    for (const e of siteSeries(fleet, site, "Http5xx", "total", at(95), at(170))) expect(e).toBeLessThanOrEqual(2);
  });

  it("resets the same way after a worker reboot", () => {
    const { fleet, site, plan } = scenario("S1");
    push(plan, { at: at(85), type: "rebootWorker", worker: "RD0001" });
    expect(planSeries(fleet, plan, "MemoryPercentage", "avg", at(85), at(90))[0]).toBeLessThan(52);
    expect(siteSeries(fleet, site, "Http5xx", "total", at(85), at(95)).every((e) => e <= 2)).toBe(true);
  });

  it("recycles below the auto-heal private-bytes trigger: a sawtooth with no 5xx", () => {
    const { fleet, site, plan } = scenario("S1");
    const triggerKb = 1_468_006;
    push(site, {
      at: at(30),
      type: "config",
      patch: {
        autoHealEnabled: true,
        autoHealRules: {
          triggers: { privateBytesInKB: triggerKb },
          actions: { actionType: "Recycle", minProcessExecutionTime: "00:10:00" },
        },
      },
    });
    const mem = planSeries(fleet, plan, "MemoryPercentage", "avg", at(30), at(330));
    const pb = siteSeries(fleet, site, "PrivateBytes", "max", at(30), at(330));
    expect(Math.max(...mem)).toBeLessThan(86);
    expect(Math.max(...pb)).toBeLessThanOrEqual(triggerKb * 1024);
    const drops = mem.slice(1).filter((m, i) => mem[i] - m > 20).length;
    expect(drops).toBeGreaterThanOrEqual(2);
    for (const e of siteSeries(fleet, site, "Http5xx", "total", at(30), at(330))) expect(e).toBeLessThanOrEqual(2);
  });

  it("measures memory against the new SKU after a scale up", () => {
    const { fleet, site, plan } = scenario("S1");
    scale(plan, at(60), { skuName: "P1v3" });
    for (const m of planSeries(fleet, plan, "MemoryPercentage", "max", at(60), at(180))) expect(m).toBeLessThan(25);
    for (const e of siteSeries(fleet, site, "Http5xx", "total", at(60), at(180))) expect(e).toBeLessThanOrEqual(2);
  });
});

describe("S2 traffic spike", () => {
  it("falls below 80 % CPU per instance and stops failing after a scale out to 4", () => {
    const { fleet, site, plan } = scenario("S2");
    scale(plan, at(45) + SECONDS_30, { capacity: 4 });
    expect(plan.workers).toHaveLength(4);
    for (const w of plan.workers) {
      for (const c of planSeries(fleet, plan, "CpuPercentage", "avg", at(50), at(90), w)) expect(c).toBeLessThan(80);
    }
    for (const e of siteSeries(fleet, site, "Http5xx", "total", at(50), at(90))) expect(e).toBeLessThanOrEqual(2);
    expect(siteMinute(fleet, site, at(60))).toHaveLength(4);
    const before = siteSeries(fleet, site, "Http5xx", "total", at(35), at(45));
    for (const e of before) expect(e).toBeGreaterThan(500);
  });

  it("falls below 80 % CPU after a scale up to twice the vCPU", () => {
    const { fleet, plan } = scenario("S2");
    scale(plan, at(40), { skuName: "P2v3" });
    for (const c of planSeries(fleet, plan, "CpuPercentage", "max", at(40), at(90))) expect(c).toBeLessThan(80);
  });
});

describe("stop and start", () => {
  it("answers 403 to every request while stopped, with no CPU, and recovers on start", () => {
    const { fleet, site, plan } = scenario("S1");
    push(site, { at: at(60), type: "stop", caller: "bot" });
    push(site, { at: at(120), type: "start", caller: "bot" });
    for (let t = at(60); t < at(120); t += MINUTE) {
      for (const { sample } of siteMinute(fleet, site, t)) {
        expect(sample.Requests).toBeGreaterThan(0);
        expect(sample.Http403).toBe(sample.Requests);
        expect(sample.Http2xx).toBe(0);
        expect(sample.CpuTime).toBe(0);
      }
    }
    for (let t = at(120); t < at(130); t += MINUTE) {
      for (const { sample } of siteMinute(fleet, site, t)) expect(sample.Http403).toBe(0);
    }
    expect(planSeries(fleet, plan, "MemoryPercentage", "avg", at(120), at(125))[0]).toBeLessThan(53);
  });
});

describe("S3 wrong port", () => {
  it("recovers a few minutes after WEBSITES_PORT=3000, and logs the successful start", () => {
    const { fleet, site, plan } = scenario("S3");
    push(site, { at: at(60) + SECONDS_30, type: "appSettings", settings: { WEBSITES_PORT: "3000" } });
    const err = siteSeries(fleet, site, "Http5xx", "total", at(50), at(120));
    const req = siteSeries(fleet, site, "Requests", "total", at(50), at(120));
    expect(err[0]).toBe(req[0]);
    expect(err[1]).toBe(req[1]);
    for (const e of err.slice(3)) expect(e).toBeLessThanOrEqual(2);
    const logs = site.behaviour.logs?.(site, plan, at(60), at(120)) as SimLogs;
    expect(logs.platform.some((l) => l.message.includes("initialized successfully"))).toBe(true);
    expect(logs.platform.filter((l) => l.message.includes("didn't respond") && l.t > at(62))).toEqual([]);
  });

  it("stays broken after a plain restart", () => {
    const { fleet, site } = scenario("S3");
    push(site, { at: at(60), type: "restart" });
    const err = siteSeries(fleet, site, "Http5xx", "total", at(60), at(120));
    const req = siteSeries(fleet, site, "Requests", "total", at(60), at(120));
    err.forEach((e, i) => {
      expect(e).toBe(req[i]);
    });
  });
});

describe("S4 slow startup", () => {
  it("recovers once the next start completes within a raised start time limit", () => {
    const { fleet, site } = scenario("S4");
    push(site, { at: at(60), type: "appSettings", settings: { WEBSITES_CONTAINER_START_TIME_LIMIT: "480" } });
    const err = siteSeries(fleet, site, "Http5xx", "total", at(60), at(120));
    expect(err[0]).toBeGreaterThan(500);
    for (const e of err.slice(2)) expect(e).toBeLessThanOrEqual(2);
  });
});

describe("S5 bad instance", () => {
  it("clears RD0003 after rebooting that worker only", () => {
    const { fleet, site, plan } = scenario("S5");
    push(plan, { at: at(60), type: "rebootWorker", worker: "RD0003" });
    expect(siteSeries(fleet, site, "Http5xx", "total", at(55), at(60), "RD0003")[0]).toBeGreaterThan(500);
    for (const e of siteSeries(fleet, site, "Http5xx", "total", at(60), at(180), "RD0003"))
      expect(e).toBeLessThanOrEqual(2);
    for (const m of planSeries(fleet, plan, "MemoryPercentage", "max", at(60), at(180), "RD0003"))
      expect(m).toBeLessThan(60);
  });
});

describe("S6 SNAT exhaustion", () => {
  it("gets only short relief from a restart", () => {
    const { fleet, site, plan } = scenario("S6");
    push(site, { at: at(100), type: "restart" });
    const sockets = planSeries(fleet, plan, "SocketOutboundAll", "avg", at(95), at(140));
    expect(sockets[1]).toBeLessThan(1500);
    expect(sockets[sockets.length - 1]).toBeGreaterThan(3000);
    const err = siteSeries(fleet, site, "Http5xx", "total", at(95), at(140));
    expect(err[1]).toBeLessThanOrEqual(2);
    expect(err[err.length - 1]).toBeGreaterThan(300);
  });
});

describe("causes outside the app", () => {
  it("S7 keeps its slow responses after a restart", () => {
    const { fleet, site } = scenario("S7");
    push(site, { at: at(60), type: "restart" });
    for (const rt of siteSeries(fleet, site, "HttpResponseTime", "avg", at(60), at(125)))
      expect(rt).toBeGreaterThan(11);
  });

  it("S8 keeps failing its exports after a restart or a scale out", () => {
    const { fleet, site, plan } = scenario("S8");
    push(site, { at: at(60), type: "restart" });
    scale(plan, at(90), { capacity: 4 });
    for (const e of siteSeries(fleet, site, "Http5xx", "total", at(60), at(180))) expect(e).toBeGreaterThanOrEqual(12);
  });
});

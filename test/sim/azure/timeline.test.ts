import { describe, expect, it } from "vitest";
import { MINUTE } from "../../../src/sim/azure/fleet.ts";
import { DEFAULT_UPTIME_MINUTES, indexPlan, indexSite } from "../../../src/sim/azure/timeline.ts";
import { NOW, plan, site } from "./fixture.ts";

describe("plan timeline", () => {
  const p = plan("asp", {
    workers: ["RD0001", "RD0002", "RD0003", "RD0004"],
    sku: { name: "P2v3", tier: "PremiumV3", size: "P2v3", family: "Pv3", capacity: 4 },
    timeline: [
      { at: NOW - 60 * MINUTE + 30_000, type: "scale", capacity: 4, fromCapacity: 2 },
      { at: NOW - 30 * MINUTE, type: "scale", skuName: "P2v3", fromSkuName: "P1v3" },
      { at: NOW - 10 * MINUTE, type: "rebootWorker", worker: "RD0002" },
    ],
  });
  const ix = indexPlan(p);

  it("reconstructs capacity and SKU before the first scale event from fromCapacity / fromSkuName", () => {
    expect(ix.capacityAt(NOW - 61 * MINUTE)).toBe(2);
    expect(ix.capacityAt(NOW - 60 * MINUTE)).toBe(4); // an event mid-minute applies to that minute
    expect(ix.skuAt(NOW - 31 * MINUTE)).toBe("P1v3");
    expect(ix.skuAt(NOW)).toBe("P2v3");
  });

  it("starts new instances at scale-out, all at scale-up, one at its reboot", () => {
    expect(ix.instanceStarts("RD0001", 0)).toEqual([NOW - 30 * MINUTE]);
    expect(ix.instanceStarts("RD0002", 1)).toEqual([NOW - 30 * MINUTE, NOW - 10 * MINUTE]);
    expect(ix.instanceStarts("RD0003", 2)).toEqual([NOW - 60 * MINUTE, NOW - 30 * MINUTE]);
  });

  it("never serves more instances than there are workers", () => {
    expect(indexPlan(plan("small", { workers: ["RD0001"] })).capacityAt(NOW)).toBe(1);
  });
});

describe("site timeline", () => {
  const p = plan("asp");
  it("derives running state from stop/start events, before the first one from its kind", () => {
    const s = site("a", p, {
      state: "Running",
      timeline: [
        { at: NOW - 20 * MINUTE, type: "stop" },
        { at: NOW - 5 * MINUTE, type: "start" },
      ],
    });
    const ix = indexSite(s, p);
    expect([ix.runningAt(NOW - 30 * MINUTE), ix.runningAt(NOW - 10 * MINUTE), ix.runningAt(NOW)]).toEqual([
      true,
      false,
      true,
    ]);
    expect(indexSite(site("b", p, { state: "Stopped" }), p).runningAt(NOW)).toBe(false);
  });

  it("counts uptime from the latest restart, config change or recycle of that instance", () => {
    const s = site("a", p, {
      timeline: [
        { at: NOW - 100 * MINUTE, type: "restart" },
        { at: NOW - 40 * MINUTE, type: "recycle", instance: "RD0002", reason: "autoheal" },
        { at: NOW - 20 * MINUTE, type: "config", patch: {} },
      ],
    });
    const ix = indexSite(s, p);
    expect(ix.minutesSinceStart(NOW - 101 * MINUTE, "RD0001", 0)).toBe(DEFAULT_UPTIME_MINUTES);
    expect(ix.minutesSinceStart(NOW - 50 * MINUTE, "RD0001", 0)).toBe(50);
    expect(ix.minutesSinceStart(NOW - 30 * MINUTE, "RD0002", 1)).toBe(10);
    expect(ix.minutesSinceStart(NOW - 30 * MINUTE, "RD0001", 0)).toBe(70);
    expect(ix.minutesSinceStart(NOW, "RD0002", 1)).toBe(20);
  });
});

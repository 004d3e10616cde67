import { describe, expect, it } from "vitest";
import type { ServiceHealthEvent } from "../../../src/core/snapshot.ts";
import { T0 } from "../mothers.ts";
import { fixture, judge } from "./fixture.ts";

const maintenance: ServiceHealthEvent = {
  id: "PM-1",
  title: "Planned maintenance",
  eventType: "PlannedMaintenance",
  status: "Active",
  regions: ["westeurope"],
  services: ["App Service"],
  start: T0,
};

/** An incident run of `minutes` starting at minute 60. */
const run = (minutes: number, extra = {}) =>
  fixture({
    serviceHealth: [maintenance],
    metrics: { Http5xx: (m) => (m >= 60 && m < 60 + minutes ? 10 : 0) },
    ...extra,
  });

describe("R02 planned maintenance", () => {
  it("fires when every incident run lasts at most 10 min (edge: 5, 10, 15 min)", () => {
    expect(judge("R02", run(5)).fired).toBe(true);
    expect(judge("R02", run(10)).fired).toBe(true);
    expect(judge("R02", run(15)).fired).toBe(false);
  });

  it("is Medium from Service Health, High when Resource Health says Planned", () => {
    expect(judge("R02", run(10)).confidence).toBe("Medium");
    const rh = run(10, { serviceHealth: [], resourceHealth: { availabilityState: "Degraded", reasonType: "Planned" } });
    expect(judge("R02", rh).confidence).toBe("High");
  });

  it("needs maintenance to be announced", () => {
    expect(judge("R02", run(10, { serviceHealth: [] })).fired).toBe(false);
  });

  it("is raised by a new instance appearing", () => {
    const s = run(10, {
      metrics: {
        Http5xx: (m: number) => (m >= 60 && m < 70 ? 10 : 0),
        Requests: (m: number, i: number) => (i === 1 && m < 55 ? null : 100),
      },
    });
    expect(judge("R02", s).confidence).toBe("High");
  });
});

import { describe, expect, it } from "vitest";
import type { ServiceHealthEvent } from "../../../src/core/snapshot.ts";
import { T0 } from "../mothers.ts";
import { fixture, judge } from "./fixture.ts";

const issue = (over: Partial<ServiceHealthEvent> = {}): ServiceHealthEvent => ({
  id: "EV-1",
  title: "App Service outage in West Europe",
  eventType: "ServiceIssue",
  status: "Active",
  regions: ["West Europe"],
  services: ["App Service"],
  start: T0 + 50 * 60_000,
  link: "https://status.example/EV-1",
  ...over,
});

describe("R01 platform incident", () => {
  it("fires Medium on an active ServiceIssue for App Service in the app's region", () => {
    const r = judge("R01", fixture({ serviceHealth: [issue()] }));
    expect(r.fired).toBe(true);
    expect(r.confidence).toBe("Medium");
    expect(r.evidence[0].source).toContain("Microsoft.ResourceHealth/events");
  });

  it("is High when Resource Health agrees", () => {
    const r = judge(
      "R01",
      fixture({
        serviceHealth: [issue()],
        resourceHealth: { availabilityState: "Unavailable", reasonType: "Unplanned" },
      }),
    );
    expect(r.confidence).toBe("High");
  });

  it("does not fire for another region, a resolved event, another service, or an event that starts after the window", () => {
    expect(judge("R01", fixture({ serviceHealth: [issue({ regions: ["North Europe"] })] })).fired).toBe(false);
    expect(judge("R01", fixture({ serviceHealth: [issue({ status: "Resolved" })] })).fired).toBe(false);
    expect(judge("R01", fixture({ serviceHealth: [issue({ services: ["Virtual Machines"] })] })).fired).toBe(false);
    expect(judge("R01", fixture({ serviceHealth: [issue({ start: T0 + 300 * 60_000 })] })).fired).toBe(false);
  });

  it("counts Resource Health only when not user-initiated or planned", () => {
    const rh = (reasonType: string) => fixture({ resourceHealth: { availabilityState: "Degraded", reasonType } });
    expect(judge("R01", rh("Unplanned")).fired).toBe(true);
    expect(judge("R01", rh("UserInitiated")).fired).toBe(false);
    expect(judge("R01", rh("Planned")).fired).toBe(false);
  });

  it("needs an incident (not evaluated on a quiet lookback without an explicit request)", () => {
    expect(judge("R01", fixture({ err: 0, serviceHealth: [issue()] })).fired).toBe(false);
  });
});

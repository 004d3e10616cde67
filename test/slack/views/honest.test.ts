// The lines that keep status and diagnose honest: ongoing vs ended, region events, set-aside causes, stopped.
import { describe, expect, it } from "vitest";
import type { IncidentWindow } from "../../../src/core/diagnosis.ts";
import type { Snapshot } from "../../../src/core/snapshot.ts";
import {
  incidentState,
  serviceHealthLines,
  setAsideLines,
  stoppedInfo,
  stoppedLine,
} from "../../../src/slack/views/honest.ts";

const NOW = Date.UTC(2026, 5, 2, 11, 0);
const MIN = 60_000;
const app = { region: "westeurope", location: "West Europe" } as Snapshot["app"];

describe("honest lines", () => {
  it("says an incident is ongoing, or ended how long ago with the rate since", () => {
    const w: IncidentWindow = {
      start: NOW - 120 * MIN,
      end: NOW - 70 * MIN,
      buckets: 10,
      total5xx: 100,
      totalRequests: 1000,
      peakErr5xx: 0.2,
      episodes: 1,
      ongoing: false,
      endedAgoMs: 70 * MIN,
      errAfter: 0.001,
    };
    expect(incidentState(w, NOW)).toBe("ended 1 h 10 min ago (09:00–09:50 UTC); 5xx back to 0.1%");
    expect(incidentState({ ...w, ongoing: true }, NOW)).toBe("ongoing since 09:00 UTC");
    expect(incidentState(undefined, NOW)).toBeUndefined();
  });

  it("shows active Service Health events of the app's region only, whatever the verdict", () => {
    const s: Partial<Snapshot> = {
      app,
      serviceHealth: [
        {
          id: "a",
          title: "Planned maintenance <b>",
          eventType: "PlannedMaintenance",
          status: "Active",
          regions: ["West Europe"],
          services: ["App Service"],
          start: NOW - 30 * MIN,
        },
        {
          id: "b",
          title: "Elsewhere",
          eventType: "ServiceIssue",
          status: "Active",
          regions: ["North Europe"],
          services: ["App Service"],
        },
        {
          id: "c",
          title: "Over",
          eventType: "ServiceIssue",
          status: "Resolved",
          regions: ["West Europe"],
          services: ["App Service"],
        },
      ],
    };
    expect(serviceHealthLines(s)).toEqual([
      "🛠 Planned maintenance in West Europe: Planned maintenance &lt;b&gt; (since 10:30 UTC)",
    ]);
  });

  it("names the explaining rule and the reason for a set-aside cause", () => {
    const lines = setAsideLines({
      setAside: [
        {
          id: "R09",
          title: "CPU saturation",
          confidence: "High",
          precedence: 6,
          evidence: [],
          by: "R18",
          reason: "another app uses the plan",
        },
      ],
    });
    expect(lines).toEqual(["Set aside: R09 CPU saturation — explained by R18: another app uses the plan"]);
  });

  it("says since when and by whom an app is stopped, from the Activity Log", () => {
    const site = { state: "Stopped", enabled: true } as Snapshot["site"];
    const stop = {
      at: NOW - 95 * MIN,
      operation: "Microsoft.Web/sites/stop/action",
      kind: "stop" as const,
      caller: "jane@contoso.com",
      source: "activityLog" as const,
    };
    const info = stoppedInfo({ site, changes: [stop] });
    expect(info).toEqual({ word: "stopped", since: stop.at, by: "jane@contoso.com" });
    expect(stoppedLine(info!, NOW)).toBe("⏹ stopped since 09:25 UTC (1 h 35 min) by jane@contoso.com");
    expect(stoppedInfo({ site: { ...site, state: "Running" }, changes: [] })).toBeUndefined();
  });
});

describe("evidence values", () => {
  it("shows a share as a percentage when the aggregation says it is one (R20's share of 500s)", async () => {
    const { evidenceLine } = await import("../../../src/slack/views/evidence.ts");
    const line = evidenceLine({
      metric: "ScStatus = 500",
      aggregation: "share of 5xx",
      window: { start: NOW - 60 * MIN, end: NOW },
      observed: 1,
      threshold: 0.8,
      comparison: ">=",
      source: "AppServiceHTTPLogs",
    });
    expect(line).toContain("*100%* ≥ 80%");
  });
});

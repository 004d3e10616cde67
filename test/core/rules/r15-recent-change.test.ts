import { describe, expect, it } from "vitest";
import type { ChangeEvent } from "../../../src/core/snapshot.ts";
import { T0 } from "../mothers.ts";
import { fixture, inIncident, judge } from "./fixture.ts";

const change = (minute: number, kind: ChangeEvent["kind"] = "deployment"): ChangeEvent => ({
  at: T0 + minute * 60_000,
  operation: kind === "deployment" ? "deployment 42" : `Microsoft.Web/sites/${kind}`,
  kind,
  source: kind === "deployment" ? "deployments" : "activityLog",
});

/** 64 requests per instance-minute; 2 5xx normally (1/32), `bad` during the incident. */
const withChange = (bad: number, changes: ChangeEvent[], to = 90) =>
  fixture({
    changes,
    metrics: { Requests: () => 64, Http5xx: (m) => (m >= 60 && m < to ? bad : 2) },
  });

describe("R15 recent change", () => {
  it("fires when err5xx reaches 3× its baseline (1/32 → 3/32; edges 5, 6, 7 of 64)", () => {
    expect(judge("R15", withChange(5, [change(45)])).fired).toBe(false);
    expect(judge("R15", withChange(6, [change(45)]))).toMatchObject({ fired: true, confidence: "Medium" });
    expect(judge("R15", withChange(7, [change(45)])).fired).toBe(true);
  });

  it("counts changes up to 30 min before the window (edges 29, 30, 31 min)", () => {
    expect(judge("R15", withChange(8, [change(31)])).fired).toBe(true);
    expect(judge("R15", withChange(8, [change(30)])).fired).toBe(true);
    expect(judge("R15", withChange(8, [change(29)])).fired).toBe(false);
    expect(judge("R15", withChange(8, [])).fired).toBe(false);
  });

  it("is High when the 5xx start within 5 min of the change", () => {
    expect(judge("R15", withChange(8, [change(58)])).confidence).toBe("High");
  });

  it("treats a restart followed by a short self-healing blip as no-action (Low)", () => {
    const r = judge("R15", withChange(8, [change(58, "restart")], 65));
    expect(r).toMatchObject({ fired: true, confidence: "Low", facts: { blipOnly: true } });
  });

  it("ignores scale events (R16's business)", () => {
    expect(judge("R15", withChange(8, [change(58, "scale")])).fired).toBe(false);
    expect(inIncident(60)).toBe(true);
  });
});

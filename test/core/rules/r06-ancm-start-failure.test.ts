import { describe, expect, it } from "vitest";
import { emptyLogs, T0 } from "../mothers.ts";
import { fixture, judge } from "./fixture.ts";

/** The judged window is minutes [45, 90): 9 buckets × 1000 requests = 9000. */
function withAncm(count: number, code: [number, string] = [502, "5"]) {
  const logs = emptyLogs();
  logs.http5xx.push({ t: T0 + 70 * 60_000, status: code[0], subStatus: code[1], count });
  return fixture({ logs, err: 0.5 });
}

describe("R06 ANCM start failure", () => {
  it("fires High when 502.5 covers half the requests (edges 4499 / 4500 / 4501 of 9000)", () => {
    expect(judge("R06", withAncm(4499)).fired).toBe(false);
    expect(judge("R06", withAncm(4500))).toMatchObject({ fired: true, confidence: "High", facts: { code: "502.5" } });
    expect(judge("R06", withAncm(4501)).fired).toBe(true);
  });

  it("matches 500.30 and 500.37 but not other sub-statuses", () => {
    expect(judge("R06", withAncm(6000, [500, "30"])).fired).toBe(true);
    expect(judge("R06", withAncm(6000, [500, "37"])).fired).toBe(true);
    expect(judge("R06", withAncm(6000, [502, "3"])).fired).toBe(false);
  });

  it("cannot fire without logs", () => {
    expect(judge("R06", fixture({ err: 1 })).fired).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { emptyLogs, T0 } from "../mothers.ts";
import { fixture, judge, step } from "./fixture.ts";

function logs(n500: number, n502: number) {
  const l = emptyLogs();
  l.http5xx.push({ t: T0 + 70 * 60_000, status: 500, subStatus: "0", count: n500 });
  l.http5xx.push({ t: T0 + 70 * 60_000, status: 502, subStatus: "3", count: n502 });
  return l;
}

describe("R20 application errors", () => {
  it("fires Low as the fallback when nothing else explains the incident", () => {
    expect(judge("R20", fixture())).toMatchObject({ fired: true, confidence: "Low" });
  });

  it("fires when ≥ 80 % of the logged 5xx are 500s, even beside another cause (edges 79 / 80 %)", () => {
    const hot = { CpuPercentage: step(95, 35) };
    expect(judge("R09", fixture({ metrics: hot, logs: logs(80, 20) })).fired).toBe(true);
    expect(judge("R20", fixture({ metrics: hot, logs: logs(79, 21) })).fired).toBe(false);
    expect(judge("R20", fixture({ metrics: hot, logs: logs(80, 20) }))).toMatchObject({
      fired: true,
      confidence: "Low",
    });
  });

  it("needs an incident", () => {
    expect(judge("R20", fixture({ err: 0 }), true).fired).toBe(false);
  });
});

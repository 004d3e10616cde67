import { describe, expect, it } from "vitest";
import { fixture, inIncident, judge } from "./fixture.ts";

/** 4 instances; instance 2 gets `req` requests and `bad` 5xx per minute, the others 100 and `other`. */
function four(bad: number, other: number, req = 100) {
  return fixture({
    capacity: 4,
    metrics: {
      Requests: (_m, i) => (i === 2 ? req : 100),
      Http5xx: (m, i) => (inIncident(m) ? (i === 2 ? bad : other) : 0),
    },
  });
}

describe("R13 single bad instance", () => {
  it("fires on err5xx(i) ≥ 5× the others' (edges 4.5× / 5× / 5.5×)", () => {
    expect(judge("R13", four(18, 4)).fired).toBe(false);
    expect(judge("R13", four(20, 4))).toMatchObject({ fired: true, confidence: "High", scope: { instance: "RD0003" } });
    expect(judge("R13", four(22, 4)).fired).toBe(true);
  });

  it("fires on instShare5xx ≥ 0.7 while its share of requests ≤ 1.5/N (edges 20/29, 21/30, 22/31)", () => {
    // 150 requests on the bad instance: err ratio stays under 5× so only the share rule decides.
    expect(judge("R13", four(20, 3, 150)).fired).toBe(false);
    expect(judge("R13", four(21, 3, 150)).fired).toBe(true);
    expect(judge("R13", four(22, 3, 150)).fired).toBe(true);
    // A larger share of the requests (200/500 = 0.4 > 0.375) explains the 5xx share.
    expect(judge("R13", four(21, 3, 200)).fired).toBe(false);
  });

  it("needs 2 instances and a per-instance split", () => {
    expect(judge("R13", fixture({ capacity: 1 })).fired).toBe(false);
    expect(judge("R13", fixture({ unsplit: ["Http5xx", "Requests"] })).fired).toBe(false);
  });
});

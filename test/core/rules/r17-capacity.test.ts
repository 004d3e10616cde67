import { describe, expect, it } from "vitest";
import type { Shape } from "../mothers.ts";
import { fixture, judge, step } from "./fixture.ts";

const spike = (req: number, cpu: Shape, queue = 1) =>
  fixture({
    metrics: {
      Requests: step(req, 100),
      Http5xx: step(Math.round(req / 10), 0),
      CpuPercentage: cpu,
      HttpQueueLength: step(queue, 1),
    },
  });
const allHot = (v: number) => step(v, 35);

describe("R17 capacity", () => {
  it("fires High on Requests ≥ 2× baseline with every instance ≥ 85 % CPU (edges 199 / 200 req, 84.9 / 85 %)", () => {
    expect(judge("R17", spike(199, allHot(95))).fired).toBe(false);
    expect(judge("R17", spike(200, allHot(95)))).toMatchObject({ fired: true, confidence: "High" });
    expect(judge("R17", spike(300, allHot(84.9))).fired).toBe(false);
    expect(judge("R17", spike(300, allHot(85))).fired).toBe(true);
  });

  it("needs every instance hot, or the HTTP queue above 100 (edges 100 / 100.5)", () => {
    const one = (m: number, i: number) => (i === 0 && m >= 60 && m < 90 ? 99 : 35);
    expect(judge("R17", spike(300, one)).fired).toBe(false);
    expect(judge("R17", spike(300, one, 100)).fired).toBe(false);
    expect(judge("R17", spike(300, one, 100.5)).fired).toBe(true);
  });

  it("hands the planner the figures of the scale-out formula", () => {
    const r = judge("R17", spike(300, allHot(97)));
    expect(r.facts).toMatchObject({ peakCpu: 97, baselineCpu: 35, loadRatio: 3 });
  });
});

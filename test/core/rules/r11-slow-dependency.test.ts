import { describe, expect, it } from "vitest";
import type { MotherOpts } from "../mothers.ts";
import { fixture, judge, step } from "./fixture.ts";

const slow = (metrics: MotherOpts["metrics"]) =>
  fixture({ metrics: { HttpResponseTime: step(6, 2), RequestsInApplicationQueue: step(20, 0), ...metrics } });

describe("R11 slow dependency", () => {
  it("fires Medium on HttpResponseTime > 5 s (edges 5 / 5.01 over a 2 s baseline)", () => {
    expect(judge("R11", slow({ HttpResponseTime: step(5, 2) })).fired).toBe(false);
    expect(judge("R11", slow({ HttpResponseTime: step(5.01, 2) }))).toMatchObject({
      fired: true,
      confidence: "Medium",
    });
  });

  it("fires on ≥ 3× the baseline latency (edges 0.74 / 0.75 over 0.25 s)", () => {
    expect(judge("R11", slow({ HttpResponseTime: step(0.74, 0.25) })).fired).toBe(false);
    expect(judge("R11", slow({ HttpResponseTime: step(0.75, 0.25) })).fired).toBe(true);
  });

  it("needs an idle CPU (< 60) and memory below 85", () => {
    expect(judge("R11", slow({ CpuPercentage: step(59.9, 35) })).fired).toBe(true);
    expect(judge("R11", slow({ CpuPercentage: step(60, 35) })).fired).toBe(false);
    expect(judge("R11", slow({ MemoryPercentage: step(84.9, 55) })).fired).toBe(true);
    expect(judge("R11", slow({ MemoryPercentage: step(85, 55) })).fired).toBe(false);
  });

  it("needs a queue: RequestsInApplicationQueue > 10, HttpQueueLength > 100 or Threads ≥ 2× baseline", () => {
    expect(judge("R11", slow({ RequestsInApplicationQueue: step(10, 0) })).fired).toBe(false);
    expect(judge("R11", slow({ RequestsInApplicationQueue: step(10.5, 0) })).fired).toBe(true);
    expect(judge("R11", slow({ RequestsInApplicationQueue: () => 0, HttpQueueLength: step(100, 1) })).fired).toBe(
      false,
    );
    expect(judge("R11", slow({ RequestsInApplicationQueue: () => 0, HttpQueueLength: step(101, 1) })).fired).toBe(true);
    expect(judge("R11", slow({ RequestsInApplicationQueue: () => 0, Threads: step(99, 50) })).fired).toBe(false);
    expect(judge("R11", slow({ RequestsInApplicationQueue: () => 0, Threads: step(100, 50) })).fired).toBe(true);
  });

  it("is one level lower when CPU is unknown (never zero)", () => {
    expect(judge("R11", slow({ CpuPercentage: null }))).toMatchObject({ fired: true, confidence: "Low" });
  });
});

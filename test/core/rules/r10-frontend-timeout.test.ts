import { describe, expect, it } from "vitest";
import type { LogsData } from "../../../src/core/snapshot.ts";
import { emptyLogs } from "../mothers.ts";
import { fixture, judge, step } from "./fixture.ts";

/** A small incident: 20 requests per instance-minute, 10 5xx in the bucket at minute 60 (5 %). */
const small = { Requests: () => 20, Http5xx: step(1, 0, 60, 65) };

function slow(paths: Array<[string, number]>, p50Ms = 229_500): LogsData {
  const l = emptyLogs();
  for (const [path, count] of paths) {
    l.slowFailures.push({ path, count, p50Ms, maxMs: p50Ms + 100 });
    l.failuresByPath.push({ path, count });
  }
  return l;
}

describe("R10 front-end timeout", () => {
  it("fires High with logs at ≥ 10 slow failures on ≤ 5 paths (edges 9 / 10 / 11)", () => {
    const at = (n: number) => judge("R10", fixture({ metrics: small, logs: slow([["/export", n]]) }));
    expect(at(9).fired).toBe(false);
    expect(at(10)).toMatchObject({ fired: true, confidence: "High", facts: { path: "/export" } });
    expect(at(11).fired).toBe(true);
  });

  it("needs concentration: 10 paths evenly is not concentrated, 6 paths with 5 carrying 80 % is", () => {
    const even = Array.from({ length: 10 }, (_, k) => [`/p${k}`, 2] as [string, number]);
    expect(judge("R10", fixture({ metrics: small, logs: slow(even) })).fired).toBe(false);
    const six: Array<[string, number]> = [
      ["/a", 4],
      ["/b", 4],
      ["/c", 4],
      ["/d", 2],
      ["/e", 2],
      ["/f", 4],
    ];
    expect(judge("R10", fixture({ metrics: small, logs: slow(six) })).fired).toBe(true);
  });

  it("uses 239 s on Linux (edges 238 999 / 239 000 ms)", () => {
    const linux = (p50: number) => fixture({ os: "linux", metrics: small, logs: slow([["/export", 20]], p50) });
    expect(judge("R10", linux(238_999)).fired).toBe(false);
    expect(judge("R10", linux(239_000)).fired).toBe(true);
  });

  it("without logs fires at Low on a 1-min maximum ≥ 200 s (edges 199.9 / 200 / 200.1)", () => {
    const max = (v: number) => judge("R10", fixture({ metrics: { HttpResponseTimeMax: step(v, 1) } }));
    expect(max(199.9).fired).toBe(false);
    expect(max(200)).toMatchObject({ fired: true, confidence: "Low" });
    expect(max(200.1).confidence).toBe("Low");
  });

  it("fires as a minor finding on the explicit lower bar without an incident", () => {
    const quiet = fixture({ err: 0, logs: slow([["/export", 12]]) });
    expect(judge("R10", quiet).fired).toBe(false);
    expect(judge("R10", quiet, true)).toMatchObject({ fired: true, minor: true });
  });
});

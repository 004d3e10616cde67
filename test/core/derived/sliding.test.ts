// Alignment-proof detection: a short burst is found whatever minute it starts at relative to the clock's
// 5-minute marks; its window is reported to the minute.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { detectMinutes, incidentAxis } from "../../../src/core/derived/sliding.ts";
import { diagnose } from "../../../src/core/diagnose.ts";
import { MIN, snapshot, T0 } from "../mothers.ts";

/** One instance, 100 requests a minute; `minutes` of 6 % errors starting at minute `at`. */
const burst = (at: number, minutes = 5, pct = 6) =>
  snapshot({
    noNoise: true,
    capacity: 1,
    r5: 500,
    metrics: {
      Requests: () => 100,
      Http5xx: (m) => (m >= at && m < at + minutes ? pct : 0),
    },
  });

describe("sliding 5-minute windows", () => {
  it("finds a 5-minute burst at 6 % at every phase (a fixed bucket grid sees two halves at ≈ 3 %)", () => {
    for (let at = 120; at < 125; at++) {
      const d = diagnose(burst(at));
      expect(d.verdict, `burst at minute ${at}`).toBe("incident");
      expect(d.incidentWindow?.start).toBe(T0 + at * MIN);
      expect(d.incidentWindow?.end).toBe(T0 + (at + 5) * MIN);
      expect(d.incidentWindow?.total5xx).toBe(30);
    }
  });

  it("keeps the reference floors: 9 errors in a 5-minute window, or 4.9 %, is no incident", () => {
    const low = snapshot({
      noNoise: true,
      capacity: 1,
      metrics: { Requests: () => 100, Http5xx: (m) => (m >= 120 && m < 123 ? 3 : 0) },
    });
    expect(diagnose(low).verdict).toBe("no-incident");
    const rate = snapshot({
      noNoise: true,
      capacity: 1,
      metrics: { Requests: () => 100, Http5xx: (m) => (m >= 100 && m < 150 ? 4.9 : 0) },
    });
    expect(diagnose(rate).verdict).toBe("no-incident");
  });

  it("looks at the most recent 14 days of a longer window", () => {
    const end = T0 + 180 * MIN;
    const mi = detectMinutes([], { start: end - 30 * 24 * 60 * MIN, end });
    expect(mi.axis.origin + mi.axis.nb * MIN).toBe(end);
    expect(mi.axis.nb).toBe(14 * 24 * 60);
  });

  it("phases the rules' buckets on the incident's first minute", () => {
    const s = burst(122);
    const mi = detectMinutes(s.metrics, s.window);
    const axis = incidentAxis(s.window, mi);
    expect((T0 + 122 * MIN - axis.origin) % axis.bucketMs).toBe(0);
    expect(axis.origin).toBeLessThanOrEqual(s.window.start);
  });

  it("says an incident that ended is over, how long ago, and the rate since", () => {
    const d = diagnose(burst(60, 20, 10), { now: T0 + 180 * MIN });
    expect(d.incidentWindow).toMatchObject({ ongoing: false, endedAgoMs: 100 * MIN, errAfter: 0 });
    expect(d.summary).toContain("ended 1 h 40 min ago; 5xx back to 0 %");
    const live = diagnose(burst(170, 10, 10));
    expect(live.incidentWindow?.ongoing).toBe(true);
    expect(live.summary).toContain("ongoing");
  });

  it("property: the verdict and window length do not depend on the burst's phase or the traffic level", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 30, max: 160 }),
        fc.integer({ min: 5, max: 15 }),
        fc.constantFrom(1, 10),
        (at, minutes, k) => {
          const s = snapshot({
            noNoise: true,
            capacity: 1,
            metrics: {
              Requests: () => 100 * k,
              Http5xx: (m) => (m >= at && m < at + minutes ? 7 * k : 0),
            },
          });
          const d = diagnose(s);
          expect(d.verdict).toBe("incident");
          expect(d.incidentWindow!.end - d.incidentWindow!.start).toBe(Math.min(minutes, 180 - at) * MIN);
        },
      ),
      { numRuns: 60 },
    );
  });
});

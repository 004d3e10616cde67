import { describe, expect, it } from "vitest";
import { T0 } from "../mothers.ts";
import { fixture, judge, step } from "./fixture.ts";

const NORMAL = 2.6e9;
/** MemoryWorkingSet on instance 0 drops to near zero at the given minutes. */
const drops = (minutes: number[]) => (m: number, i: number) => (i === 0 && minutes.includes(m) ? 1e6 : NORMAL);

describe("R07 crash loop", () => {
  it("fires Medium at 3 restarts in 60 min (edge: 2 vs 3)", () => {
    expect(judge("R07", fixture({ metrics: { MemoryWorkingSet: drops([62, 72]) } })).fired).toBe(false);
    expect(judge("R07", fixture({ metrics: { MemoryWorkingSet: drops([62, 72, 82]) } }))).toMatchObject({
      fired: true,
      confidence: "Medium",
    });
  });

  it("is High with a crash detector", () => {
    const s = fixture({
      metrics: { MemoryWorkingSet: drops([62, 72, 82]) },
      detectors: [{ id: "sitecrashes", status: "Critical", message: "StackOverflowException" }],
    });
    expect(judge("R07", s).confidence).toBe("High");
  });

  it("does not fire when a change explains the restarts or memory was exhausted (R08)", () => {
    const change = fixture({
      metrics: { MemoryWorkingSet: drops([62, 72, 82]) },
      changes: [
        {
          at: T0 + 61 * 60_000,
          operation: "Microsoft.Web/sites/restart/action",
          kind: "restart",
          source: "activityLog",
        },
      ],
    });
    expect(judge("R07", change).fired).toBe(false);
    const memory = fixture({ metrics: { MemoryWorkingSet: drops([62, 72, 82]), MemoryPercentage: step(95, 55) } });
    expect(judge("R08", memory).fired).toBe(true);
    expect(judge("R07", memory).fired).toBe(false);
  });
});

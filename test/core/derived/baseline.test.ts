import { describe, expect, it } from "vitest";
import { buildContext } from "../../../src/core/derived/context.ts";
import { fixture, step } from "../rules/fixture.ts";

const req = (ctx: ReturnType<typeof buildContext>) =>
  ctx.base.of("Requests", (b) => b.get("site", "Requests")?.all.val);

describe("baselines", () => {
  it("prefer the snapshot's history when present", () => {
    const ctx = buildContext(fixture({ baseline24h: true, metrics: { Requests: () => 300 } }));
    expect(req(ctx)).toEqual({ value: 1000, source: "snapshot" });
    expect(ctx.base.hasSnapshot).toBe(true);
  });

  it("otherwise take the median of the lookback's quiet buckets, skipping the incident and its 15 min lead-up", () => {
    // 1000 per bucket normally, 3000 in the lead-up (45–60) and the incident (60–90).
    const ctx = buildContext(fixture({ metrics: { Requests: step(300, 100, 45, 90), Http5xx: step(30, 0) } }));
    expect(req(ctx)).toEqual({ value: 1000, source: "lookback" });
    expect(ctx.base.quietBuckets).toBe(36 - 9);
  });

  it("are unknown when every bucket is in the incident and no history was read", () => {
    const ctx = buildContext(fixture({ metrics: { Http5xx: () => 20 } }));
    expect(req(ctx).source).toBe("none");
    expect(Number.isNaN(req(ctx).value)).toBe(true);
  });

  it("use every bucket when there is no incident", () => {
    const ctx = buildContext(fixture({ err: 0 }));
    expect(ctx.base.quietBuckets).toBe(36);
  });
});

import { describe, expect, it } from "vitest";
import { ReplayGuard } from "../../src/door/replay-guard.ts";

describe("ReplayGuard", () => {
  it("recognises a body seen inside the window, and forgets it after", () => {
    let now = 0;
    const g = new ReplayGuard({ now: () => now });
    const b = Buffer.from("trigger_id=1");
    expect(g.seenBefore(b)).toBe(false);
    expect(g.seenBefore(b)).toBe(true);
    expect(g.seenBefore(Buffer.from("trigger_id=2"))).toBe(false);
    now += 10 * 60_000 + 1;
    expect(g.seenBefore(b)).toBe(false);
  });

  it("stays bounded: the oldest entries go first", () => {
    const g = new ReplayGuard({ maxEntries: 100 });
    for (let i = 0; i < 1_000; i++) g.seenBefore(Buffer.from(`trigger_id=${i}`));
    expect(g.size).toBeLessThanOrEqual(101);
    expect(g.seenBefore(Buffer.from("trigger_id=999"))).toBe(true);
    expect(g.seenBefore(Buffer.from("trigger_id=0"))).toBe(false);
  });
});

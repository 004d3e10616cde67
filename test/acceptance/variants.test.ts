// The metamorphic transforms really transform: a variant that changed nothing would make the property vacuous.
import { describe, expect, it } from "vitest";
import { B5 } from "../../src/core/derived/bucketed.ts";
import { MIN, snapshot, T0 } from "../core/mothers.ts";
import { rename, scale, shift, slice, variants } from "./variants.ts";

const base = () => snapshot({ capacity: 2, metrics: { Http5xx: (m) => (m >= 122 && m < 127 ? 7 : 0) }, minutes: 184 });

describe("metamorphic variants", () => {
  it("shift moves every time by k minutes, so the data sits at another phase of the 5-minute marks", () => {
    const s = shift(base(), 3 * MIN);
    expect(s.window.start - base().window.start).toBe(3 * MIN);
    expect(s.metrics.every((g, i) => g.start === base().metrics[i].start + 3 * MIN)).toBe(true);
    expect((s.metrics[0].start % B5) / MIN).not.toBe((base().metrics[0].start % B5) / MIN);
  });

  it("slice cuts the grids to the window and reads as of its end", () => {
    const s = slice(base(), { start: T0 + 2 * MIN, end: T0 + 182 * MIN });
    const req = s.metrics.find((g) => g.name === "Requests")!;
    expect(req.start).toBe(T0 + 2 * MIN);
    expect(req.all).toHaveLength(180);
    expect(s.takenAt).toBe(T0 + 182 * MIN);
  });

  it("scale multiplies request and error counts only", () => {
    const s = scale(base(), 10);
    const get = (x: typeof s, name: string) => x.metrics.find((g) => g.name === name)!.all[123] as number;
    expect(get(s, "Http5xx")).toBe(10 * get(base(), "Http5xx"));
    expect(get(s, "Requests")).toBe(10 * get(base(), "Requests"));
    expect(get(s, "CpuPercentage")).toBe(get(base(), "CpuPercentage"));
  });

  it("rename gives every instance another name and reverses their order", () => {
    const s = rename(base());
    const before = Object.keys(base().metrics[0].perInstance);
    const after = Object.keys(s.metrics[0].perInstance);
    expect(after).toHaveLength(before.length);
    for (const n of after) expect(before).not.toContain(n);
    expect(s.instances.map((i) => i.name)).toEqual(after);
  });

  it("makes ten variants besides the base", () => {
    const end = T0 + 180 * MIN;
    const v = variants(base(), end, 180 * MIN);
    expect(v.others.map((x) => x.name)).toHaveLength(10);
    expect(v.base.snapshot.window).toEqual({ start: T0, end });
  });
});

// Packing grids into typed arrays and back keeps every value and every gap.
import { describe, expect, it } from "vitest";
import { buffersOf, PackedGrids, packGrid, unpackGrid } from "../../src/digests/grid-transfer.ts";
import { grid } from "../charts/fixtures.ts";

describe("grid transfer", () => {
  it("round-trips values, nulls, per-instance series and metadata", () => {
    const g = grid("CpuPercentage", "plan", "Average", 1_000, { RD0001: [1.5, null, 0, -2], RD0002: [] }, [null, 3]);
    const packed = packGrid(g);
    expect(packed.all).toBeInstanceOf(Float64Array);
    expect(Number.isNaN(packed.all[0])).toBe(true);
    expect(unpackGrid(packed)).toEqual(g);
  });

  it("lists one transferable buffer per series", () => {
    const g = grid("Requests", "site", "Total", 0, { a: [1], b: [2] }, [3]);
    const bufs = buffersOf([packGrid(g)]);
    expect(bufs).toHaveLength(3);
    expect(new Set(bufs).size).toBe(3);
  });

  it("keeps a reply packed and unpacks one resource's grids on get", () => {
    const a = grid("Requests", "site", "Total", 0, {}, [1, null, 3]);
    const b = grid("Http5xx", "site", "Total", 0, {}, [null, 2]);
    const packed = new PackedGrids([
      ["app-a", [packGrid(a), packGrid(b)]],
      ["app-b", [packGrid(b)]],
    ]);
    expect(packed.size).toBe(2);
    expect(packed.get("app-a")).toEqual([a, b]);
    expect(packed.get("nope")).toBeUndefined();
    expect(packed.delete("app-a")).toBe(true);
    expect(packed.get("app-a")).toBeUndefined();
    expect(packed.size).toBe(1);
  });
});

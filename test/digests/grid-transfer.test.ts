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

  it("keeps a reply packed and unpacks one app's grids on get: its site's, then its plan's", () => {
    const a = grid("Requests", "site", "Total", 0, {}, [1, null, 3]);
    const b = grid("Http5xx", "site", "Total", 0, {}, [null, 2]);
    const cpu = grid("CpuPercentage", "plan", "Average", 0, { RD1: [50, null] }, [50, null]);
    const apps = [
      { id: "/S/App-A", planId: "/S/Plan-1" },
      { id: "/S/App-B", planId: "/S/Plan-1" },
      { id: "/S/App-C", planId: "/S/Plan-2" },
      { id: "/S/App-D", planId: "/S/Plan-3" },
    ];
    // Keys as the worker sends them: lower-cased resource IDs; the plan once for both its apps.
    const packed = new PackedGrids(
      apps,
      [
        ["/s/app-a", [packGrid(a), packGrid(b)]],
        ["/s/app-b", [packGrid(b)]],
      ],
      [
        ["/s/plan-1", [packGrid(cpu)]],
        ["/s/plan-2", [packGrid(cpu)]],
      ],
    );
    expect(packed.size).toBe(3); // App-D: neither its site nor its plan was read
    expect(packed.get("/S/App-A")).toEqual([a, b, cpu]);
    expect(packed.get("/S/App-C")).toEqual([cpu]);
    expect(packed.get("/S/App-D")).toBeUndefined();
    expect(packed.delete("/S/App-A")).toBe(true);
    expect(packed.get("/S/App-A")).toBeUndefined();
    // The plan stays for the other app on it, and goes with it.
    expect(packed.get("/S/App-B")).toEqual([b, cpu]);
    expect(packed.delete("/S/App-B")).toBe(true);
    expect(packed.delete("/S/App-B")).toBe(false);
    expect(packed.size).toBe(1);
  });
});

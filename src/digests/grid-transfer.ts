// MetricGrids as transferable typed arrays (NaN = no value) and back: a digest's grids hold millions of
// points, and cloning plain arrays of them would cost the receiving event loop ~100 ms or more at once.
import type { MetricGrid } from "../core/snapshot.ts";

export interface PackedGrid extends Omit<MetricGrid, "all" | "perInstance"> {
  all: Float64Array;
  perInstance: Array<[string, Float64Array]>;
}

function pack(values: (number | null)[]): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v === null ? Number.NaN : v;
  }
  return out;
}

function unpack(values: Float64Array): (number | null)[] {
  const out: (number | null)[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = Number.isNaN(v) ? null : v;
  }
  return out;
}

export function packGrid(g: MetricGrid): PackedGrid {
  return { ...g, all: pack(g.all), perInstance: Object.entries(g.perInstance).map(([k, v]) => [k, pack(v)]) };
}

export function unpackGrid(g: PackedGrid): MetricGrid {
  return {
    ...g,
    all: unpack(g.all),
    perInstance: Object.fromEntries(g.perInstance.map(([k, v]) => [k, unpack(v)])),
  };
}

/** The buffers to transfer with a message. */
export function buffersOf(grids: Iterable<PackedGrid>): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const g of grids) {
    out.push(g.all.buffer as ArrayBuffer);
    for (const [, v] of g.perInstance) out.push(v.buffer as ArrayBuffer);
  }
  return out;
}

/** Grids by resource ID, read one resource at a time (a Map fits). */
export interface GridsById {
  readonly size: number;
  get(id: string): MetricGrid[] | undefined;
  delete(id: string): boolean;
}

/**
 * A worker's reply kept packed (8 bytes a point) and unpacked one resource at a time on `get`: unpacking a
 * 500-app digest at once held ~100 MB of arrays on the main thread (docs/memory.md).
 */
export class PackedGrids implements GridsById {
  readonly #packed: Map<string, PackedGrid[]>;
  constructor(entries: Iterable<[string, PackedGrid[]]>) {
    this.#packed = new Map(entries);
  }
  get size(): number {
    return this.#packed.size;
  }
  get(id: string): MetricGrid[] | undefined {
    return this.#packed.get(id)?.map(unpackGrid);
  }
  delete(id: string): boolean {
    return this.#packed.delete(id);
  }
}

// MetricGrids as transferable typed arrays (NaN = no value) and back: a digest's grids hold millions of
// points, and cloning plain arrays of them would cost the receiving event loop ~100 ms or more at once.
import type { AppRef, MetricGrid } from "../core/snapshot.ts";

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
 * A worker's reply kept packed (8 bytes a point) and unpacked one app at a time on `get`: the app's site
 * grids, then its plan's, as Fleet.fleetMetrics gives them. Unpacking a 500-app digest at once held ~100 MB
 * of arrays on the main thread (docs/memory.md). A plan's grids go once the last app on it is deleted.
 */
export class PackedGrids implements GridsById {
  readonly #site: Map<string, PackedGrid[]>;
  readonly #plan: Map<string, PackedGrid[]>;
  /** Apps with any grids, by id → their plan's key; and how many of them each plan still serves. */
  readonly #apps = new Map<string, string>();
  readonly #planUsers = new Map<string, number>();

  constructor(
    apps: Array<Pick<AppRef, "id" | "planId">>,
    site: Iterable<[string, PackedGrid[]]>,
    plan: Iterable<[string, PackedGrid[]]> = [],
  ) {
    this.#site = new Map(site);
    this.#plan = new Map(plan);
    for (const app of apps) {
      const planKey = app.planId.toLowerCase();
      if (!this.#site.has(app.id.toLowerCase()) && !this.#plan.has(planKey)) continue;
      this.#apps.set(app.id, planKey);
      this.#planUsers.set(planKey, (this.#planUsers.get(planKey) ?? 0) + 1);
    }
  }
  get size(): number {
    return this.#apps.size;
  }
  get(id: string): MetricGrid[] | undefined {
    const planKey = this.#apps.get(id);
    if (planKey === undefined) return undefined;
    return [...(this.#site.get(id.toLowerCase()) ?? []), ...(this.#plan.get(planKey) ?? [])].map(unpackGrid);
  }
  delete(id: string): boolean {
    const planKey = this.#apps.get(id);
    if (planKey === undefined) return false;
    this.#apps.delete(id);
    this.#site.delete(id.toLowerCase());
    const users = (this.#planUsers.get(planKey) ?? 1) - 1;
    if (users > 0) this.#planUsers.set(planKey, users);
    else {
      this.#planUsers.delete(planKey);
      this.#plan.delete(planKey);
    }
    return true;
  }
}

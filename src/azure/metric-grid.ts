// Azure metric responses → MetricGrid on a regular time axis. Pure. Both metric APIs (ARM
// metrics.list and the batch data plane) return the same structure apart from how names are
// wrapped, so one structural converter serves both. Empty buckets stay null (unknown), never 0.
import type { MetricSpec } from "../core/fleet.ts";
import type { Aggregation, MetricGrid, MetricScope, Window } from "../core/snapshot.ts";

type Named = string | { value?: string } | undefined;

/** The shape both SDKs deserialize a metric into. */
export interface WireMetric {
  /** ".../providers/Microsoft.Insights/metrics/Http5xx": the only place the batch SDK keeps the REST name. */
  id?: string;
  /** arm-monitor keeps `{ value, localizedValue }`; the batch SDK flattens it to the *localized* text. */
  name: Named;
  unit?: string;
  timeseries?: Array<{
    metadatavalues?: Array<{ name?: Named; value?: string }>;
    data?: Array<{
      timeStamp: Date | string;
      total?: number;
      average?: number;
      maximum?: number;
      minimum?: number;
      count?: number;
    }>;
  }>;
}

const FIELD: Record<Aggregation, "total" | "average" | "maximum" | "minimum" | "count"> = {
  Total: "total",
  Average: "average",
  Maximum: "maximum",
  Minimum: "minimum",
  Count: "count",
};

const nameOf = (n: Named): string => (typeof n === "string" ? n : (n?.value ?? ""));

/** The REST metric name: from the id's last segment when present (batch), else the name's value. */
export function restName(m: WireMetric): string {
  const fromId = m.id ? /\/metrics\/([^/]+)$/i.exec(m.id)?.[1] : undefined;
  return fromId ? decodeURIComponent(fromId) : nameOf(m.name);
}

/** "PT1M" → 60000, "PT5M", "PT1H", "P1D". */
export function isoDurationMs(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(iso);
  if (!m) throw new Error(`unsupported ISO 8601 duration: ${iso}`);
  const [, d, h, min, s] = m.map((x) => Number(x ?? 0));
  return (((d * 24 + h) * 60 + min) * 60 + s) * 1000;
}

/** The regular axis a window covers at a grain: first bucket start and bucket count. */
export function axis(window: Window, grainMs: number): { start: number; length: number } {
  const start = Math.floor(window.start / grainMs) * grainMs;
  return { start, length: Math.max(0, Math.ceil((window.end - start) / grainMs)) };
}

export interface GridRequest {
  specs: MetricSpec[];
  scope: MetricScope;
  window: Window;
  grainMs: number;
  source: string;
}

/** One grid per (spec, aggregation), in spec order; metrics Azure did not return become all-null grids. */
export function toGrids(metrics: WireMetric[], req: GridRequest): MetricGrid[] {
  const { start, length } = axis(req.window, req.grainMs);
  const byName = new Map(metrics.map((m) => [restName(m).toLowerCase(), m]));
  const grids: MetricGrid[] = [];
  for (const spec of req.specs) {
    const wire = byName.get(spec.name.toLowerCase());
    for (const aggregation of spec.aggregations) {
      const perInstance: Record<string, (number | null)[]> = {};
      let whole: (number | null)[] | undefined;
      for (const ts of wire?.timeseries ?? []) {
        const instance = ts.metadatavalues?.find((v) => nameOf(v.name).toLowerCase() === "instance")?.value;
        const series: (number | null)[] = new Array(length).fill(null);
        for (const p of ts.data ?? []) {
          const i = Math.round((new Date(p.timeStamp).getTime() - start) / req.grainMs);
          const v = p[FIELD[aggregation]];
          if (i >= 0 && i < length && typeof v === "number" && Number.isFinite(v)) series[i] = v;
        }
        if (instance === undefined) whole = series;
        else perInstance[instance] = series;
      }
      grids.push({
        name: wire ? restName(wire) || spec.name : spec.name,
        scope: req.scope,
        aggregation,
        start,
        grainMs: req.grainMs,
        all: whole ?? combine(Object.values(perInstance), aggregation, length),
        perInstance,
        unit: wire?.unit,
        source: req.source,
      });
    }
  }
  return grids;
}

/** Whole-resource series from per-instance series: Σ for Total/Count, mean for Average, max/min. */
export function combine(series: (number | null)[][], aggregation: Aggregation, length: number): (number | null)[] {
  const out: (number | null)[] = new Array(length).fill(null);
  for (let i = 0; i < length; i++) {
    const vals = series.map((s) => s[i]).filter((v): v is number => v !== null);
    if (vals.length === 0) continue;
    if (aggregation === "Total" || aggregation === "Count") out[i] = vals.reduce((a, b) => a + b, 0);
    else if (aggregation === "Average") out[i] = vals.reduce((a, b) => a + b, 0) / vals.length;
    else if (aggregation === "Maximum") out[i] = Math.max(...vals);
    else out[i] = Math.min(...vals);
  }
  return out;
}

/** Comma-joined aggregations the specs need ("Total,Average,Maximum"). */
export function aggregationsOf(specs: MetricSpec[]): string {
  return [...new Set(specs.flatMap((s) => s.aggregations))].join(",");
}

// Azure Monitor metric wire shapes (GetMetric.json, MetricBatchExample.json, metricDefinitions) and the parsing
// of the parameters both metric APIs share, with the 400s Azure answers.

import type { Series } from "../metrics-engine.ts";
import { badRequest } from "./errors.ts";
import {
  type Aggregation,
  ALL_GRAINS,
  findMetric,
  type MetricDef,
  NAMESPACES,
  parseAggregations,
  primaryAggregation,
} from "./metric-catalog.ts";
import { parseDuration } from "./time.ts";

export interface MetricParams {
  defs: MetricDef[];
  aggs: Aggregation[][];
  grain: string;
  grainMs: number;
  split: "none" | "all" | string[];
}

/** `Instance eq '*'` → all; `Instance eq 'a' or Instance eq 'b'` → those; empty → none. */
export function parseInstanceFilter(filter: string | undefined): MetricParams["split"] {
  if (filter === undefined || filter.trim() === "") return "none";
  const names: string[] = [];
  for (const clause of filter.split(/\s+or\s+/i)) {
    const m = /^\s*\(?\s*([A-Za-z]+)\s+eq\s+'([^']*)'\s*\)?\s*$/i.exec(clause);
    if (!m) throw badRequest(`Invalid filter: '${filter}'. Only filters of the form "Instance eq '*'" are supported.`);
    if (m[1].toLowerCase() !== "instance")
      throw badRequest(`Metric dimension '${m[1]}' is not valid. Valid dimensions: Instance.`);
    if (m[2] === "*") return "all";
    names.push(m[2]);
  }
  return names;
}

export function parseMetricParams(
  namespace: string,
  q: { metricnames?: string; aggregation?: string; interval?: string; filter?: string },
): MetricParams {
  const [provider, ...type] = namespace.split("/");
  const catalog = NAMESPACES[namespace.toLowerCase()];
  const names = (q.metricnames ?? "")
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n !== "");
  const defs = (names.length > 0 ? names : [catalog[0].name]).map((n) => {
    const d = findMetric(namespace, n);
    if (!d) {
      throw badRequest(
        `Failed to find metric configuration for provider: ${provider}, resource Type: ${type.join("/")}, metric: ${n}, Valid metrics: ${catalog.map((c) => c.name).join(",")}`,
      );
    }
    return d;
  });
  const grain = (q.interval ?? "PT1M").toUpperCase();
  const grainMs = parseDuration(grain);
  if (!ALL_GRAINS.includes(grain) || grainMs === undefined) {
    throw badRequest(`Invalid time grain '${q.interval}'. Supported time grains: ${ALL_GRAINS.join(", ")}.`);
  }
  for (const d of defs) {
    if (!d.grains.includes(grain)) {
      throw badRequest(
        `Metric: ${d.name} does not support requested time grain: ${grain}. Supported time grains: ${d.grains.join(", ")}.`,
      );
    }
  }
  const requested = parseAggregations(q.aggregation);
  if (requested?.some((a) => a === undefined)) {
    throw badRequest(
      `Invalid aggregation '${q.aggregation}'. Supported aggregations: Average, Count, Maximum, Minimum, Total.`,
    );
  }
  const aggs = defs.map((d) => (requested ? [...new Set(requested as Aggregation[])] : [primaryAggregation(d)]));
  const split = parseInstanceFilter(q.filter);
  if (split !== "none") {
    const noDim = defs.find((d) => d.dimensions.length === 0);
    if (noDim) throw badRequest(`Metric: ${noDim.name} does not support dimension 'Instance'.`);
  }
  return { defs, aggs, grain, grainMs, split };
}

/** One `value[]` entry: id, type, name, displayDescription, unit, timeseries, errorCode. */
export function metricEntry(resourceId: string, def: MetricDef, series: Series[]): Record<string, unknown> {
  return {
    id: `${resourceId}/providers/Microsoft.Insights/metrics/${def.name}`,
    type: "Microsoft.Insights/metrics",
    name: { value: def.name, localizedValue: def.display },
    displayDescription: def.description,
    unit: def.unit,
    timeseries: series.map((s) => ({
      metadatavalues:
        s.instance === undefined
          ? []
          : [{ name: { value: "instance", localizedValue: "instance" }, value: s.instance }],
      data: s.data,
    })),
    errorCode: "Success",
  };
}

export function definitionEntry(resourceId: string, namespace: string, def: MetricDef): Record<string, unknown> {
  return {
    id: `${resourceId}/providers/microsoft.insights/metricdefinitions/${def.name}`,
    resourceId,
    namespace,
    name: { value: def.name, localizedValue: def.display },
    displayDescription: def.description,
    category: def.unit === "Count" && def.primary === "Total" ? "Traffic" : "Saturation",
    metricClass: def.name.startsWith("Http") ? "Errors" : "Saturation",
    isDimensionRequired: false,
    unit: def.unit,
    primaryAggregationType: def.primary,
    supportedAggregationTypes: ["None", "Average", "Minimum", "Maximum", "Total", "Count"],
    metricAvailabilities: def.grains.map((g) => ({ timeGrain: g, retention: "P93D" })),
    dimensions: def.dimensions.map((d) => ({ value: d, localizedValue: d })),
  };
}

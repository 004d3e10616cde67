// App Service diagnostics detectors (Diagnostics_GetSiteDetectorResponse.json shape): one "runtimeavailability"
// detector whose table is built from the same metrics the Monitor routes serve. Rows are strings, as on the wire.

import { type Ctx, ok, type Reply } from "../http.ts";
import { computeMetrics } from "../metrics-engine.ts";
import { badRequest, HttpError } from "../wire/errors.ts";
import { findMetric, type MetricDef } from "../wire/metric-catalog.ts";
import { parseDuration, parseIsoInstant } from "../wire/time.ts";
import { siteId } from "../world.ts";
import { siteParam } from "./common.ts";

const DETECTOR = "runtimeavailability";
const DAY = 86_400_000;
const COUNTS = ["Http5xx", "Http2xx", "Http4xx", "Requests"];

function metadata(ctx: Ctx) {
  const { site } = siteParam(ctx);
  return {
    id: `${siteId(site)}/detectors/${DETECTOR}`,
    name: DETECTOR,
    type: site.slot ? "Microsoft.Web/sites/slots/detectors" : "Microsoft.Web/sites/detectors",
    meta: {
      id: DETECTOR,
      name: "Web App Down",
      description: "Availability and request failures of the app, from platform telemetry.",
      author: "",
      category: "Availability and Performance",
      type: "Detector",
      score: 0,
    },
  };
}

export function listDetectors(ctx: Ctx): Reply {
  const m = metadata(ctx);
  return ok({ value: [{ id: m.id, name: m.name, type: m.type, properties: { metadata: m.meta, dataset: [] } }] });
}

export function getDetector(ctx: Ctx): Reply {
  const { site, plan } = siteParam(ctx);
  if (ctx.params.detector.toLowerCase() !== DETECTOR) {
    throw new HttpError(404, "NotFound", `Detector '${ctx.params.detector}' was not found for site '${site.name}'.`);
  }
  const to = parseIsoInstant(ctx.query.endTime) ?? ctx.now;
  const from = parseIsoInstant(ctx.query.startTime) ?? to - DAY;
  const grain = ctx.query.timeGrain ?? "PT5M";
  const grainMs = parseDuration(grain);
  if (grainMs === undefined || grainMs < 5 * 60_000)
    throw badRequest(`Invalid timeGrain '${grain}'. The minimum is PT5M.`);
  if (!(to > from)) throw badRequest("startTime must be before endTime.");
  const namespace = site.slot ? "Microsoft.Web/sites/slots" : "Microsoft.Web/sites";
  const defs = COUNTS.map((n) => findMetric(namespace, n) as MetricDef);
  const target = { kind: "site" as const, id: siteId(site), site, plan, namespace, location: site.location };
  const series = computeMetrics(
    ctx.state.fleet,
    ctx.state.sampler,
    { target, from, to, grainMs, now: ctx.now, split: "none" },
    defs,
    defs.map(() => ["total"]),
  );
  const rows = series[0][0].data.map((p, i) => [p.timeStamp, ...series.map((s) => String(s[0].data[i].total ?? 0))]);
  const failed = series[0][0].data.reduce((n, p) => n + (p.total ?? 0), 0);
  const total = series[3][0].data.reduce((n, p) => n + (p.total ?? 0), 0);
  const rate = total > 0 ? failed / total : 0;
  const m = metadata(ctx);
  return ok({
    id: m.id,
    name: m.name,
    type: m.type,
    properties: {
      metadata: m.meta,
      dataset: [
        {
          table: {
            tableName: "Table_0",
            columns: [
              { columnName: "PreciseTimeStamp", dataType: "DateTime", columnType: "datetime" },
              ...COUNTS.map((c) => ({ columnName: `count_${c}`, dataType: "Int64", columnType: "long" })),
            ],
            rows,
          },
          renderingProperties: { type: "TimeSeries", title: "Requests by Status Code", description: "" },
        },
      ],
      status: {
        message:
          total === 0
            ? "No requests in the selected time range."
            : `${(rate * 100).toFixed(2)}% of requests failed with 5xx.`,
        statusId: rate > 0.05 ? "Critical" : rate > 0.01 ? "Warning" : "Success",
      },
      dataProvidersMetadata: [],
      suggestedUtterances: null,
    },
  });
}

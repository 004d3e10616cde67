// Azure Monitor metrics: ARM `GET {resource}/providers/Microsoft.Insights/metrics` and metricDefinitions, and the
// data-plane batch `POST /{region}/subscriptions/{sub}/metrics:getBatch` with its real constraints.

import { type Ctx, ok, type Reply } from "../http.ts";
import { computeMetrics, type Series } from "../metrics-engine.ts";
import { badRequest, HttpError } from "../wire/errors.ts";
import { type Aggregation, NAMESPACES } from "../wire/metric-catalog.ts";
import { definitionEntry, metricEntry, parseMetricParams } from "../wire/metrics.ts";
import { isoSeconds, parseIsoInstant, parseTimespan } from "../wire/time.ts";
import { type Resolved, regionName, resolveResource, same } from "../world.ts";

const HOUR = 3_600_000;
export const MAX_BATCH_IDS = 50;
/** Azure returns at most 10 dimension series unless `top` says otherwise. */
const DEFAULT_TOP = 10;

/** The `top` series by an aggregation (default: the first requested, descending), as `orderby` says. */
function topSeries(series: Series[], first: Aggregation, top: number, orderby: string | undefined): Series[] {
  const m = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(orderby ?? "");
  const agg = (m?.[1].toLowerCase() ?? first) as Aggregation;
  const sign = m?.[2]?.toLowerCase() === "asc" ? 1 : -1;
  const score = (s: Series): number => s.data.reduce((n, p) => n + (p[agg] ?? 0), 0);
  return series
    .map((s, i) => ({ s, i, v: score(s) }))
    .sort((a, b) => sign * (a.v - b.v) || a.i - b.i)
    .slice(0, top)
    .map((x) => x.s);
}

function checkNamespace(target: Resolved, requested: string | undefined): void {
  if (requested !== undefined && requested !== "" && !same(requested, target.namespace)) {
    throw badRequest(
      `Metric namespace '${requested}' is not valid for resource type '${target.namespace}'. Valid namespaces: ${target.namespace}.`,
    );
  }
}

function run(ctx: Ctx, target: Resolved, from: number, to: number, q: Record<string, string | undefined>) {
  const params = parseMetricParams(target.namespace, q);
  const series = computeMetrics(
    ctx.state.fleet,
    ctx.state.sampler,
    { target, from, to, grainMs: params.grainMs, now: ctx.now, split: params.split },
    params.defs,
    params.aggs,
  );
  const top = q.top === undefined ? DEFAULT_TOP : Number.parseInt(q.top, 10);
  if (!Number.isInteger(top) || top < 1) throw badRequest(`Invalid top '${q.top}'. It must be a positive integer.`);
  const limited =
    params.split === "none" ? series : series.map((s, j) => topSeries(s, params.aggs[j][0], top, q.orderby));
  const value = params.defs.map((d, j) => metricEntry(target.id, d, limited[j]));
  const points = limited.reduce((n, s) => n + s.reduce((m, x) => m + x.data.length, 0), 0);
  return { params, value, points };
}

export function listMetrics(ctx: Ctx): Reply {
  const target = resolveResource(ctx.state.fleet, ctx.params.resource);
  checkNamespace(target, ctx.query.metricnamespace);
  const ts =
    ctx.query.timespan === undefined
      ? { from: ctx.now - HOUR, to: ctx.now }
      : parseTimespan(ctx.query.timespan, ctx.now);
  if (!ts)
    throw badRequest(
      `Invalid timespan '${ctx.query.timespan}'. The timespan must be 'start/end' in ISO 8601 or an ISO 8601 duration.`,
    );
  const { params, value, points } = run(ctx, target, ts.from, ts.to, {
    metricnames: ctx.query.metricnames,
    aggregation: ctx.query.aggregation,
    interval: ctx.query.interval,
    filter: ctx.query.$filter,
    top: ctx.query.top,
    orderby: ctx.query.orderby,
  });
  return ok({
    cost: points,
    timespan: `${isoSeconds(ts.from)}/${isoSeconds(ts.to)}`,
    interval: params.grain,
    value,
    namespace: target.namespace.toLowerCase(),
    resourceregion: regionName(target.location),
  });
}

export function listMetricDefinitions(ctx: Ctx): Reply {
  const target = resolveResource(ctx.state.fleet, ctx.params.resource);
  checkNamespace(target, ctx.query.metricnamespace);
  const defs = NAMESPACES[target.namespace.toLowerCase()];
  return ok({ value: defs.map((d) => definitionEntry(target.id, target.namespace, d)) });
}

function resourceType(id: string): string {
  const p = id.split("/").filter((x) => x !== "");
  const types = p.slice(5).filter((_, i) => i === 0 || i % 2 === 1);
  return types.join("/").toLowerCase();
}

function subscriptionOf(id: string): string | undefined {
  const p = id.split("/").filter((x) => x !== "");
  return p[0]?.toLowerCase() === "subscriptions" ? p[1] : undefined;
}

export function batchMetrics(ctx: Ctx): Reply {
  const body = ctx.body as { resourceids?: unknown } | undefined;
  const ids = body?.resourceids;
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((x) => typeof x !== "string")) {
    throw badRequest('The request body must be {"resourceids": ["<resource id>", …]} with at least one resource ID.');
  }
  const resourceIds = ids as string[];
  if (resourceIds.length > MAX_BATCH_IDS) {
    throw badRequest(
      `The number of resource IDs (${resourceIds.length}) exceeds the maximum of ${MAX_BATCH_IDS} per request.`,
    );
  }
  const sub = ctx.params.sub;
  const foreign = resourceIds.find((id) => !same(subscriptionOf(id), sub));
  if (foreign)
    throw badRequest(`All resource IDs must belong to subscription '${sub}' of the request: '${foreign}' does not.`);
  const types = new Set(resourceIds.map(resourceType));
  if (types.size > 1)
    throw badRequest(`All resource IDs must be of the same resource type; got ${[...types].join(", ")}.`);
  const namespace = ctx.query.metricnamespace;
  if (!namespace) throw badRequest("The 'metricnamespace' query parameter is required.");
  if (!NAMESPACES[namespace.toLowerCase()]) throw badRequest(`Metric namespace '${namespace}' is not supported.`);

  const to = parseIsoInstant(ctx.query.endtime) ?? ctx.now;
  const from = parseIsoInstant(ctx.query.starttime) ?? to - HOUR;
  if (ctx.query.starttime !== undefined && parseIsoInstant(ctx.query.starttime) === undefined)
    throw badRequest(`Invalid starttime '${ctx.query.starttime}'.`);
  if (ctx.query.endtime !== undefined && parseIsoInstant(ctx.query.endtime) === undefined)
    throw badRequest(`Invalid endtime '${ctx.query.endtime}'.`);
  if (!(to > from)) throw badRequest("The starttime must be before the endtime.");

  const region = ctx.params.region;
  const values = resourceIds.map((id) => {
    let target: Resolved;
    try {
      target = resolveResource(ctx.state.fleet, id);
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return notFoundEntry(id, namespace, from, to, ctx.query);
      throw e;
    }
    checkNamespace(target, namespace);
    if (region !== undefined && regionName(target.location) !== region.toLowerCase()) {
      throw badRequest(
        `Resource '${id}' is in region '${regionName(target.location)}', but the request was sent to the '${region}' endpoint. All resources of a batch must be in the endpoint's region.`,
      );
    }
    const { params, value } = run(ctx, target, from, to, {
      metricnames: ctx.query.metricnames,
      aggregation: ctx.query.aggregation,
      interval: ctx.query.interval,
      filter: ctx.query.filter,
      top: ctx.query.top,
      orderby: ctx.query.orderby,
    });
    return {
      starttime: isoSeconds(from),
      endtime: isoSeconds(to),
      interval: params.grain,
      namespace: target.namespace.toLowerCase(),
      resourceregion: regionName(target.location),
      resourceid: target.id,
      value,
    };
  });
  return ok({ values });
}

/** A deleted resource does not fail the whole batch: its metrics carry an error code instead. */
function notFoundEntry(id: string, namespace: string, from: number, to: number, q: Record<string, string>) {
  const names = (q.metricnames ?? "").split(",").filter((n) => n.trim() !== "");
  return {
    starttime: isoSeconds(from),
    endtime: isoSeconds(to),
    interval: (q.interval ?? "PT1M").toUpperCase(),
    namespace: namespace.toLowerCase(),
    resourceregion: "",
    resourceid: id,
    value: names.map((n) => ({
      id: `${id}/providers/Microsoft.Insights/metrics/${n}`,
      type: "Microsoft.Insights/metrics",
      name: { value: n, localizedValue: n },
      displayDescription: "",
      unit: "Unspecified",
      timeseries: [],
      errorCode: "ResourceNotFound",
      errorMessage: `The resource '${id}' was not found.`,
    })),
  };
}

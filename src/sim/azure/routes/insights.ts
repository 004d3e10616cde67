// Microsoft.Insights at subscription scope: the Activity Log (eventtypes/management/values with its $filter).
// Autoscale settings are in autoscale.ts.

import { type Ctx, ok, type Reply } from "../http.ts";
import { SIM_IDENTITY } from "../identity.ts";
import { activityOps, eventData } from "../wire/activity.ts";
import { badRequest } from "../wire/errors.ts";
import { parseIsoInstant } from "../wire/time.ts";
import { checkSubscription, same } from "../world.ts";
import { page } from "./common.ts";

interface ActivityFilter {
  from: number;
  to: number;
  resourceUri?: string;
  resourceGroup?: string;
  correlationId?: string;
  resourceProvider?: string;
}

/** Parses `eventTimestamp ge '…' and eventTimestamp le '…' and resourceUri eq '…'` (and a few siblings). */
export function parseActivityFilter(filter: string | undefined, now: number): ActivityFilter {
  if (!filter) throw badRequest("The $filter query parameter is required and must contain 'eventTimestamp ge'.");
  const out: Partial<ActivityFilter> = {};
  for (const clause of filter.trim().split(/\s+and\s+/i)) {
    const m = /^\s*(\w+)\s+(eq|ge|le|gt|lt)\s+'([^']*)'\s*$/i.exec(clause);
    if (!m) throw badRequest(`The $filter clause '${clause}' is not supported.`);
    const [field, op, value] = [m[1].toLowerCase(), m[2].toLowerCase(), m[3]];
    if (field === "eventtimestamp") {
      const t = parseIsoInstant(value);
      if (t === undefined) throw badRequest(`The eventTimestamp '${value}' is not a valid date.`);
      if (op === "ge" || op === "gt") out.from = t;
      else if (op === "le" || op === "lt") out.to = t;
      else throw badRequest("eventTimestamp supports only ge and le.");
    } else if (op !== "eq") {
      throw badRequest(`The $filter field '${m[1]}' supports only eq.`);
    } else if (field === "resourceuri" || field === "resourceid") out.resourceUri = value;
    else if (field === "resourcegroupname") out.resourceGroup = value;
    else if (field === "correlationid") out.correlationId = value;
    else if (field === "resourceprovider") out.resourceProvider = value;
    else throw badRequest(`The $filter field '${m[1]}' is not supported.`);
  }
  if (out.from === undefined) throw badRequest("The $filter must contain 'eventTimestamp ge'.");
  const to = out.to ?? now;
  if (to - out.from > 90 * 86_400_000) throw badRequest("The time range of the query must not exceed 90 days.");
  return { ...out, from: out.from, to };
}

const under = (id: string, scope: string): boolean => {
  const a = id.toLowerCase();
  const b = scope.toLowerCase().replace(/\/+$/, "");
  return a === b || a.startsWith(`${b}/`);
};

export function listActivity(ctx: Ctx): Reply {
  checkSubscription(ctx.state.fleet, ctx.params.sub);
  const f = parseActivityFilter(ctx.query.$filter, ctx.now);
  const ops = activityOps(ctx.state.fleet, ctx.params.sub, ctx.now, ctx.state.correlation).filter(
    (o) =>
      o.at >= f.from &&
      o.at <= f.to &&
      (f.resourceUri === undefined || under(o.resourceId, f.resourceUri)) &&
      (f.resourceGroup === undefined || same(o.resourceGroup, f.resourceGroup)) &&
      (f.correlationId === undefined || same(o.correlationId, f.correlationId)) &&
      (f.resourceProvider === undefined || same("Microsoft.Web", f.resourceProvider)),
  );
  const records = ops
    .sort((a, b) => b.at - a.at)
    .flatMap((o) => eventData(o, SIM_IDENTITY.tenantId))
    .filter((r) => {
      const t = Date.parse(r.eventTimestamp as string);
      return t >= f.from && t <= f.to;
    });
  return ok(page(ctx, records, "2015-04-01"));
}

// Helpers the route modules share: resolving path parameters, paging, appending timeline events.

import type { SimEvent, SimPlan, SimSite } from "../fleet.ts";
import type { Ctx } from "../http.ts";
import { badRequest } from "../wire/errors.ts";
import { getPlan, getSite, planOf } from "../world.ts";

export function siteParam(ctx: Ctx): { site: SimSite; plan: SimPlan } {
  const p = ctx.params;
  const site = getSite(ctx.state.fleet, p.sub, p.rg, p.name, p.slot);
  return { site, plan: planOf(ctx.state.fleet, site) };
}

export function planParam(ctx: Ctx): SimPlan {
  return getPlan(ctx.state.fleet, ctx.params.sub, ctx.params.rg, ctx.params.name);
}

/** Workers serving the plan at simulated now. */
export function capacityNow(ctx: Ctx, site: SimSite, plan: SimPlan): number {
  return ctx.state.sampler.index(site, plan).plan.capacityAt(ctx.now);
}

/** Appends an event caused by this request and remembers the request's correlation id for the Activity Log. */
export function append(ctx: Ctx, timeline: SimEvent[], event: SimEvent): void {
  timeline.push(event);
  ctx.state.correlation.set(event, ctx.correlationId);
}

/** Latest event at or before now (for lastModifiedTimeUtc), else a week ago. */
export function lastModified(ctx: Ctx, site: SimSite): number {
  const times = site.timeline.map((e) => e.at).filter((t) => t <= ctx.now);
  return times.length > 0 ? Math.max(...times) : Math.floor((ctx.now - 7 * 86_400_000) / 86_400_000) * 86_400_000;
}

export function queryString(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
}

/** ARM paging: `{ value, nextLink }` with an absolute https nextLink carrying api-version and `$skiptoken`. */
export function page<T>(ctx: Ctx, items: T[], defaultApiVersion: string): { value: T[]; nextLink?: string } {
  const token = ctx.query.$skiptoken ?? ctx.query.$skipToken;
  const offset = token === undefined ? 0 : Number.parseInt(token, 10);
  if (!Number.isInteger(offset) || offset < 0)
    throw badRequest(`The skip token '${token}' is invalid.`, "InvalidSkipToken");
  const size = ctx.state.pageSize;
  const value = items.slice(offset, offset + size);
  if (offset + size >= items.length) return { value };
  const query: Record<string, string> = { ...ctx.query, "api-version": ctx.query["api-version"] ?? defaultApiVersion };
  delete query.$skipToken;
  query.$skiptoken = String(offset + size);
  return { value, nextLink: `${ctx.state.baseUrl}${ctx.path}?${queryString(query)}` };
}

export function requireBodyObject(ctx: Ctx): Record<string, unknown> {
  const b = ctx.body;
  if (!b || typeof b !== "object" || Array.isArray(b))
    throw badRequest("The request content was invalid and could not be deserialized.", "InvalidRequestContent");
  return b as Record<string, unknown>;
}

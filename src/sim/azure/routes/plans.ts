// Microsoft.Web/serverfarms: list, get, PATCH (ignores sku, like the service), PUT (scale; 200, or 202 + polling when
// a fault asks for it), operation results, sites of a plan, restartSites and rebootWorker (204: what the SDK expects).

import { randomUUID } from "node:crypto";
import type { SimPlan } from "../fleet.ts";
import { type Ctx, ok, type Reply } from "../http.ts";
import { badRequest, HttpError } from "../wire/errors.ts";
import { planWire } from "../wire/plan.ts";
import { checkResourceGroup, checkSubscription, planId, planOf, same, sitesOnPlan } from "../world.ts";
import { append, page, planParam, queryString, requireBodyObject } from "./common.ts";
import { siteBody } from "./sites.ts";

const API = "2025-05-01";

const planKey = (sub: string, rg: string, name: string) => `${sub}/${rg}/${name}`.toLowerCase();

/** Sites per plan in one pass over the fleet (listing plans must not be O(sites × plans)). */
function siteCounts(ctx: Ctx): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of ctx.state.fleet.sites) {
    const k = planKey(s.subscriptionId, s.planResourceGroup, s.planName);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

function body(plan: SimPlan, counts: Map<string, number>): Record<string, unknown> {
  return planWire(plan, counts.get(planKey(plan.subscriptionId, plan.resourceGroup, plan.name)) ?? 0);
}

export function listPlans(ctx: Ctx): Reply {
  const { sub, rg } = ctx.params;
  const fleet = ctx.state.fleet;
  if (rg === undefined) checkSubscription(fleet, sub);
  else checkResourceGroup(fleet, sub, rg);
  const counts = siteCounts(ctx);
  const plans = fleet.plans.filter(
    (p) => same(p.subscriptionId, sub) && (rg === undefined || same(p.resourceGroup, rg)),
  );
  return ok(
    page(
      ctx,
      plans.map((p) => body(p, counts)),
      API,
    ),
  );
}

export function getPlan(ctx: Ctx): Reply {
  return ok(body(planParam(ctx), siteCounts(ctx)));
}

export function listPlanSites(ctx: Ctx): Reply {
  const plan = planParam(ctx);
  const sites = ctx.state.fleet.sites.filter((s) => planOf(ctx.state.fleet, s) === plan);
  return ok(
    page(
      ctx,
      sites.map((s) => siteBody(ctx, s, plan)),
      API,
    ),
  );
}

/**
 * The next worker name, following the fleet's naming: "RD0003" → "RD0004" (Windows), "lw0sdlwk00003A" →
 * "lw0sdlwk00003B" (Linux, hex suffix); anything else gets "-N". Skips names already taken.
 */
export function nextWorkerName(existing: string[]): string {
  const taken = new Set(existing.map((w) => w.toLowerCase()));
  const last = existing[existing.length - 1] ?? "RD0000";
  const linux = /^lw(\d+)sdlwk0000([0-9A-F]{2})$/i.exec(existing[0] ?? "");
  const decimal = /^(.*?)(\d+)$/.exec(last);
  for (let i = existing.length; ; i++) {
    let name: string;
    if (linux) {
      const suffix = ((Number.parseInt(linux[2], 16) + i) & 0xff).toString(16).toUpperCase().padStart(2, "0");
      name = `lw${Math.floor(i / 256)}sdlwk0000${suffix}`;
    } else if (decimal) {
      name = `${decimal[1]}${String(Number.parseInt(decimal[2], 10) + 1 + i - existing.length).padStart(decimal[2].length, "0")}`;
    } else {
      name = `${last}-${i - existing.length + 1}`;
    }
    if (!taken.has(name.toLowerCase())) return name;
  }
}

function applyProperties(plan: SimPlan, props: unknown): void {
  if (!props || typeof props !== "object") return;
  const p = props as Record<string, unknown>;
  if (typeof p.elasticScaleEnabled === "boolean") plan.elasticScaleEnabled = p.elasticScaleEnabled;
  if (typeof p.maximumElasticWorkerCount === "number") plan.maximumElasticWorkerCount = p.maximumElasticWorkerCount;
}

/** 202 Accepted with Location / Azure-AsyncOperation (https) and Retry-After: 1; the result URL answers 200. */
function accepted(ctx: Ctx, plan: SimPlan): Reply {
  const op = randomUUID();
  ctx.state.operations.set(op, planId(plan));
  const url = `${ctx.state.baseUrl}${planId(plan)}/operationresults/${op}?${queryString({ "api-version": ctx.query["api-version"] ?? API })}`;
  return { status: 202, headers: { location: url, "azure-asyncoperation": url, "retry-after": "1" } };
}

export function putPlan(ctx: Ctx): Reply {
  const plan = planParam(ctx);
  const req = requireBodyObject(ctx);
  const sku = (req.sku ?? {}) as Partial<SimPlan["sku"]>;
  const capacity = sku.capacity ?? plan.sku.capacity;
  if (!Number.isInteger(capacity) || capacity < 1) throw badRequest(`The number of workers '${capacity}' is invalid.`);
  if (capacity > plan.maximumNumberOfWorkers) {
    throw new HttpError(
      400,
      "BadRequest",
      `Requested number of workers (${capacity}) exceeds the maximum allowed (${plan.maximumNumberOfWorkers}) for this App Service plan.`,
    );
  }
  const skuName = sku.name ?? plan.sku.name;
  const event: Extract<SimPlan["timeline"][number], { type: "scale" }> = {
    at: ctx.now,
    type: "scale",
    caller: ctx.caller.name,
  };
  if (capacity !== plan.sku.capacity) Object.assign(event, { capacity, fromCapacity: plan.sku.capacity });
  if (skuName.toLowerCase() !== plan.sku.name.toLowerCase())
    Object.assign(event, { skuName, fromSkuName: plan.sku.name });
  plan.sku = {
    name: skuName,
    tier: sku.tier ?? plan.sku.tier,
    size: sku.size ?? skuName,
    family: sku.family ?? plan.sku.family,
    capacity,
  };
  while (plan.workers.length < capacity) plan.workers.push(nextWorkerName(plan.workers));
  applyProperties(plan, req.properties);
  append(ctx, plan.timeline, event);
  return ctx.async ? accepted(ctx, plan) : ok(body(plan, siteCounts(ctx)));
}

/** The real service silently ignores `sku` on PATCH (the SDK drops it too). */
export function patchPlan(ctx: Ctx): Reply {
  const plan = planParam(ctx);
  applyProperties(plan, requireBodyObject(ctx).properties);
  return ctx.async ? accepted(ctx, plan) : ok(body(plan, siteCounts(ctx)));
}

export function operationResult(ctx: Ctx): Reply {
  const plan = planParam(ctx);
  const target = ctx.state.operations.get(ctx.params.operation);
  if (!target || !same(target, planId(plan))) {
    throw new HttpError(404, "NotFound", `Operation '${ctx.params.operation}' was not found for '${plan.name}'.`);
  }
  return ok(body(plan, siteCounts(ctx)));
}

export function restartSites(ctx: Ctx): Reply {
  const plan = planParam(ctx);
  const soft = ctx.query.softRestart?.toLowerCase() === "true";
  for (const site of sitesOnPlan(ctx.state.fleet, plan)) {
    append(ctx, site.timeline, { at: ctx.now, type: "restart", soft, caller: ctx.caller.name });
  }
  return { status: 204 };
}

export function rebootWorker(ctx: Ctx): Reply {
  const plan = planParam(ctx);
  const worker = plan.workers.find((w) => same(w, ctx.params.worker));
  if (!worker)
    throw new HttpError(
      404,
      "NotFound",
      `Worker '${ctx.params.worker}' was not found in App Service plan '${plan.name}'.`,
    );
  append(ctx, plan.timeline, { at: ctx.now, type: "rebootWorker", worker, caller: ctx.caller.name });
  return { status: 204 };
}

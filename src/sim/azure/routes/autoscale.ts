// Microsoft.Insights autoscale settings (api-version 2022-10-01 shape: capacities are strings): list, get, and
// PATCH of the profiles. The sim's autoscale engine acts at once: a plan below a profile's new minimum is
// scaled to it (above the maximum, down to it), as Azure's would on its next evaluation.
import type { SimAutoscaleSetting, SimPlan } from "../fleet.ts";
import { type Ctx, ok, type Reply } from "../http.ts";
import { badRequest, resourceNotFound } from "../wire/errors.ts";
import { checkResourceGroup, checkSubscription, planId, same } from "../world.ts";
import { append, page, requireBodyObject } from "./common.ts";
import { nextWorkerName } from "./plans.ts";

const TYPE = "Microsoft.Insights/autoscaleSettings";
/** The identity Azure's autoscale engine acts as, in the plan's Activity Log. */
const AUTOSCALE_CALLER = "Microsoft.Insights/autoscaleSettings";

function targetPlan(ctx: Ctx, a: SimAutoscaleSetting): SimPlan | undefined {
  return ctx.state.fleet.plans.find(
    (p) =>
      same(p.subscriptionId, a.subscriptionId) &&
      same(p.resourceGroup, a.targetPlan.resourceGroup) &&
      same(p.name, a.targetPlan.name),
  );
}

function wire(ctx: Ctx, a: SimAutoscaleSetting) {
  const plan = targetPlan(ctx, a);
  const target = plan
    ? planId(plan)
    : `/subscriptions/${a.subscriptionId}/resourceGroups/${a.targetPlan.resourceGroup}/providers/Microsoft.Web/serverfarms/${a.targetPlan.name}`;
  return {
    id: `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/microsoft.insights/autoscalesettings/${a.name}`,
    name: a.name,
    type: TYPE,
    location: plan?.location ?? "West Europe",
    tags: {},
    properties: {
      profiles: a.profiles.map((p) => ({
        name: p.name,
        capacity: {
          minimum: String(p.capacity.minimum),
          maximum: String(p.capacity.maximum),
          default: String(p.capacity.default),
        },
        rules: [],
      })),
      notifications: [],
      enabled: a.enabled,
      predictiveAutoscalePolicy: { scaleMode: "Disabled" },
      name: a.name,
      targetResourceUri: target,
      targetResourceLocation: plan?.location ?? "West Europe",
    },
  };
}

export function listAutoscale(ctx: Ctx): Reply {
  const { sub, rg } = ctx.params;
  const fleet = ctx.state.fleet;
  if (rg === undefined) checkSubscription(fleet, sub);
  else checkResourceGroup(fleet, sub, rg);
  const settings = fleet.autoscaleSettings.filter(
    (a) => same(a.subscriptionId, sub) && (rg === undefined || same(a.resourceGroup, rg)),
  );
  return ok(
    page(
      ctx,
      settings.map((a) => wire(ctx, a)),
      "2022-10-01",
    ),
  );
}

function settingParam(ctx: Ctx): SimAutoscaleSetting {
  const { sub, rg, name } = ctx.params;
  checkResourceGroup(ctx.state.fleet, sub, rg);
  const a = ctx.state.fleet.autoscaleSettings.find(
    (x) => same(x.subscriptionId, sub) && same(x.resourceGroup, rg) && same(x.name, name),
  );
  if (!a) throw resourceNotFound(TYPE, name, rg);
  return a;
}

export function getAutoscale(ctx: Ctx): Reply {
  return ok(wire(ctx, settingParam(ctx)));
}

/** A capacity as Azure validates it: whole numbers (strings on the wire), minimum ≤ default ≤ maximum. */
function capacityOf(profile: string, raw: unknown): SimAutoscaleSetting["profiles"][number]["capacity"] {
  const c = (raw ?? {}) as Record<string, unknown>;
  const n = (k: string) => {
    const v = Number(c[k]);
    if (c[k] === undefined || c[k] === "" || !Number.isInteger(v) || v < 0 || v > 1000)
      throw badRequest(
        `Profile '${profile}': capacity.${k} must be a whole number from 0 to 1000 (got ${String(c[k])}).`,
      );
    return v;
  };
  const capacity = { minimum: n("minimum"), maximum: n("maximum"), default: n("default") };
  if (capacity.minimum > capacity.maximum)
    throw badRequest(
      `Profile '${profile}': the minimum capacity ${capacity.minimum} is above the maximum ${capacity.maximum}.`,
    );
  if (capacity.default < capacity.minimum || capacity.default > capacity.maximum)
    throw badRequest(`Profile '${profile}': the default capacity must be between the minimum and the maximum.`);
  return capacity;
}

/** PATCH: `properties.profiles` replaces the list whole (as ARM does for arrays); `enabled` may change too. */
export function patchAutoscale(ctx: Ctx): Reply {
  const a = settingParam(ctx);
  const props = (requireBodyObject(ctx).properties ?? {}) as Record<string, unknown>;
  if (props.profiles !== undefined) {
    if (!Array.isArray(props.profiles) || props.profiles.length === 0 || props.profiles.length > 20)
      throw badRequest("properties.profiles must list 1 to 20 profiles.");
    a.profiles = props.profiles.map((p: Record<string, unknown>) => {
      if (typeof p?.name !== "string" || !p.name) throw badRequest("Every profile needs a name.");
      return { name: p.name, capacity: capacityOf(p.name, p.capacity) };
    });
  }
  if (typeof props.enabled === "boolean") a.enabled = props.enabled;
  evaluate(ctx, a);
  return ok(wire(ctx, a));
}

/** The engine's next evaluation, now: the plan's count is brought inside the first profile's bounds. */
function evaluate(ctx: Ctx, a: SimAutoscaleSetting): void {
  const plan = targetPlan(ctx, a);
  const profile = a.profiles[0];
  if (!plan || !a.enabled || !profile) return;
  const from = plan.sku.capacity;
  const to = Math.min(Math.max(from, profile.capacity.minimum), profile.capacity.maximum, plan.maximumNumberOfWorkers);
  if (to === from || to < 1) return;
  plan.sku = { ...plan.sku, capacity: to };
  while (plan.workers.length < to) plan.workers.push(nextWorkerName(plan.workers));
  append(ctx, plan.timeline, {
    at: ctx.now,
    type: "scale",
    capacity: to,
    fromCapacity: from,
    caller: AUTOSCALE_CALLER,
  });
}

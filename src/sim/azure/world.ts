// Fleet lookups and ARM resource IDs. Names compare case-insensitively, as ARM does.

import type { SimFleet, SimPlan, SimSite } from "./fleet.ts";
import { HttpError, resourceGroupNotFound, resourceNotFound, subscriptionNotFound } from "./wire/errors.ts";

export const same = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** "West Europe" → "westeurope" (the short region name Azure Monitor reports). */
export function regionName(location: string): string {
  return location.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** A slot's SimSite carries its parent's name; tolerate "app/slot" too. */
export function baseName(site: SimSite): string {
  return site.name.split("/")[0];
}

export function rgId(sub: string, rg: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}`;
}

export function siteId(site: SimSite): string {
  const base = `${rgId(site.subscriptionId, site.resourceGroup)}/providers/Microsoft.Web/sites/${baseName(site)}`;
  return site.slot ? `${base}/slots/${site.slot}` : base;
}

export function planId(plan: SimPlan): string {
  return `${rgId(plan.subscriptionId, plan.resourceGroup)}/providers/Microsoft.Web/serverfarms/${plan.name}`;
}

/** Every site including slots. */
export function allSites(fleet: SimFleet): SimSite[] {
  return fleet.sites.flatMap((s) => [s, ...s.slots]);
}

export function planOf(fleet: SimFleet, site: SimSite): SimPlan {
  const plan = fleet.plans.find(
    (p) =>
      same(p.subscriptionId, site.subscriptionId) &&
      same(p.resourceGroup, site.planResourceGroup) &&
      same(p.name, site.planName),
  );
  if (!plan)
    throw new HttpError(500, "InternalServerError", `Simulator fleet: no plan ${site.planName} for site ${site.name}`);
  return plan;
}

export function sitesOnPlan(fleet: SimFleet, plan: SimPlan): SimSite[] {
  return allSites(fleet).filter(
    (s) =>
      same(s.subscriptionId, plan.subscriptionId) &&
      same(s.planResourceGroup, plan.resourceGroup) &&
      same(s.planName, plan.name),
  );
}

export function checkSubscription(fleet: SimFleet, sub: string): void {
  if (!fleet.subscriptions.some((s) => same(s, sub))) throw subscriptionNotFound(sub);
}

/** 404 for an unknown subscription or resource group, as ARM checks them before the resource. */
export function checkResourceGroup(fleet: SimFleet, sub: string, rg: string): void {
  checkSubscription(fleet, sub);
  const known = [...fleet.sites, ...fleet.plans].some((r) => same(r.subscriptionId, sub) && same(r.resourceGroup, rg));
  const asPlanRg = fleet.sites.some((s) => same(s.subscriptionId, sub) && same(s.planResourceGroup, rg));
  const asAutoscaleRg = fleet.autoscaleSettings.some((a) => same(a.subscriptionId, sub) && same(a.resourceGroup, rg));
  if (!known && !asPlanRg && !asAutoscaleRg) throw resourceGroupNotFound(rg);
}

export function getSite(fleet: SimFleet, sub: string, rg: string, name: string, slot?: string): SimSite {
  checkResourceGroup(fleet, sub, rg);
  const site = fleet.sites.find(
    (s) => same(s.subscriptionId, sub) && same(s.resourceGroup, rg) && same(baseName(s), name),
  );
  if (!site) throw resourceNotFound("Microsoft.Web/sites", name, rg);
  if (slot === undefined) return site;
  const found = site.slots.find((s) => same(s.slot, slot));
  if (!found) throw resourceNotFound("Microsoft.Web/sites/slots", `${name}/${slot}`, rg);
  return found;
}

export function getPlan(fleet: SimFleet, sub: string, rg: string, name: string): SimPlan {
  checkResourceGroup(fleet, sub, rg);
  const plan = fleet.plans.find((p) => same(p.subscriptionId, sub) && same(p.resourceGroup, rg) && same(p.name, name));
  if (!plan) throw resourceNotFound("Microsoft.Web/serverfarms", name, rg);
  return plan;
}

export type Resolved =
  | { kind: "site"; id: string; site: SimSite; plan: SimPlan; namespace: string; location: string }
  | { kind: "plan"; id: string; plan: SimPlan; namespace: string; location: string };

/** Resolves an ARM resource ID (sites, slots, plans) or throws the 404 ARM would send. */
export function resolveResource(fleet: SimFleet, resourceId: string): Resolved {
  const p = resourceId.split("/").filter((x) => x !== "");
  const lower = p.map((x) => x.toLowerCase());
  const ok =
    lower[0] === "subscriptions" &&
    lower[2] === "resourcegroups" &&
    lower[4] === "providers" &&
    lower[5] === "microsoft.web";
  if (ok && p.length === 8 && lower[6] === "sites") {
    const site = getSite(fleet, p[1], p[3], p[7]);
    return {
      kind: "site",
      id: siteId(site),
      site,
      plan: planOf(fleet, site),
      namespace: "Microsoft.Web/sites",
      location: site.location,
    };
  }
  if (ok && p.length === 10 && lower[6] === "sites" && lower[8] === "slots") {
    const site = getSite(fleet, p[1], p[3], p[7], p[9]);
    return {
      kind: "site",
      id: siteId(site),
      site,
      plan: planOf(fleet, site),
      namespace: "Microsoft.Web/sites/slots",
      location: site.location,
    };
  }
  if (ok && p.length === 8 && lower[6] === "serverfarms") {
    const plan = getPlan(fleet, p[1], p[3], p[7]);
    return { kind: "plan", id: planId(plan), plan, namespace: "Microsoft.Web/serverfarms", location: plan.location };
  }
  if (lower[0] === "subscriptions" && p.length >= 2) checkSubscription(fleet, p[1]);
  if (lower[0] === "subscriptions" && lower[2] === "resourcegroups" && p.length >= 4)
    checkResourceGroup(fleet, p[1], p[3]);
  throw new HttpError(
    404,
    "ResourceNotFound",
    `The Resource '${resourceId}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

// ARM resource-ID parsing and region names. Pure.

export interface ParsedResourceId {
  subscriptionId: string;
  resourceGroup?: string;
  /** e.g. "Microsoft.Web/sites" or "Microsoft.Web/sites/slots", casing as in the ID. */
  resourceType?: string;
  /** Names along the type path: ["shop-api"] or ["shop-api", "staging"]. */
  names: string[];
}

/** Parses `/subscriptions/{s}[/resourceGroups/{rg}[/providers/{ns}/{type}/{name}[/{type}/{name}…]]]`. */
export function parseResourceId(id: string): ParsedResourceId | undefined {
  const parts = id.split("/").filter((p) => p !== "");
  if (parts.length < 2 || parts[0].toLowerCase() !== "subscriptions") return undefined;
  const out: ParsedResourceId = { subscriptionId: parts[1], names: [] };
  if (parts.length < 4) return parts.length === 2 ? out : undefined;
  if (parts[2].toLowerCase() !== "resourcegroups") return undefined;
  out.resourceGroup = parts[3];
  if (parts.length === 4) return out;
  if (parts[4].toLowerCase() !== "providers" || parts.length < 8) return undefined;
  const types = [parts[5]];
  for (let i = 6; i + 1 < parts.length; i += 2) {
    types.push(parts[i]);
    out.names.push(parts[i + 1]);
  }
  if ((parts.length - 6) % 2 !== 0) return undefined;
  out.resourceType = types.join("/");
  return out;
}

/** Site or slot identity from a resource ID; undefined when the ID is not a Microsoft.Web site. */
export function parseSiteId(
  id: string,
): { subscriptionId: string; resourceGroup: string; name: string; slot?: string } | undefined {
  const p = parseResourceId(id);
  const type = p?.resourceType?.toLowerCase();
  if (!p?.resourceGroup || (type !== "microsoft.web/sites" && type !== "microsoft.web/sites/slots")) return undefined;
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name: p.names[0], slot: p.names[1] };
}

/** Canonical resource type for metric namespaces and batch grouping. */
export function resourceTypeOf(id: string): string {
  const t = parseResourceId(id)?.resourceType ?? "";
  const canonical: Record<string, string> = {
    "microsoft.web/sites": "Microsoft.Web/sites",
    "microsoft.web/sites/slots": "Microsoft.Web/sites/slots",
    "microsoft.web/serverfarms": "Microsoft.Web/serverfarms",
  };
  return canonical[t.toLowerCase()] ?? t;
}

/** "West Europe" → "westeurope", "US Gov Virginia" → "usgovvirginia"; short names pass through. */
export function normalizeRegion(location: string): string {
  return location.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The SDKs expand `/{+resourceUri}`: a leading slash would become `//subscriptions/…`. */
export function armPath(id: string): string {
  return id.replace(/^\/+/, "");
}

/** ARM IDs compare case-insensitively. */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/** The production site an ID belongs to (a slot's parent; a site's own ID). */
export function parentSiteId(id: string): string {
  return id.replace(/\/slots\/[^/]+$/i, "");
}

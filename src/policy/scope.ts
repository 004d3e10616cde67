// Does an app fall in a binding's scope? Azure compares subscription, resource group and site names
// case-insensitively, so do we. Tag names are case-insensitive in Azure, tag values are not.
import type { AppRef } from "../core/snapshot.ts";
import type { Scope } from "./policy.ts";

/** What the scope needs to know about an app; `tags` only matters when the scope lists tags. */
export type ScopedApp = Pick<AppRef, "id" | "subscriptionId" | "resourceGroup" | "name"> & {
  slot?: string;
  tags?: Record<string, string>;
};

export type ScopeMatch = { in: true; by: string } | { in: false; why: string };

const eq = (a: string | undefined, b: string | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

/** The site's resource ID without `/slots/{slot}`. */
const siteIdOf = (id: string) => id.replace(/\/slots\/[^/]+$/i, "");

function rgMatches(entry: string, app: ScopedApp): boolean {
  const [a, b] = entry.split("/");
  return b === undefined ? eq(a, app.resourceGroup) : eq(a, app.subscriptionId) && eq(b, app.resourceGroup);
}

/** A site entry covers the site and all its slots; a slot entry covers that slot only. */
function appMatches(entry: string, app: ScopedApp): boolean {
  if (entry.startsWith("/")) {
    const slotted = /\/slots\/[^/]+$/i.test(entry);
    return slotted ? eq(entry, app.id) : eq(entry, siteIdOf(app.id));
  }
  const parts = entry.split("/");
  if (parts.length === 1) return eq(parts[0], app.name);
  const [rg, name, slot] = parts;
  return eq(rg, app.resourceGroup) && eq(name, app.name) && (slot === undefined || eq(slot, app.slot));
}

function missingTags(tags: Record<string, string>, app: ScopedApp): string[] {
  const have = Object.entries(app.tags ?? {});
  return Object.entries(tags)
    .filter(([k, v]) => !have.some(([hk, hv]) => eq(hk, k) && hv === v))
    .map(([k, v]) => `${k}=${v}`);
}

/** The resource group, with its subscription only when a same-named group of another subscription is bound. */
function rgLabel(scope: Scope, app: ScopedApp): string {
  const elsewhere = scope.resourceGroups.some((r) => eq(r.split("/").pop(), app.resourceGroup));
  return elsewhere ? `${app.resourceGroup} in subscription ${app.subscriptionId}` : app.resourceGroup;
}

const appLabel = (app: ScopedApp) => (app.slot ? `${app.name}/${app.slot}` : app.name);

/** Whether `app` is in `scope`, with what matched (for the audit) or why not (for the person). */
export function matchScope(scope: Scope, app: ScopedApp, bound = "this channel"): ScopeMatch {
  const listed = scope.subscriptions.length + scope.resourceGroups.length + scope.apps.length > 0;
  let by = "";
  if (listed) {
    const sub = scope.subscriptions.find((s) => eq(s, app.subscriptionId));
    const rg = scope.resourceGroups.find((r) => rgMatches(r, app));
    const named = scope.apps.find((a) => appMatches(a, app));
    by = named ? `app ${named}` : rg ? `resource group ${rg}` : sub ? `subscription ${sub}` : "";
    if (!by)
      return {
        in: false,
        why: `${appLabel(app)} is outside this channel's scope (${rgLabel(scope, app)} is not bound to ${bound})`,
      };
  }
  const missing = missingTags(scope.tags, app);
  if (missing.length)
    return {
      in: false,
      why: `${appLabel(app)} is outside this channel's scope (${bound} only covers apps tagged ${missing.join(", ")}${app.tags ? "" : "; the app's tags are unknown"})`,
    };
  const tagged = Object.keys(scope.tags).length
    ? `tags ${Object.entries(scope.tags)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ")}`
    : "";
  return { in: true, by: [by, tagged].filter(Boolean).join(" and ") };
}

export const inScope = (scope: Scope, app: ScopedApp): boolean => matchScope(scope, app).in;

/** One line for help and App Home: "resource groups rg-a, rg-b; apps edge-gateway; tags env=prod". */
export function describeScope(scope: Scope): string {
  const parts: string[] = [];
  const short = (s: string) => (s.startsWith("/") ? s.replace(/^.*\/sites\//i, "").replace("/slots/", "/") : s);
  if (scope.subscriptions.length) parts.push(`subscriptions ${scope.subscriptions.join(", ")}`);
  if (scope.resourceGroups.length)
    parts.push(`resource groups ${scope.resourceGroups.map((r) => r.split("/").pop()).join(", ")}`);
  if (scope.apps.length) parts.push(`apps ${scope.apps.map(short).join(", ")}`);
  const tags = Object.entries(scope.tags);
  if (tags.length) parts.push(`tagged ${tags.map(([k, v]) => `${k}=${v}`).join(", ")}`);
  return parts.join("; ");
}

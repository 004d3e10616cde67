// A digest's scope (what `/appsvc digest … [scope…]` names) as an app filter, always intersected with what
// the channel may see under the policy: a subscription can narrow the channel's bound scope, never widen it.

import type { AppQuery, DigestScope } from "../command/intent.ts";
import { toJson } from "../core/json.ts";
import type { AppRef } from "../core/snapshot.ts";
import { canSee, type Policy } from "../policy/index.ts";
import type { Json } from "../store/store.ts";

const eq = (a: string | undefined, b: string | undefined) => (a ?? "").toLowerCase() === (b ?? "").toLowerCase();

/** Does one app query cover the app? A query without a slot covers the site and its slots. */
function queryMatches(q: AppQuery, app: AppRef): boolean {
  const slotOk = q.slot === undefined || eq(q.slot, app.slot);
  switch (q.kind) {
    case "name":
      return eq(q.name, app.name) && slotOk;
    case "rgName":
      return eq(q.resourceGroup, app.resourceGroup) && eq(q.name, app.name) && slotOk;
    case "resourceId":
      return (
        eq(q.subscriptionId, app.subscriptionId) &&
        eq(q.resourceGroup, app.resourceGroup) &&
        eq(q.name, app.name) &&
        slotOk
      );
  }
}

export function entryMatches(s: DigestScope, app: AppRef): boolean {
  switch (s.kind) {
    case "all":
      return true;
    case "app":
      return queryMatches(s.app, app);
    case "resourceGroup":
      return eq(s.resourceGroup, app.resourceGroup);
    case "subscription":
      return eq(s.subscriptionId, app.subscriptionId);
    case "tag": {
      // Tag names compare case-insensitively in Azure, values exactly.
      const hit = Object.entries(app.tags ?? {}).find(([k]) => eq(k, s.key));
      return hit !== undefined && (s.value === undefined || hit[1] === s.value);
    }
  }
}

/** The digest's app filter: in the channel's policy scope and (when entries are given) in one of them. */
export function digestScopeFilter(
  scope: readonly DigestScope[],
  policy: Policy | undefined,
  channel: string,
): (app: AppRef) => boolean {
  return (app) =>
    canSee(policy, channel, app).allowed && (scope.length === 0 || scope.some((s) => entryMatches(s, app)));
}

/** "rg:rg-shop, tag:env=prod", or the channel's scope when empty. Plain text; views escape it. */
export function describeDigestScope(scope: readonly DigestScope[]): string {
  if (scope.length === 0) return "the channel's scope";
  return scope.map(entryText).join(", ");
}

function entryText(s: DigestScope): string {
  switch (s.kind) {
    case "all":
      return "all";
    case "app":
      return appText(s.app);
    case "resourceGroup":
      return `rg:${s.resourceGroup}`;
    case "subscription":
      return `sub:${s.subscriptionId}`;
    case "tag":
      return s.value === undefined ? `tag:${s.key}` : `tag:${s.key}=${s.value}`;
  }
}

function appText(q: AppQuery): string {
  const slot = q.slot ? `/${q.slot}` : "";
  return q.kind === "name" ? `${q.name}${slot}` : `${q.resourceGroup}/${q.name}${slot}`;
}

/** The stored form: the entries as the parser produced them (plain JSON). */
export const scopeToJson = (scope: readonly DigestScope[]): Json => ({ entries: toJson(scope) });

const KINDS = new Set(["all", "app", "resourceGroup", "subscription", "tag"]);

/** Reads a stored scope back; anything unrecognised is dropped (it then means the channel's scope). */
export function scopeFromJson(json: Json): DigestScope[] {
  const entries = (json as { entries?: unknown } | null)?.entries;
  if (!Array.isArray(entries)) return [];
  return entries.filter(
    (e): e is DigestScope => typeof e === "object" && e !== null && KINDS.has(String((e as { kind?: unknown }).kind)),
  );
}

// Resolving what a person typed ("shop-api", "rg-shop/shop-api", "shop-api/staging", a resource ID)
// to one app of the fleet. Pure: the adapter supplies the app list.
import { type AppLookup, type AppQuery, lookupText } from "./app-query.ts";
import type { Resolution } from "./fleet.ts";
import type { AppRef } from "./snapshot.ts";

/** Most suggestions an "unknown" answer carries. */
export const MAX_SUGGESTIONS = 5;

/**
 * The resolver's view of free text (the CLI's and a button's app, the command's query as text): not the
 * command grammar's `AppQuery`, which is what a person typed, already parsed.
 */
export type QueryShape =
  | { kind: "id"; id: string; siteId: string; slot?: string }
  | { kind: "path"; first: string; second: string; third?: string }
  | { kind: "name"; name: string };

/**
 * The shape of a query the grammar already parsed, with no trip through text. `rg/name` keeps both readings
 * (resource group and site, or site and slot), as the README promises.
 */
export function shapeOf(q: AppQuery): QueryShape {
  if (q.kind === "name") return { kind: "name", name: q.name };
  if (q.kind === "rgName")
    return { kind: "path", first: q.resourceGroup, second: q.name, ...(q.slot ? { third: q.slot } : {}) };
  const siteId = q.id.replace(/\/slots\/[^/]+$/i, "");
  return { kind: "id", id: q.id, siteId, ...(q.slot ? { slot: q.slot } : {}) };
}

/** The shape of text from elsewhere, or of a parsed query. */
export const shapeOfLookup = (q: AppLookup): QueryShape => (typeof q === "string" ? splitQuery(q) : shapeOf(q));

/** Splits free text into its form. Azure names never contain "/", so slashes separate parts. */
export function splitQuery(raw: string): QueryShape {
  const q = raw.trim().replace(/^<|>$/g, "");
  if (/^\/?subscriptions\//i.test(q)) {
    const id = `/${q.replace(/^\/+/, "").replace(/\/+$/, "")}`;
    const m = /^(.*\/providers\/microsoft\.web\/sites\/[^/]+)(?:\/slots\/([^/]+))?$/i.exec(id);
    return { kind: "id", id, siteId: m ? m[1] : id, slot: m?.[2] };
  }
  const parts = q.split("/").filter((p) => p !== "");
  if (parts.length >= 2) return { kind: "path", first: parts[0], second: parts[1], third: parts[2] };
  return { kind: "name", name: parts[0] ?? "" };
}

const eq = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** "production" is how Azure names the main slot. */
function wantedSlot(slot: string | undefined): string | undefined {
  return slot && !eq(slot, "production") ? slot : undefined;
}

/**
 * Resolves a query against the known apps (sites, and slots when listed). `slot` (option) wins over a
 * slot written in the query. Several sites with one name → ambiguous; nothing → closest names.
 */
export function resolveQuery(apps: AppRef[], raw: AppLookup, opts: { slot?: string } = {}): Resolution {
  const q = shapeOfLookup(raw);
  const sites = apps.filter((a) => a.slot === undefined);
  let matches: AppRef[] = [];
  let slot = wantedSlot(opts.slot);
  let names: string[] = [];
  if (q.kind === "id") {
    matches = sites.filter((a) => eq(a.id, q.siteId));
    slot = wantedSlot(opts.slot ?? q.slot);
    names = [q.siteId.split("/").pop() ?? ""];
  } else if (q.kind === "path") {
    // rg/name[/slot] first; then name/slot.
    matches = sites.filter((a) => eq(a.resourceGroup, q.first) && eq(a.name, q.second));
    if (matches.length > 0) slot = wantedSlot(opts.slot ?? q.third);
    else {
      matches = sites.filter((a) => eq(a.name, q.first));
      slot = wantedSlot(opts.slot ?? q.second);
    }
    names = [q.second, q.first];
  } else {
    matches = sites.filter((a) => eq(a.name, q.name));
    names = [q.name];
  }
  if (matches.length === 0) return { kind: "unknown", query: lookupText(raw), suggestions: suggestApps(sites, names) };
  if (slot !== undefined) {
    const slots = apps.filter((a) => a.slot !== undefined && eq(a.slot, slot) && matches.some((m) => isParent(m, a)));
    if (slots.length === 1) return { kind: "found", app: slots[0] };
    if (slots.length > 1) return { kind: "ambiguous", candidates: slots };
    const known = apps.filter((a) => a.slot !== undefined && matches.some((m) => isParent(m, a)));
    return { kind: "unknown", query: `${matches[0].name}/${slot}`, suggestions: suggestSlots(known, slot) };
  }
  return matches.length === 1 ? { kind: "found", app: matches[0] } : { kind: "ambiguous", candidates: matches };
}

function isParent(site: AppRef, slot: AppRef): boolean {
  return slot.id.toLowerCase().startsWith(`${site.id.toLowerCase()}/slots/`);
}

/** Closest site names to any of `names`: prefix and substring matches first, then by edit distance. */
export function suggestApps(sites: AppRef[], names: string | string[], limit = MAX_SUGGESTIONS): AppRef[] {
  return rank(sites, typeof names === "string" ? [names] : names, (a) => a.name, limit);
}

function suggestSlots(slots: AppRef[], slot: string): AppRef[] {
  return rank(slots, [slot], (a) => a.slot ?? "", MAX_SUGGESTIONS, true);
}

function rank(items: AppRef[], queries: string[], key: (a: AppRef) => string, limit: number, all = false): AppRef[] {
  const qs = queries.map((q) => q.toLowerCase()).filter((q) => q !== "");
  if (qs.length === 0) return [];
  const scored = items
    .map((a) => ({ a, s: Math.min(...qs.map((q) => similarity(q, key(a).toLowerCase()))) }))
    .filter((x) => all || x.s < Number.POSITIVE_INFINITY)
    .sort((x, y) => x.s - y.s || key(x.a).localeCompare(key(y.a)));
  return scored.slice(0, limit).map((x) => x.a);
}

/** Lower is closer; Infinity means "not similar enough to suggest". */
export function similarity(query: string, candidate: string): number {
  if (candidate.startsWith(query) || query.startsWith(candidate)) return -2;
  if (candidate.includes(query)) return -1;
  const d = damerauLevenshtein(query, candidate);
  const budget = Math.max(2, Math.floor(Math.max(query.length, candidate.length) / 3));
  return d <= budget ? d : Number.POSITIVE_INFINITY;
}

/** Edit distance counting an adjacent transposition as one edit (optimal string alignment). */
export function damerauLevenshtein(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

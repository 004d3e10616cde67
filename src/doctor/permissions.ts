// Which Azure permissions the bot needs where, and whether a Microsoft.Authorization/permissions answer grants
// them. Pure. Every read at each scope the bot watches; at each scope a policy binding covers, also the
// permissions of every write that binding grants (src/policy/azure-roles.ts). Azure's matching: actions with `*`
// wildcards, case-insensitive; an entry's notActions take away from that entry's actions only.
import { azureRoleFor, READ_PERMISSIONS } from "../policy/azure-roles.ts";
import type { Policy, PolicyAction } from "../policy/index.ts";

export interface PermissionEntry {
  actions: string[];
  notActions: string[];
}

export interface ScopeNeeds {
  scope: string;
  /** Permission → why (the reads, or the policy actions that need it). */
  needs: Map<string, Set<string>>;
}

// The workspace query right is checked by querying the workspace, which lives elsewhere.
const APP_READS = READ_PERMISSIONS.filter((p) => !p.startsWith("Microsoft.OperationalInsights/"));

const wildcard = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i");

export function granted(entries: PermissionEntry[], permission: string): boolean {
  return entries.some(
    (e) =>
      e.actions.some((a) => wildcard(a).test(permission)) && !e.notActions.some((n) => wildcard(n).test(permission)),
  );
}

function writePermissions(action: PolicyAction): string[] {
  const r = azureRoleFor(action);
  return [r.permission, ...(r.slotPermission ? [r.slotPermission] : []), ...(r.alsoNeeds ?? [])];
}

/** The scopes a binding covers: its subscriptions and resource groups, its apps' IDs, else every subscription. */
function bindingScopes(scope: Policy["bindings"][number]["scope"], subscriptions: string[]): string[] {
  const out: string[] = scope.subscriptions.map((s) => `/subscriptions/${s}`);
  for (const rg of scope.resourceGroups) {
    const [sub, name] = rg.includes("/") ? rg.split("/", 2) : [undefined, rg];
    for (const s of sub ? [sub] : subscriptions) out.push(`/subscriptions/${s}/resourceGroups/${name}`);
  }
  for (const app of scope.apps) if (app.startsWith("/subscriptions/")) out.push(app);
  return out.length ? out : subscriptions.map((s) => `/subscriptions/${s}`);
}

export function scopeNeeds(subscriptions: string[], policy: Policy | undefined): ScopeNeeds[] {
  const byScope = new Map<string, ScopeNeeds>();
  const add = (scope: string, permission: string, why: string) => {
    const key = scope.toLowerCase();
    const entry = byScope.get(key) ?? { scope, needs: new Map() };
    byScope.set(key, entry);
    const reasons = entry.needs.get(permission) ?? new Set<string>();
    reasons.add(why);
    entry.needs.set(permission, reasons);
  };
  for (const s of subscriptions) for (const p of APP_READS) add(`/subscriptions/${s}`, p, "reads");
  for (const b of policy?.bindings ?? []) {
    const actions = Object.keys(b.actions) as PolicyAction[];
    for (const scope of bindingScopes(b.scope, subscriptions)) {
      for (const a of actions) for (const p of writePermissions(a)) add(scope, p, a);
    }
  }
  return [...byScope.values()];
}

/** The needed permissions the entries do not grant, each with why it is needed. */
export function missing(needs: ScopeNeeds, entries: PermissionEntry[]): Array<{ permission: string; why: string[] }> {
  return [...needs.needs]
    .filter(([p]) => !granted(entries, p))
    .map(([permission, why]) => ({ permission, why: [...why] }));
}

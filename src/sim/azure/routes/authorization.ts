// Subscriptions - Get (api-version 2022-12-01) and Microsoft.Authorization Permissions - List (api-version
// 2022-04-01): what the caller may do at a scope. Shapes from Azure/azure-rest-api-specs:
// resources/.../subscriptions/stable/2022-12-01/examples/GetSubscription.json and
// authorization/.../stable/2022-04-01/examples/GetPermissions.json ({ value: [{ actions, notActions, dataActions,
// notDataActions }] }, one entry per role assignment that applies at or above the scope).
import { type Ctx, ok, type Reply } from "../http.ts";
import { checkSubscription } from "../world.ts";

/** One role assignment's permissions, granted at `scope` and everything below it. */
export interface SimPermission {
  scope: string;
  actions: string[];
  notActions?: string[];
  dataActions?: string[];
  notDataActions?: string[];
}

/** Without a setting the sim lets every caller do everything (as Owner would): "*". */
export const ALLOW_ALL: SimPermission[] = [{ scope: "/", actions: ["*"] }];

const under = (scope: string, grant: string): boolean => {
  const s = scope.toLowerCase().replace(/\/+$/, "");
  const g = grant.toLowerCase().replace(/\/+$/, "");
  return g === "" || s === g || s.startsWith(`${g}/`);
};

export function listPermissions(ctx: Ctx): Reply {
  const scope = ctx.params.scope;
  const sub = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
  if (sub) checkSubscription(ctx.state.fleet, sub);
  const value = ctx.state.permissions
    .filter((p) => under(scope, p.scope))
    .map((p) => ({
      actions: p.actions,
      notActions: p.notActions ?? [],
      dataActions: p.dataActions ?? [],
      notDataActions: p.notDataActions ?? [],
    }));
  return ok({ value });
}

export function getSubscription(ctx: Ctx): Reply {
  checkSubscription(ctx.state.fleet, ctx.params.sub);
  const id = ctx.state.fleet.subscriptions.find((s) => s.toLowerCase() === ctx.params.sub.toLowerCase()) ?? "";
  return ok({
    id: `/subscriptions/${id}`,
    subscriptionId: id,
    displayName: `Simulated subscription ${id.slice(-4)}`,
    state: "Enabled",
    tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
    subscriptionPolicies: {
      locationPlacementId: "Public_2014-09-01",
      quotaId: "PayAsYouGo_2014-09-01",
      spendingLimit: "Off",
    },
    authorizationSource: "RoleBased",
  });
}

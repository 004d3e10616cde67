// Where an alert lands: the one routing decision, pure. A binding with `alerts:` whose scope covers the app
// and whose minimum severity the alert reaches; otherwise APPSVC_ALERTS_CHANNEL; otherwise nowhere (logged).
import type { Policy } from "../policy/policy.ts";
import { matchScope, type ScopedApp } from "../policy/scope.ts";

export type Route = { channel: string; by: string } | { channel?: undefined; why: string };

/** `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/name[/slots/slot]` → its parts. */
export function scopedAppOf(id: string, tags?: Record<string, string>): ScopedApp | undefined {
  const m =
    /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.web\/sites\/([^/]+)(?:\/slots\/([^/]+))?$/i.exec(
      id,
    );
  if (!m) return undefined;
  return {
    id,
    subscriptionId: m[1],
    resourceGroup: m[2],
    name: m[3],
    ...(m[4] ? { slot: m[4] } : {}),
    ...(tags ? { tags } : {}),
  };
}

export function routeAlert(
  alert: { severity: number },
  app: ScopedApp | undefined,
  policy: Policy | undefined,
  fallbackChannel: string | undefined,
): Route {
  if (policy && app) {
    for (const b of policy.bindings) {
      if (!b.alerts || alert.severity > b.alerts.maxSeverity) continue;
      if (matchScope(b.scope, app).in) return { channel: b.channel, by: `${b.path}.alerts` };
    }
  }
  if (fallbackChannel) return { channel: fallbackChannel, by: "APPSVC_ALERTS_CHANNEL" };
  return {
    why: app
      ? "no binding with alerts: covers the app at this severity, and APPSVC_ALERTS_CHANNEL is not set"
      : "the alert is not about an App Service app, and APPSVC_ALERTS_CHANNEL is not set",
  };
}

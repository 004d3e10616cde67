// Service Health / Resource Health matching shared by R01, R02 and the digest.

import type { AppRef, ResourceHealthInfo, ServiceHealthEvent, Window } from "../snapshot.ts";

const norm = (x: unknown) => (typeof x === "string" ? x.toLowerCase().replace(/[^a-z0-9]/g, "") : "");

export function serviceHealthSource(app: Pick<AppRef, "subscriptionId">): string {
  return `GET /subscriptions/${app?.subscriptionId ?? "{sub}"}/providers/Microsoft.ResourceHealth/events`;
}

export function resourceHealthSource(app: Pick<AppRef, "id">): string {
  return `GET ${app?.id ?? "{siteId}"}/providers/Microsoft.ResourceHealth/availabilityStatuses/current`;
}

/** Active App Service events of `eventType` in the app's region overlapping `w`. */
export function regionalEvents(
  events: readonly ServiceHealthEvent[] | undefined,
  app: Pick<AppRef, "region" | "location">,
  eventType: string,
  w: Window,
): ServiceHealthEvent[] {
  if (!Array.isArray(events)) return [];
  const regions = new Set([norm(app?.region), norm(app?.location)].filter((r) => r));
  return events.filter(
    (e) =>
      e &&
      norm(e.eventType) === norm(eventType) &&
      norm(e.status) === "active" &&
      Array.isArray(e.services) &&
      e.services.some((s: string) => norm(s).includes("appservice")) &&
      Array.isArray(e.regions) &&
      e.regions.some((r: string) => regions.has(norm(r))) &&
      !(Number.isFinite(e.start) && (e.start as number) > w.end) &&
      !(Number.isFinite(e.end) && (e.end as number) < w.start),
  );
}

/** Resource Health says the app is down or degraded for a reason that is not the user's. */
export function resourceHealthDown(rh: ResourceHealthInfo | undefined, reason: "Unplanned" | "Planned"): boolean {
  if (!rh) return false;
  const state = norm(rh.availabilityState);
  if (state !== "unavailable" && state !== "degraded") return false;
  const r = norm(rh.reasonType);
  if (reason === "Planned") return r === "planned";
  // An absent reason is taken as unplanned; user-initiated and planned never are.
  return r === "unplanned" || r === "";
}

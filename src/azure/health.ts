// Resource Health (one app's availability now) and Service Health events (per subscription).
import type { ResourceHealthInfo, ServiceHealthEvent } from "../core/snapshot.ts";
import { collect } from "./call.ts";
import type { AzureClients } from "./clients.ts";
import { armPath, normalizeRegion, parseResourceId } from "./ids.ts";

export async function readResourceHealth(
  clients: AzureClients,
  resourceId: string,
  signal: AbortSignal,
): Promise<ResourceHealthInfo> {
  const sub = parseResourceId(resourceId)?.subscriptionId ?? "";
  const s = await clients.health(sub).availabilityStatuses.getByResource(armPath(resourceId), { abortSignal: signal });
  const p = s.properties ?? {};
  return {
    availabilityState: p.availabilityState ?? "Unknown",
    ...(p.reasonType ? { reasonType: p.reasonType } : {}),
    ...(p.title ? { title: p.title } : {}),
    ...(p.summary ? { summary: p.summary } : {}),
    ...(p.occuredTime ? { occurredTime: new Date(p.occuredTime).getTime() } : {}),
    ...(p.reasonChronicity ? { reasonChronicity: p.reasonChronicity } : {}),
  };
}

const LOOKBACK_DAYS = 7;

/** Service Health events of a subscription that touch App Service (any region), newest first. */
export async function listServiceHealth(
  clients: AzureClients,
  subscriptionId: string,
  now: number,
  signal: AbortSignal,
): Promise<ServiceHealthEvent[]> {
  const since = new Date(now - LOOKBACK_DAYS * 86_400_000);
  // The API wants M/D/YYYY and filters on lastUpdateTime.
  const queryStartTime = `${since.getUTCMonth() + 1}/${since.getUTCDate()}/${since.getUTCFullYear()}`;
  const events = await collect(
    clients.health(subscriptionId).eventsOperations.listBySubscriptionId({ queryStartTime, abortSignal: signal }),
  );
  const out: ServiceHealthEvent[] = [];
  for (const e of events) {
    const appService = (e.impact ?? []).filter((i) => isAppService(i.impactedService));
    if (appService.length === 0) continue;
    out.push({
      id: e.name ?? e.id ?? "",
      title: e.title ?? "",
      eventType: e.eventType ?? "",
      status: e.status ?? "",
      regions: [
        ...new Set(
          appService.flatMap((i) => (i.impactedRegions ?? []).map((r) => normalizeRegion(r.impactedRegion ?? ""))),
        ),
      ],
      services: [...new Set(appService.map((i) => i.impactedService ?? ""))],
      ...(e.impactStartTime ? { start: new Date(e.impactStartTime).getTime() } : {}),
      ...(e.impactMitigationTime ? { end: new Date(e.impactMitigationTime).getTime() } : {}),
    });
  }
  return out.sort((a, b) => (b.start ?? 0) - (a.start ?? 0));
}

function isAppService(service: string | undefined): boolean {
  const s = (service ?? "").toLowerCase();
  return s === "app service" || s.startsWith("app service") || s === "web apps";
}

/** Events for the app's region that are active, or ended no earlier than `since`. */
export function serviceHealthFor(events: ServiceHealthEvent[], region: string, since: number): ServiceHealthEvent[] {
  return events.filter(
    (e) =>
      e.regions.includes(region) && (e.status.toLowerCase() === "active" || (e.end !== undefined && e.end >= since)),
  );
}

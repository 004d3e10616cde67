// Facts for fleet-wide views (the digest) from subscription-level lists only: the cached site list (state,
// the partial siteConfig it carries), the cached plan list (SKU, capacity) and Service Health events per
// subscription. No per-app read, so 500 apps cost a handful of list calls, not thousands of GETs.
import type { Site } from "@azure/arm-appservice";
import type { FleetFacts, ListedFacts } from "../core/fleet.ts";
import type { AppRef, ServiceHealthEvent, SiteConfigInfo } from "../core/snapshot.ts";
import type { AppIndex } from "./app-index.ts";
import type { TtlCache } from "./cache.ts";
import type { AdapterContext } from "./context.ts";
import { reason } from "./enrichment.ts";
import { listServiceHealth } from "./health.ts";
import { toSiteInfo } from "./mappers.ts";

/** The site and the partial siteConfig a site list returns (GET-site's siteConfig is partial too). */
export function listedSiteFacts(site: Site): Pick<ListedFacts, "site" | "config"> {
  const c = site.siteConfig ?? {};
  const config: Partial<SiteConfigInfo> = {};
  if (c.healthCheckPath) config.healthCheckPath = c.healthCheckPath;
  if (typeof c.alwaysOn === "boolean") config.alwaysOn = c.alwaysOn;
  if (typeof c.autoHealEnabled === "boolean") config.autoHealEnabled = c.autoHealEnabled;
  if (typeof c.use32BitWorkerProcess === "boolean") config.use32BitWorkerProcess = c.use32BitWorkerProcess;
  if (c.linuxFxVersion) config.linuxFxVersion = c.linuxFxVersion;
  if (c.numberOfWorkers !== undefined) config.numberOfWorkers = c.numberOfWorkers;
  return { site: toSiteInfo(site, config as SiteConfigInfo), config };
}

export interface FleetFactsDeps {
  ctx: AdapterContext;
  index: AppIndex;
  serviceHealth: TtlCache<ServiceHealthEvent[]>;
}

export async function readFleetFacts(d: FleetFactsDeps, apps: AppRef[], signal?: AbortSignal): Promise<FleetFacts> {
  const unknowns: FleetFacts["unknowns"] = [];
  const failed = new Set<string>();
  const note = (signalName: string) => (err: unknown) => {
    if (!failed.has(signalName)) unknowns.push({ signal: signalName, reason: reason(err) });
    failed.add(signalName);
    return undefined;
  };
  // The site list fills the index's listed facts; a cached list costs nothing.
  await d.index.listApps().catch(note("site list"));
  const planIds = [...new Map(apps.filter((a) => a.planId).map((a) => [a.planId.toLowerCase(), a.planId])).values()];
  const subs = [...new Map(apps.map((a) => [a.subscriptionId.toLowerCase(), a.subscriptionId])).values()];
  const [plans, events] = await Promise.all([
    Promise.all(planIds.map((id) => d.index.plan(id).catch(note("plan list")))),
    Promise.all(
      subs.map((sub) =>
        d.serviceHealth
          .get(sub.toLowerCase(), () =>
            d.ctx.read(
              {
                call: `events.listBySubscriptionId ${sub}`,
                action: "Microsoft.ResourceHealth/events/read",
                scope: `/subscriptions/${sub}`,
              },
              (s) => listServiceHealth(d.ctx.clients, sub, d.ctx.now(), s),
              signal,
            ),
          )
          .catch(note("Service Health")),
      ),
    ),
  ]);
  const planById = new Map(planIds.map((id, i) => [id.toLowerCase(), plans[i]]));
  const out = new Map<string, ListedFacts>();
  for (const app of apps) {
    const listed = d.index.listed(app.id);
    const plan = planById.get(app.planId.toLowerCase());
    out.set(app.id.toLowerCase(), { ...(listed ?? {}), ...(plan ? { plan } : {}) });
  }
  return { apps: out, serviceHealth: events.flatMap((e) => e ?? []), unknowns };
}

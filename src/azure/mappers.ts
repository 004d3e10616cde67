// App Service SDK models → domain shapes. The SDK flattens `properties`, so these read top-level fields.
import type { AppServicePlan, Site, SiteConfigResource, WebSiteInstanceStatus } from "@azure/arm-appservice";
import type { AppRef, AutoHealRules, InstanceInfo, PlanInfo, SiteConfigInfo, SiteInfo } from "../core/snapshot.ts";
import { normalizeRegion, parseResourceId, parseSiteId } from "./ids.ts";

export function toAppRef(site: Site): AppRef | undefined {
  const id = site.id ?? "";
  const parsed = parseSiteId(id);
  if (!parsed) return undefined;
  const location = site.location ?? "";
  return {
    id,
    subscriptionId: parsed.subscriptionId,
    resourceGroup: site.resourceGroup ?? parsed.resourceGroup,
    name: parsed.name,
    ...(parsed.slot ? { slot: parsed.slot } : {}),
    location,
    region: normalizeRegion(location),
    kind: site.kind ?? "app",
    planId: site.serverFarmId ?? "",
    // Policy bindings may scope by tag; the site list carries them at no extra cost.
    ...(site.tags && Object.keys(site.tags).length ? { tags: { ...site.tags } } : {}),
  };
}

export function toSiteInfo(site: Site, config?: SiteConfigInfo): SiteInfo {
  const kind = (site.kind ?? "").toLowerCase();
  const fx = (config?.linuxFxVersion ?? config?.windowsFxVersion ?? "").toUpperCase();
  return {
    state: site.state ?? "Unknown",
    enabled: site.enabled ?? true,
    usageState: site.usageState ?? "Normal",
    availabilityState: site.availabilityState ?? "Normal",
    os: kind.includes("linux") || site.reserved === true ? "linux" : "windows",
    isContainer: fx.startsWith("DOCKER|") || kind.includes("container"),
    ...(site.defaultHostName ? { defaultHostName: site.defaultHostName } : {}),
    enabledHostNames: site.enabledHostNames ?? [],
    ...(site.virtualNetworkSubnetId ? { virtualNetworkSubnetId: site.virtualNetworkSubnetId } : {}),
  };
}

export function toPlanInfo(plan: AppServicePlan): PlanInfo {
  const id = plan.id ?? "";
  const sku = plan.sku ?? {};
  return {
    id,
    name: plan.name ?? parseResourceId(id)?.names[0] ?? "",
    resourceGroup: plan.resourceGroup ?? parseResourceId(id)?.resourceGroup ?? "",
    location: plan.location ?? "",
    kind: plan.kind ?? "app",
    skuName: sku.name ?? "",
    skuTier: sku.tier ?? "",
    ...(sku.size ? { skuSize: sku.size } : {}),
    ...(sku.family ? { skuFamily: sku.family } : {}),
    capacity: sku.capacity ?? plan.numberOfWorkers ?? 1,
    ...(plan.maximumNumberOfWorkers !== undefined ? { maximumNumberOfWorkers: plan.maximumNumberOfWorkers } : {}),
    ...(plan.numberOfSites !== undefined ? { numberOfSites: plan.numberOfSites } : {}),
    elasticScaleEnabled: plan.elasticScaleEnabled ?? false,
    ...(plan.maximumElasticWorkerCount !== undefined
      ? { maximumElasticWorkerCount: plan.maximumElasticWorkerCount }
      : {}),
    reserved: plan.reserved ?? false,
    ...(plan.status ? { status: plan.status } : {}),
  };
}

export function toConfigInfo(cfg: SiteConfigResource): SiteConfigInfo {
  const out: SiteConfigInfo = {
    autoHealEnabled: cfg.autoHealEnabled ?? false,
    use32BitWorkerProcess: cfg.use32BitWorkerProcess ?? false,
    alwaysOn: cfg.alwaysOn ?? false,
  };
  if (cfg.healthCheckPath) out.healthCheckPath = cfg.healthCheckPath;
  if (cfg.autoHealRules) out.autoHealRules = toAutoHealRules(cfg.autoHealRules);
  if (cfg.linuxFxVersion) out.linuxFxVersion = cfg.linuxFxVersion;
  if (cfg.windowsFxVersion) out.windowsFxVersion = cfg.windowsFxVersion;
  if (cfg.appCommandLine) out.appCommandLine = cfg.appCommandLine;
  if (cfg.minimumElasticInstanceCount !== undefined) out.minimumElasticInstanceCount = cfg.minimumElasticInstanceCount;
  if (cfg.numberOfWorkers !== undefined) out.numberOfWorkers = cfg.numberOfWorkers;
  return out;
}

/** Copies the auto-heal rules field by field, dropping undefined, so no SDK object escapes. */
function toAutoHealRules(r: NonNullable<SiteConfigResource["autoHealRules"]>): AutoHealRules {
  const clean = <T extends object>(o: T): T =>
    Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
  const t = r.triggers;
  const a = r.actions;
  const out: AutoHealRules = {};
  if (t) {
    out.triggers = clean({
      requests: t.requests ? clean({ count: t.requests.count, timeInterval: t.requests.timeInterval }) : undefined,
      privateBytesInKB: t.privateBytesInKB,
      statusCodes: t.statusCodes?.map((s) =>
        clean({
          status: s.status,
          subStatus: s.subStatus,
          win32Status: s.win32Status,
          count: s.count,
          timeInterval: s.timeInterval,
          path: s.path,
        }),
      ),
      slowRequests: t.slowRequests
        ? clean({
            timeTaken: t.slowRequests.timeTaken,
            path: t.slowRequests.path,
            count: t.slowRequests.count,
            timeInterval: t.slowRequests.timeInterval,
          })
        : undefined,
      slowRequestsWithPath: t.slowRequestsWithPath?.map((s) =>
        clean({ timeTaken: s.timeTaken, path: s.path, count: s.count, timeInterval: s.timeInterval }),
      ),
      statusCodesRange: t.statusCodesRange?.map((s) =>
        clean({ statusCodes: s.statusCodes, path: s.path, count: s.count, timeInterval: s.timeInterval }),
      ),
    });
  }
  if (a) {
    out.actions = clean({
      actionType: a.actionType as NonNullable<AutoHealRules["actions"]>["actionType"],
      customAction: a.customAction
        ? clean({ exe: a.customAction.exe, parameters: a.customAction.parameters })
        : undefined,
      minProcessExecutionTime: a.minProcessExecutionTime,
    });
  }
  return out;
}

export function toInstanceInfo(i: WebSiteInstanceStatus): InstanceInfo {
  return { name: i.name ?? parseResourceId(i.id ?? "")?.names.at(-1) ?? "", state: i.state ?? "UNKNOWN" };
}

// Microsoft.Web/sites wire shapes (GetWebApp.json, GetSiteConfig.json, GetSiteInstanceInfo.json): ARM envelope
// with `properties`; the SDK flattens it.

import { createHash } from "node:crypto";
import type { SimPlan, SimSite } from "../fleet.ts";
import { baseName, siteId } from "../world.ts";
import { isoSeconds } from "./time.ts";

function ips(seed: string, n: number): string {
  const h = createHash("sha256").update(seed).digest();
  return Array.from(
    { length: n },
    (_, i) => `20.${50 + (h[i * 2] % 150)}.${h[i * 2 + 1]}.${h[i + 10] % 254 || 1}`,
  ).join(",");
}

/** The unique default hostname's hash label, stable per site (a real one is 16 random characters). */
function hostHash(site: SimSite): string {
  return createHash("sha256")
    .update(`${site.subscriptionId}/${site.resourceGroup}/${site.name}`)
    .digest("hex")
    .slice(0, 16);
}

/** Region label of unique default hostnames: "West Europe" → "westeurope-01". */
function regionLabel(site: SimSite): string {
  return `${site.location.toLowerCase().replace(/[^a-z0-9]/g, "")}-01`;
}

/** `<app>.azurewebsites.net`, or with a unique default hostname `<app>-<hash>.<region>-01.azurewebsites.net`. */
export function hostName(site: SimSite): string {
  const label = site.slot ? `${baseName(site)}-${site.slot}` : baseName(site);
  return site.uniqueHostName
    ? `${label}-${hostHash(site)}.${regionLabel(site)}.azurewebsites.net`
    : `${label}.azurewebsites.net`;
}

/** The Kudu host: `<app>.scm.azurewebsites.net` or `<app>-<hash>.scm.<region>-01.azurewebsites.net`. */
export function scmHostName(site: SimSite): string {
  const host = hostName(site);
  const dot = host.indexOf(".");
  return `${host.slice(0, dot)}.scm${host.slice(dot)}`;
}

/** config/web `properties`: the service's defaults overlaid with the site's own settings. */
export function configProperties(site: SimSite, plan: SimPlan, workers: number): Record<string, unknown> {
  const linux = plan.reserved || site.kind.includes("linux");
  return {
    numberOfWorkers: workers,
    defaultDocuments: ["Default.htm", "Default.html", "index.html", "hostingstart.html"],
    netFrameworkVersion: "v4.0",
    phpVersion: "",
    pythonVersion: "",
    nodeVersion: "",
    powerShellVersion: "",
    linuxFxVersion: linux ? "NODE|20-lts" : "",
    windowsFxVersion: null,
    requestTracingEnabled: false,
    remoteDebuggingEnabled: false,
    httpLoggingEnabled: site.logsEnabled,
    acrUseManagedIdentityCreds: false,
    logsDirectorySizeLimit: 35,
    detailedErrorLoggingEnabled: false,
    publishingUsername: `$${baseName(site)}`,
    scmType: "None",
    use32BitWorkerProcess: !linux,
    webSocketsEnabled: false,
    alwaysOn: true,
    appCommandLine: "",
    managedPipelineMode: "Integrated",
    virtualApplications: [{ virtualPath: "/", physicalPath: "site\\wwwroot", preloadEnabled: true }],
    loadBalancing: "LeastRequests",
    experiments: { rampUpRules: [] },
    autoHealEnabled: false,
    vnetRouteAllEnabled: false,
    vnetPrivatePortsCount: 0,
    localMySqlEnabled: false,
    ipSecurityRestrictions: [
      { ipAddress: "Any", action: "Allow", priority: 2147483647, name: "Allow all", description: "Allow all access" },
    ],
    scmIpSecurityRestrictionsUseMain: false,
    http20Enabled: true,
    minTlsVersion: "1.2",
    scmMinTlsVersion: "1.2",
    ftpsState: "FtpsOnly",
    preWarmedInstanceCount: 0,
    functionsRuntimeScaleMonitoringEnabled: false,
    minimumElasticInstanceCount: 0,
    azureStorageAccounts: {},
    ...site.config,
  };
}

export function configWire(site: SimSite, plan: SimPlan, workers: number): Record<string, unknown> {
  return {
    id: `${siteId(site)}/config/web`,
    name: "web",
    type: site.slot ? "Microsoft.Web/sites/slots/config" : "Microsoft.Web/sites/config",
    kind: site.kind,
    location: site.location,
    properties: configProperties(site, plan, workers),
  };
}

export function siteWire(
  site: SimSite,
  plan: SimPlan,
  workers: number,
  lastModified: number,
  planResourceId: string,
): Record<string, unknown> {
  const host = hostName(site);
  const scm = scmHostName(site);
  const cfg = configProperties(site, plan, workers);
  const siteConfig: Record<string, unknown> = {
    numberOfWorkers: workers,
    linuxFxVersion: cfg.linuxFxVersion,
    acrUseManagedIdentityCreds: false,
    alwaysOn: cfg.alwaysOn,
    http20Enabled: cfg.http20Enabled,
    functionAppScaleLimit: 0,
    minimumElasticInstanceCount: 0,
    autoHealEnabled: cfg.autoHealEnabled,
    minTlsVersion: cfg.minTlsVersion,
    loadBalancing: cfg.loadBalancing,
  };
  if (typeof cfg.healthCheckPath === "string" && cfg.healthCheckPath !== "")
    siteConfig.healthCheckPath = cfg.healthCheckPath;
  const ipSeed = `${plan.subscriptionId}/${plan.resourceGroup}/${plan.name}`;
  return {
    id: siteId(site),
    name: site.slot ? `${baseName(site)}/${site.slot}` : baseName(site),
    type: site.slot ? "Microsoft.Web/sites/slots" : "Microsoft.Web/sites",
    kind: site.kind,
    location: site.location,
    tags: site.tags ?? {},
    properties: {
      name: site.slot ? `${baseName(site)}(${site.slot})` : baseName(site),
      state: site.state,
      hostNames: [host],
      webSpace: `${plan.resourceGroup}-${site.location.replace(/\s+/g, "")}webspace`,
      repositorySiteName: baseName(site),
      usageState: site.usageState,
      enabled: site.enabled,
      enabledHostNames: [host, scm],
      availabilityState: "Normal",
      hostNameSslStates: [
        { name: host, sslState: "Disabled", hostType: "Standard" },
        { name: scm, sslState: "Disabled", hostType: "Repository" },
      ],
      serverFarmId: planResourceId,
      reserved: plan.reserved,
      isXenon: false,
      hyperV: false,
      lastModifiedTimeUtc: isoSeconds(lastModified),
      vnetRouteAllEnabled: false,
      siteConfig,
      scmSiteAlsoStopped: false,
      clientAffinityEnabled: true,
      clientCertEnabled: false,
      hostNamesDisabled: false,
      outboundIpAddresses: ips(ipSeed, 4),
      possibleOutboundIpAddresses: ips(`${ipSeed}+`, 8),
      containerSize: 0,
      dailyMemoryTimeQuota: 0,
      resourceGroup: site.resourceGroup,
      defaultHostName: host,
      httpsOnly: true,
      redundancyMode: "None",
      sku: plan.sku.tier,
      publicNetworkAccess: "Enabled",
      keyVaultReferenceIdentity: "SystemAssigned",
    },
  };
}

export function instanceWire(site: SimSite, worker: string, running: boolean): Record<string, unknown> {
  const scm = `https://${scmHostName(site)}`;
  return {
    id: `${siteId(site)}/instances/${worker}`,
    name: worker,
    type: site.slot ? "Microsoft.Web/sites/slots/instances" : "Microsoft.Web/sites/instances",
    location: site.location,
    properties: {
      state: running ? "READY" : "STOPPED",
      statusUrl: `${scm}/api/vfs/`,
      detectorUrl: `${scm}/detectors?instance=${worker}`,
      consoleUrl: `${scm}/DebugConsole?instance=${worker}`,
      healthCheckUrl: `${scm}/api/health?instance=${worker}`,
    },
  };
}

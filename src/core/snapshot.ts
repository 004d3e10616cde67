// Domain shape of everything the bot reads about one app. Produced by src/azure (the only code that
// knows Azure wire shapes), consumed by the pure core. No Azure SDK types leak in here.

export type Os = "windows" | "linux";

/** Identity of one web app (or one slot of it) in the fleet. */
export interface AppRef {
  /** ARM resource ID of the site (or `…/sites/{name}/slots/{slot}`), original casing. */
  id: string;
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  slot?: string;
  /** ARM location as the site reports it, e.g. "West Europe". */
  location: string;
  /** Short region name for regional endpoints, e.g. "westeurope". */
  region: string;
  kind: string;
  /** ARM resource ID of the App Service plan (`serverFarmId`). */
  planId: string;
  /** ARM tags of the site, when the adapter read them; policy scopes may select apps by tag (src/policy/scope.ts). */
  tags?: Record<string, string>;
}

export interface SiteInfo {
  state: string; // "Running" | "Stopped"
  enabled: boolean;
  usageState: string; // "Normal" | "Exceeded"
  availabilityState: string; // "Normal" | "Limited" | "DisasterRecoveryMode"
  os: Os;
  /** linuxFxVersion starts with DOCKER| or kind contains "container". */
  isContainer: boolean;
  defaultHostName?: string;
  /** Includes the `.scm.` host: the only reliable source for Kudu links. */
  enabledHostNames: string[];
  virtualNetworkSubnetId?: string;
}

export interface PlanInfo {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  kind: string;
  skuName: string;
  skuTier: string;
  skuSize?: string;
  skuFamily?: string;
  capacity: number;
  maximumNumberOfWorkers?: number;
  numberOfSites?: number;
  elasticScaleEnabled: boolean;
  maximumElasticWorkerCount?: number;
  reserved: boolean;
  status?: string;
}

/** Auto-heal rules exactly as Azure models them (`siteConfig.autoHealRules`). */
export interface AutoHealRules {
  triggers?: {
    requests?: { count?: number; timeInterval?: string };
    privateBytesInKB?: number;
    statusCodes?: Array<{
      status?: number;
      subStatus?: number;
      win32Status?: number;
      count?: number;
      timeInterval?: string;
      path?: string;
    }>;
    slowRequests?: { timeTaken?: string; path?: string; count?: number; timeInterval?: string };
    slowRequestsWithPath?: Array<{ timeTaken?: string; path?: string; count?: number; timeInterval?: string }>;
    statusCodesRange?: Array<{ statusCodes?: string; path?: string; count?: number; timeInterval?: string }>;
  };
  actions?: {
    actionType?: "Recycle" | "LogEvent" | "CustomAction";
    customAction?: { exe?: string; parameters?: string };
    minProcessExecutionTime?: string;
  };
}

export interface SiteConfigInfo {
  healthCheckPath?: string;
  autoHealEnabled: boolean;
  autoHealRules?: AutoHealRules;
  use32BitWorkerProcess: boolean;
  alwaysOn: boolean;
  linuxFxVersion?: string;
  windowsFxVersion?: string;
  appCommandLine?: string;
  minimumElasticInstanceCount?: number;
  numberOfWorkers?: number;
}

export interface InstanceInfo {
  /** Instance ID as GET …/instances names it; equals the `Instance` metric dimension value. */
  name: string;
  state: string; // READY | STOPPED | UNKNOWN
}

/** An enabled autoscale setting that targets the app's plan (the R19 guard). */
export interface AutoscaleInfo {
  id: string;
  name: string;
  enabled: boolean;
  /** The profile in force now (schedule profiles take precedence over the default). */
  profileName: string;
  /** That profile runs on a schedule (fixed dates or a weekly recurrence): another applies when it ends. */
  scheduled?: boolean;
  minimum: number;
  maximum: number;
  default: number;
}

export type MetricScope = "site" | "plan";
export type Aggregation = "Total" | "Average" | "Maximum" | "Minimum" | "Count";

/**
 * One metric with one aggregation on a regular time axis. `null` means "no data" (unknown),
 * never zero: Azure omits the aggregate field for empty buckets.
 */
export interface MetricGrid {
  name: string; // REST name, canonical case: "Http5xx", "CpuPercentage", …
  scope: MetricScope;
  aggregation: Aggregation;
  /** Epoch ms of the first point. */
  start: number;
  grainMs: number;
  /** Whole-resource series; for Total = Σ instances, for Average = mean of instances. */
  all: (number | null)[];
  /** Per `Instance` dimension value; empty when the query was not split. */
  perInstance: Record<string, (number | null)[]>;
  unit?: string;
  /** Which API call produced it, for evidence ("GET …/providers/Microsoft.Insights/metrics"). */
  source: string;
}

export interface ResourceHealthInfo {
  availabilityState: string; // Available | Unavailable | Degraded | Unknown
  reasonType?: string; // Planned | Unplanned | UserInitiated
  title?: string;
  summary?: string;
  occurredTime?: number;
  reasonChronicity?: string;
}

export interface ServiceHealthEvent {
  id: string;
  title: string;
  eventType: string; // ServiceIssue | PlannedMaintenance | HealthAdvisory | …
  status: string; // Active | Resolved
  /** Regions (short names) where App Service is impacted. */
  regions: string[];
  services: string[];
  start?: number;
  end?: number;
  link?: string;
}

export interface ChangeEvent {
  at: number;
  /** e.g. "Microsoft.Web/sites/config/write", "deployment". */
  operation: string;
  kind: "restart" | "stop" | "start" | "config" | "swap" | "deployment" | "scale" | "autoscale" | "other";
  caller?: string;
  status?: string;
  correlationId?: string;
  source: "activityLog" | "deployments";
  /** For a swap: the other slot of the swap (what "swap back" targets), when the event names it. */
  targetSlot?: string;
}

/** Rows of the optional Log Analytics queries; absent when no workspace is configured. */
export interface LogsData {
  /** Q1: 5xx by 5-minute bucket, status, sub-status and instance. */
  http5xx: Array<{ t: number; status: number; subStatus: string; instance?: string; count: number }>;
  /** Q2: 5xx with TimeTaken ≥ 229 s, by path. */
  slowFailures: Array<{ path: string; count: number; p50Ms: number; maxMs: number }>;
  /** 5xx by path (all durations), to judge path concentration. */
  failuresByPath: Array<{ path: string; count: number }>;
  /** Q4: platform log lines (container lifecycle). */
  platform: Array<{ t: number; level?: string; message: string; containerId?: string }>;
  /** Q5: console lines (port banner, exceptions). */
  console: Array<{ t: number; level?: string; message: string }>;
}

export interface Window {
  start: number;
  end: number;
}

export interface Snapshot {
  app: AppRef;
  takenAt: number;
  window: Window;
  site: SiteInfo;
  plan: PlanInfo;
  /**
   * Absent when it could not be read and the caller let it be (status and diagnose, SnapshotOptions.configOptional):
   * then its failure is in `unknowns` and every rule or figure that needs it says "not checked", never "off".
   */
  config?: SiteConfigInfo;
  instances: InstanceInfo[];
  autoscale?: AutoscaleInfo;
  /** Site metrics (PT1M, per instance) and plan metrics (PT1M, per instance); HealthCheckStatus at PT5M. */
  metrics: MetricGrid[];
  /** Same-hour baselines over the previous days when read; otherwise rules use the pre-window median. */
  baseline?: { metrics: MetricGrid[]; window: Window };
  resourceHealth?: ResourceHealthInfo;
  serviceHealth: ServiceHealthEvent[];
  changes: ChangeEvent[];
  appSettings?: Record<string, string>;
  logs?: LogsData;
  /** Optional detector enrichment: detector id → status and short text. */
  detectors?: Array<{ id: string; status: string; message?: string }>;
  /** What could not be read, and why: rules treat these signals as unknown. */
  unknowns: Array<{ signal: string; reason: string }>;
}

/** Finds a metric grid by name (case-insensitive) and scope. */
export function findMetric(s: Pick<Snapshot, "metrics">, scope: MetricScope, name: string): MetricGrid | undefined {
  const n = name.toLowerCase();
  return s.metrics.find((m) => m.scope === scope && m.name.toLowerCase() === n);
}

// The Fleet port: everything the bot reads about the apps it watches. Pure types; the Azure adapter
// (src/azure/arm-fleet.ts) implements it, tests may implement it in memory.
import type { AppLookup } from "./app-query.ts";
import type {
  Aggregation,
  AppRef,
  ChangeEvent,
  LogsData,
  MetricGrid,
  MetricScope,
  PlanInfo,
  ResourceHealthInfo,
  ServiceHealthEvent,
  SiteConfigInfo,
  SiteInfo,
  Snapshot,
  Window,
} from "./snapshot.ts";

export interface ListAppsOptions {
  /** Also list deployment slots (one extra read per site on a cold cache). */
  includeSlots?: boolean;
  /** Bypass the cache and read the list now. */
  refresh?: boolean;
}

export type Resolution =
  | { kind: "found"; app: AppRef }
  | { kind: "ambiguous"; candidates: AppRef[] }
  | { kind: "unknown"; query: string; suggestions: AppRef[] };

/**
 * One part of what the bot knows about an app, read on its own by the verbs that need less than a diagnosis
 * (health, logs, metrics, links): each fails only when the parts it is about were not read (docs/faults.md).
 */
export type AppPart =
  | "site"
  | "resourceHealth"
  | "serviceHealth"
  | "logs"
  | "siteMetrics"
  | "planMetrics"
  | "healthCheckMetrics";

/** A part asked for and not read: the signal and reason for the "Not read:" line, and the error itself. */
export interface NotRead {
  part: AppPart;
  /** "resourceHealth", "serviceHealth", "logs.http5xx", "siteMetrics", … */
  signal: string;
  /** The call and what happened, e.g. "metrics.list shop-api (site): throttled for 30 s". */
  reason: string;
  error: unknown;
}

/** The parts read; a part asked for is either here or in `notRead`, never silently empty. */
export interface AppParts {
  /** The site resource (state, host names), read without its configuration. */
  site?: SiteInfo;
  resourceHealth?: ResourceHealthInfo;
  /** Service Health events touching the app's region (active, or ended within the window's lead). */
  serviceHealth?: ServiceHealthEvent[];
  /** Log Analytics rows; queries that failed are in `notRead` (their tables are empty here). Absent without a workspace. */
  logs?: LogsData;
  /** Site metrics (PT1M, per instance), plan metrics (PT1M, per instance), HealthCheckStatus (PT5M), as asked. */
  metrics: MetricGrid[];
  notRead: NotRead[];
}

export interface SnapshotOptions {
  /** Run App Service diagnostics detectors as extra evidence (slower; two more round trips). */
  detectors?: boolean;
  /** Also read the 24 h before the window (site and plan metrics, PT5M) for rule baselines. */
  baseline?: boolean;
  /**
   * The site configuration may be missing: a failed read becomes an unknown (`siteConfig`) instead of failing
   * the snapshot. For answers that judge from the metrics (status, diagnose); a change needs the config it changes.
   */
  configOptional?: boolean;
  signal?: AbortSignal;
}

/** One metric and the aggregations to read for it. */
export interface MetricSpec {
  name: string;
  aggregations: Aggregation[];
}

export interface FleetMetricsOptions {
  metrics?: { site?: MetricSpec[]; plan?: MetricSpec[] };
  /** ISO 8601 grain, default PT1M. */
  interval?: string;
  /** Split by the Instance dimension (default true). */
  perInstance?: boolean;
  signal?: AbortSignal;
  /**
   * Receives each resource's grids (a site's or a plan's, by lower-cased resource ID) as its batch is read,
   * and the result map stays empty: the digest's worker packs them at once instead of holding a whole pass
   * as arrays (docs/memory.md).
   */
  onResource?: (scope: MetricScope, resourceId: string, grids: MetricGrid[]) => void;
}

/** What the site and plan lists already say about one app (no per-app read). */
export interface ListedFacts {
  site?: SiteInfo;
  plan?: PlanInfo;
  /** The partial `siteConfig` a site list carries (health check path, Always On, auto-heal); not authoritative. */
  config?: Partial<SiteConfigInfo>;
}

/** Facts for fleet-wide views (the digest), from cached subscription-level lists only. */
export interface FleetFacts {
  /** By app id, lower-cased. */
  apps: Map<string, ListedFacts>;
  /** Service Health events touching App Service in the apps' subscriptions. */
  serviceHealth: ServiceHealthEvent[];
  /** Lists that could not be read, and why. */
  unknowns: Array<{ signal: string; reason: string }>;
}

export interface Fleet {
  /** Every site (and slots on request) in the watched subscriptions; cached, refreshed in the background. */
  listApps(opts?: ListAppsOptions): Promise<AppRef[]>;
  /** By name, `rg/name`, `name/slot` or resource ID, case-insensitive. */
  /** The query as the grammar parsed it (never re-parsed from text), or text from elsewhere (a resource ID). */
  resolveApp(query: AppLookup, opts?: { slot?: string }): Promise<Resolution>;
  /** Everything the rules need about one app over one window. */
  snapshot(app: AppRef, window: Window, opts?: SnapshotOptions): Promise<Snapshot>;
  /** Only the named parts, each read with its own deadline; none of them fails the call (see `notRead`). */
  appParts(app: AppRef, window: Window, parts: AppPart[], opts?: { signal?: AbortSignal }): Promise<AppParts>;
  /** Batched metrics for many apps (site grids, then the app's plan grids), keyed by app id. */
  fleetMetrics(apps: AppRef[], window: Window, opts?: FleetMetricsOptions): Promise<Map<string, MetricGrid[]>>;
  /** Listed facts for many apps: one cached list per subscription (sites, plans, Service Health), never per app. */
  fleetFacts?(apps: AppRef[], opts?: { signal?: AbortSignal }): Promise<FleetFacts>;
  /** The app's stop events in the window from the Activity Log (since when and by whom it is stopped). */
  stopEvents?(app: AppRef, window: Window, opts?: { signal?: AbortSignal }): Promise<ChangeEvent[]>;
  /** Forget cached facts (plan, autoscale, deployments) after a change the bot made; no argument: all. */
  invalidate?(appId?: string): void;
}

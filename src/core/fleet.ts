// The Fleet port: everything the bot reads about the apps it watches. Pure types; the Azure adapter
// (src/azure/arm-fleet.ts) implements it, tests may implement it in memory.
import type { AppLookup } from "./app-query.ts";
import type {
  Aggregation,
  AppRef,
  ChangeEvent,
  MetricGrid,
  MetricScope,
  PlanInfo,
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

export interface SnapshotOptions {
  /** Run App Service diagnostics detectors as extra evidence (slower; two more round trips). */
  detectors?: boolean;
  /** Also read the 24 h before the window (site and plan metrics, PT5M) for rule baselines. */
  baseline?: boolean;
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
  /** Batched metrics for many apps (site grids, then the app's plan grids), keyed by app id. */
  fleetMetrics(apps: AppRef[], window: Window, opts?: FleetMetricsOptions): Promise<Map<string, MetricGrid[]>>;
  /** Listed facts for many apps: one cached list per subscription (sites, plans, Service Health), never per app. */
  fleetFacts?(apps: AppRef[], opts?: { signal?: AbortSignal }): Promise<FleetFacts>;
  /** The app's stop events in the window from the Activity Log (since when and by whom it is stopped). */
  stopEvents?(app: AppRef, window: Window, opts?: { signal?: AbortSignal }): Promise<ChangeEvent[]>;
  /** Forget cached facts (plan, autoscale, deployments) after a change the bot made; no argument: all. */
  invalidate?(appId?: string): void;
}

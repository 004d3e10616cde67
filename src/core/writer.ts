// The AzureWriter port: the only way the bot changes Azure. Every method is one approved change, sent
// once (never retried: a restart or scale that timed out may still have happened) under a deadline.
// The Azure adapter (src/azure/writes.ts, ArmWriter) implements it; failures are DomainErrors.
import type { AutoHealRules } from "./snapshot.ts";

/** The site (or slot) a write acts on; an AppRef fits. */
export interface SiteTarget {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  slot?: string;
}

export interface WriteOptions {
  /**
   * Sent as `x-ms-correlation-request-id`, so the Activity Log entry carries the bot's correlation id
   * (the approval's). A fresh UUID when absent.
   */
  correlationId?: string;
  signal?: AbortSignal;
}

export interface WriteResult {
  /** ARM's correlation id for the call (as echoed by ARM; the one sent when it echoes none). */
  correlationId: string;
  /** `x-ms-request-id` of the (first) response. */
  requestId?: string;
  /** HTTP status of the first response (202 for an accepted long-running PUT that was then polled to success). */
  status: number;
  /** A memory dump: where it was written, its size and how long it took. */
  dump?: { url: string; bytes: number; ms: number };
}

/** One process on one instance, and the blob its dump goes to. */
export interface DumpTarget {
  instance: string;
  pid: number;
  blobName: string;
}

/** A plan PUT: absent fields keep the plan's current value. */
export interface ScaleSpec {
  capacity?: number;
  /** Scale up: the new `sku.name` (e.g. "P1v3"); tier and size follow it. */
  skuName?: string;
  /** Tier of the new SKU when known (e.g. "PremiumV3"). */
  skuTier?: string;
}

/** The `config/web` properties the bot may change (PATCH merges them; objects replace whole). */
export interface SiteConfigPatch {
  autoHealEnabled?: boolean;
  autoHealRules?: AutoHealRules;
  healthCheckPath?: string;
  alwaysOn?: boolean;
  use32BitWorkerProcess?: boolean;
  minimumElasticInstanceCount?: number;
}

/** Automatic scaling (elastic) properties of a plan, changed with a plan PATCH (no sku involved). */
export interface PlanElasticPatch {
  maximumElasticWorkerCount?: number;
  elasticScaleEnabled?: boolean;
}

export interface AutoscaleCapacity {
  profileName: string;
  minimum: number;
  maximum: number;
  default: number;
}

/**
 * What Azure says became of a change sent with a correlation id (the Activity Log entries carrying it):
 * done or failed (with the entry's time), still running, no record at all, or Azure could not be asked.
 */
export type OperationOutcome =
  | { kind: "done"; at: number; operation: string }
  | { kind: "failed"; at: number; operation: string; status: string }
  | { kind: "running"; since: number; operation: string }
  | { kind: "none" }
  | { kind: "unknown"; reason: string };

export interface OutcomeQuery {
  subscriptionId: string;
  correlationId: string;
  /** Look from here (the execution's start, epoch ms) … */
  since: number;
  /** … to here. */
  until: number;
}

export interface AzureWriter {
  /** Reads the Activity Log for the change's correlation id; never throws (an error is `unknown`). */
  outcomeOf?(q: OutcomeQuery, opts?: { signal?: AbortSignal }): Promise<OperationOutcome>;
  /** POST …/restart (or …/slots/{slot}/restart); `slot` overrides the target's slot. */
  restart(app: SiteTarget, opts: { soft: boolean; slot?: string } & WriteOptions): Promise<WriteResult>;
  start(app: SiteTarget, opts?: WriteOptions): Promise<WriteResult>;
  stop(app: SiteTarget, opts?: WriteOptions): Promise<WriteResult>;
  /** POST {planId}/workers/{worker}/reboot: every app of the plan on that worker restarts. */
  rebootWorker(planId: string, worker: string, opts?: WriteOptions): Promise<WriteResult>;
  /** GET the plan, then PUT it whole with the new sku (a PATCH silently drops sku). */
  scalePlan(planId: string, spec: ScaleSpec, opts?: WriteOptions): Promise<WriteResult>;
  /** PATCH the plan's automatic-scaling properties. */
  updatePlanElastic(planId: string, patch: PlanElasticPatch, opts?: WriteOptions): Promise<WriteResult>;
  /** PATCH …/config/web (restarts the app). */
  updateSiteConfig(app: SiteTarget, patch: SiteConfigPatch, opts?: WriteOptions): Promise<WriteResult>;
  /** List (config/list/action), merge, PUT the full list back (restarts the app). */
  updateAppSettings(app: SiteTarget, settings: Record<string, string>, opts?: WriteOptions): Promise<WriteResult>;
  /**
   * GET …/instances/{instance}/processes/{pid}/dump streamed into the dumps container (Put Block / Put Block
   * List); `onProgress` gets the bytes written so far. Fails with a DomainError when no container is set.
   */
  memoryDump(
    app: SiteTarget,
    target: DumpTarget,
    opts?: WriteOptions & { onProgress?: (bytes: number) => void },
  ): Promise<WriteResult>;
  /** Changes one profile's capacity of an autoscale setting. */
  updateAutoscaleProfile(settingId: string, capacity: AutoscaleCapacity, opts?: WriteOptions): Promise<WriteResult>;
}

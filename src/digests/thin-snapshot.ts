// A digest-sized Snapshot for one app: what the subscription-level lists say (state, SKU, capacity, the
// site list's partial siteConfig), the batched metrics, Service Health and the bot's own actions. No per-app
// read. What a full snapshot would add is named in `unknowns`, never invented: flags that need a fact we
// did not read are dropped afterwards (see digestFiguresOf).
import type { DigestFigures } from "../core/digest-figures.ts";
import { digestFigures } from "../core/digest-score.ts";
import type { ListedFacts } from "../core/fleet.ts";
import type {
  AppRef,
  ChangeEvent,
  MetricGrid,
  PlanInfo,
  ServiceHealthEvent,
  SiteConfigInfo,
  SiteInfo,
  Snapshot,
  Window,
} from "../core/snapshot.ts";

export interface ThinInput {
  app: AppRef;
  facts?: ListedFacts;
  grids: MetricGrid[];
  baseline?: { metrics: MetricGrid[]; window: Window };
  serviceHealth: ServiceHealthEvent[];
  changes: ChangeEvent[];
  window: Window;
  now: number;
}

const hasData = (grids: MetricGrid[], name: string) =>
  grids.some((g) => g.scope === "site" && g.name === name && g.all.some((v) => v !== null));

export function thinSnapshot(input: ThinInput): Snapshot {
  const { app, facts } = input;
  const site: SiteInfo = facts?.site ?? {
    state: "Unknown",
    enabled: true,
    usageState: "Normal",
    availabilityState: "Normal",
    os: app.kind.toLowerCase().includes("linux") ? "linux" : "windows",
    isContainer: false,
    enabledHostNames: [],
  };
  const listed = facts?.config ?? {};
  // The batch reads HealthCheckStatus: Azure only emits it when a health check path is set.
  const healthCheckPath =
    listed.healthCheckPath ?? (hasData(input.grids, "HealthCheckStatus") ? "(configured)" : undefined);
  const config: SiteConfigInfo = {
    autoHealEnabled: listed.autoHealEnabled ?? false,
    use32BitWorkerProcess: listed.use32BitWorkerProcess ?? false,
    // Unknown is not "off": no flag without the fact.
    alwaysOn: listed.alwaysOn ?? true,
    ...(healthCheckPath ? { healthCheckPath } : {}),
  };
  const plan: PlanInfo = facts?.plan ?? {
    id: app.planId,
    name: app.planId.split("/").pop() ?? "",
    resourceGroup: app.planId.split("/")[4] ?? "",
    location: app.location,
    kind: "",
    skuName: "",
    skuTier: "",
    capacity: Number.NaN,
    elasticScaleEnabled: false,
    reserved: false,
  };
  const unknowns: Snapshot["unknowns"] = [];
  if (!facts?.site) unknowns.push({ signal: "site", reason: "not in the site list" });
  if (!facts?.plan) unknowns.push({ signal: "plan", reason: "not in the plan list" });
  return {
    app,
    takenAt: input.now,
    window: input.window,
    site,
    plan,
    config,
    instances: [],
    metrics: input.grids,
    ...(input.baseline ? { baseline: input.baseline } : {}),
    serviceHealth: input.serviceHealth,
    changes: input.changes,
    unknowns,
  };
}

/** Plan-dependent risk flags are only true when the plan was listed. */
const PLAN_FLAGS = new Set(["single instance", "at the tier's instance maximum", "Free/Shared tier serving traffic"]);

export function digestFiguresOf(
  input: ThinInput,
  openDiagnosis?: { ruleId: string; cause: string },
): { figures: DigestFigures; snapshot: Snapshot } {
  const snapshot = thinSnapshot(input);
  const figures = digestFigures({ snapshot, ...(openDiagnosis ? { openDiagnosis } : {}) });
  if (!input.facts?.plan) {
    figures.riskFlags = figures.riskFlags.filter((f) => !PLAN_FLAGS.has(f));
    figures.capacity = Number.NaN;
  }
  return { figures, snapshot };
}

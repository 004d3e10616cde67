// Domain fixtures for the view tests, built inline (no simulator): an app on P1v3 × 2 with a memory-leak
// incident, a quiet app, a stopped app, and figures that are all unknown.
import type { Diagnosis, Evidence, Finding, Mitigation } from "../../../src/core/diagnosis.ts";
import type { KeyFigures } from "../../../src/core/figures.ts";
import type { AppRef, Snapshot } from "../../../src/core/snapshot.ts";
import type { AppViewInput } from "../../../src/slack/views/status.ts";

export const MIN = 60_000;
export const HOUR = 60 * MIN;
/** 2 June 2025 08:15 UTC = 10:15 CEST. */
export const NOW = Date.UTC(2025, 5, 2, 8, 15);
export const SUB = "00000000-0000-0000-0000-000000000001";

export function appRef(over: Partial<AppRef> = {}): AppRef {
  const rg = over.resourceGroup ?? "rg-shop";
  const name = over.name ?? "shop-api";
  const id = `/subscriptions/${over.subscriptionId ?? SUB}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${name}${over.slot ? `/slots/${over.slot}` : ""}`;
  return {
    id,
    subscriptionId: SUB,
    resourceGroup: rg,
    name,
    location: "West Europe",
    region: "westeurope",
    kind: "app",
    planId: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Web/serverfarms/plan-shop`,
    ...over,
  };
}

export function snapshot(app: AppRef = appRef(), over: Partial<Snapshot> = {}): Snapshot {
  return {
    app,
    takenAt: NOW,
    window: { start: NOW - HOUR, end: NOW },
    site: {
      state: "Running",
      enabled: true,
      usageState: "Normal",
      availabilityState: "Normal",
      os: "windows",
      isContainer: false,
      defaultHostName: `${app.name}.azurewebsites.net`,
      enabledHostNames: [`${app.name}.azurewebsites.net`, `${app.name}.scm.azurewebsites.net`],
    },
    plan: {
      id: app.planId,
      name: "plan-shop",
      resourceGroup: app.resourceGroup,
      location: app.location,
      kind: "app",
      skuName: "P1v3",
      skuTier: "PremiumV3",
      capacity: 2,
      elasticScaleEnabled: false,
      reserved: false,
      numberOfSites: 1,
    },
    config: { healthCheckPath: "/health", autoHealEnabled: false, use32BitWorkerProcess: false, alwaysOn: true },
    instances: [
      { name: "RD0001", state: "READY" },
      { name: "RD0002", state: "READY" },
    ],
    metrics: [],
    resourceHealth: { availabilityState: "Available" },
    serviceHealth: [],
    changes: [],
    unknowns: [{ signal: "Log Analytics", reason: "no workspace configured" }],
    ...over,
  };
}

export function evidence(over: Partial<Evidence> = {}): Evidence {
  return {
    metric: "MemoryPercentage",
    aggregation: "Average per B5, max over instances",
    window: { start: NOW - 35 * MIN, end: NOW },
    observed: 96.4,
    threshold: 90,
    comparison: ">=",
    source: `GET /subscriptions/${SUB}/resourceGroups/rg-shop/providers/Microsoft.Web/serverfarms/plan-shop/providers/Microsoft.Insights/metrics`,
    note: "7 consecutive buckets",
    ...over,
  };
}

export function memoryFinding(extra: Evidence[] = []): Finding {
  return {
    id: "R08",
    title: "Memory exhaustion or leak",
    confidence: "High",
    precedence: 6,
    evidence: [
      evidence(),
      evidence({
        aggregation: "monotonic rise",
        window: { start: NOW - 2 * HOUR, end: NOW - 35 * MIN },
        observed: 85,
        threshold: 60,
        note: "minutes of steady growth: a leak",
      }),
      ...extra,
    ],
  };
}

export function r15Finding(): Finding {
  return {
    id: "R15",
    title: "Recent change broke the app",
    confidence: "Medium",
    precedence: 4,
    evidence: [
      evidence({
        metric: "err5xx",
        aggregation: "ΣHttp5xx / ΣRequests",
        observed: 0.042,
        threshold: 0.003,
        note: "3× baseline 0.1 %",
      }),
      evidence({
        metric: "deployment",
        aggregation: "event",
        window: { start: NOW - 50 * MIN, end: NOW - 50 * MIN },
        observed: "deployment by ci@contoso.com",
        threshold: "within 30 min before the window or inside it",
        comparison: "matches",
        source: `GET ${appRef().id}/deployments`,
        note: undefined,
      }),
    ],
  };
}

export function leakMitigations(app: AppRef = appRef()): Mitigation[] {
  return [
    {
      kind: "restart",
      write: true,
      title: "Restart the app (all instances)",
      params: { action: "restart", target: "app", siteId: app.id },
      why: "R08: memory at 96% on every instance for 35 min",
      change: { before: "Running", after: "Running (processes restarted)" },
      risk: "Every instance restarts: in-flight requests fail and caches go cold.",
      armCall: `POST ${app.id}/restart?softRestart=false&synchronous=false`,
      fromRule: "R08",
    },
    {
      kind: "autoHeal",
      write: true,
      title: "Enable auto-heal AH-MEM",
      params: {
        preset: "AH-MEM",
        autoHealEnabled: true,
        autoHealRules: {
          triggers: { privateBytesInKB: 5_872_025 },
          actions: { actionType: "Recycle", minProcessExecutionTime: "00:10:00" },
        },
      },
      why: "R08: a leak (85 min of steady growth)",
      change: {
        before: null,
        after: { triggers: { privateBytesInKB: 5_872_025 }, actions: { actionType: "Recycle" } },
      },
      risk: "A temporary mitigation: recycles hide the root cause.",
      armCall: `PATCH ${app.id}/config/web`,
      armBody: { properties: { autoHealEnabled: true } },
      fromRule: "R08",
    },
    {
      kind: "scaleOut",
      write: true,
      title: "Scale out to 4 instances",
      params: { planId: app.planId, skuName: "P1v3", fromCapacity: 2, toCapacity: 4, formula: "n+2" },
      why: "R08: more instances spread the memory",
      change: { before: "P1v3×2", after: "P1v3×4" },
      risk: "Costs 2 more instance(s).",
      armCall: `PUT ${app.planId} (sku.capacity 4)`,
      fromRule: "R08",
    },
    {
      kind: "investigate",
      write: false,
      title: "Capture a memory dump",
      params: {
        topic: "memory",
        steps: ["Collect a memory dump from Diagnose and solve problems", "Look for the biggest retainers"],
      },
      why: "R08: find the leak",
      risk: "None: advice, nothing is changed.",
      fromRule: "R08",
    },
  ];
}

export function leakDiagnosis(app: AppRef = appRef(), extraEvidence: Evidence[] = []): Diagnosis {
  return {
    appId: app.id,
    verdict: "incident",
    summary: "502/503 incident: memory exhaustion on every instance after a deployment.",
    window: { start: NOW - 3 * HOUR, end: NOW },
    incidentWindow: {
      start: NOW - 33 * MIN,
      end: NOW,
      buckets: 7,
      total5xx: 1912,
      totalRequests: 45_210,
      peakErr5xx: 0.124,
      episodes: 1,
    },
    primary: memoryFinding(extraEvidence),
    contributing: [r15Finding()],
    advisories: [],
    evidence: [],
    mitigations: leakMitigations(app),
    unknowns: [],
    baselineSource: "lookback",
    ruleResults: [],
  };
}

export function quietDiagnosis(app: AppRef = appRef()): Diagnosis {
  return {
    appId: app.id,
    verdict: "no-incident",
    summary: "No 502/503 incident detected.",
    window: { start: NOW - HOUR, end: NOW },
    contributing: [],
    advisories: [],
    evidence: [],
    mitigations: [],
    unknowns: [],
    baselineSource: "snapshot",
    ruleResults: [],
  };
}

export function stoppedDiagnosis(app: AppRef = appRef()): Diagnosis {
  return {
    ...quietDiagnosis(app),
    verdict: "stopped",
    summary: "The app is stopped: clients get 403.",
    primary: {
      id: "R03",
      title: "App stopped or disabled",
      confidence: "High",
      precedence: 1,
      evidence: [
        evidence({
          metric: "state",
          aggregation: "ARM GET",
          observed: "Stopped",
          threshold: "Running",
          comparison: "!=",
          source: `GET ${app.id}`,
          note: undefined,
        }),
      ],
    },
    mitigations: [
      {
        kind: "start",
        write: true,
        title: "Start the app",
        params: { siteId: app.id },
        why: "R03: the app is stopped",
        change: { before: "Stopped", after: "Running" },
        risk: "The app starts serving traffic again.",
        armCall: `POST ${app.id}/start`,
        fromRule: "R03",
      },
    ],
  };
}

export const LEAK_FIGURES: KeyFigures = {
  requests: 45_210,
  http5xx: 1912,
  errorRate: 1912 / 45_210,
  responseTimeAvgS: 0.34,
  responseTimeMaxS: 12.5,
  cpuPeakPct: 41.2,
  memPeakPct: 96.4,
  healthCheckMin: 100,
};

export const UNKNOWN_FIGURES: KeyFigures = {
  requests: null,
  http5xx: null,
  errorRate: null,
  responseTimeAvgS: null,
  responseTimeMaxS: null,
  cpuPeakPct: null,
  memPeakPct: null,
  healthCheckMin: null,
};

export function leakInput(over: Partial<AppViewInput> = {}): AppViewInput {
  const app = over.app ?? appRef();
  return {
    app,
    snapshot: snapshot(app),
    diagnosis: leakDiagnosis(app),
    figures: LEAK_FIGURES,
    windowMs: HOUR,
    timeZone: "Europe/Berlin",
    now: NOW,
    mitigationsEnabled: false,
    ...over,
  };
}

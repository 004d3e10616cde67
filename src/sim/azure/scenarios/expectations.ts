// Expected diagnosis outcomes per scenario (docs/scenarios.md), as data for the acceptance tests.
// mustNot mixes human-readable lines with machine ids:
//   "primary:R17"        R17 must not be the primary rule
//   "rule:R12"           R12 must not fire at all (not even as a contributing factor)
//   "confidenceAbove:R10:Low"  R10 may fire, but at Low confidence at most
//   "mitigation:scaleOut" scale out must not be the main (first) mitigation
//   "proposal:restart"   restart must not be proposed at all
//   "setting:WEBSITES_PORT"  no mitigation may set this app setting

export type Confidence = "Low" | "Medium" | "High";

export interface ScenarioExpectation {
  app: string;
  /** "incident" unless said otherwise. */
  verdict?: "incident" | "platform" | "stopped" | "quota" | "no-incident";
  /** A rule id, or "none" for the apps that must stay healthy. */
  primary: string;
  minConfidence: Confidence;
  contributingAllowed: string[];
  mitigation: { kind: string; params?: Record<string, unknown> };
  mustNot: string[];
  /** Rules that fire but another explains: "R13<R16" (set aside by R16). */
  setAside?: string[];
  /** The incident has ended before the diagnosis (status says so). */
  ended?: boolean;
}

export const scenarioExpectations: Record<string, ScenarioExpectation> = {
  S1: {
    app: "shop-api",
    primary: "R08",
    minConfidence: "High",
    contributingAllowed: [],
    mitigation: {
      kind: "restart",
      params: {
        leak: true,
        autoHealRules: {
          triggers: { privateBytesInKB: 1468006 },
          actions: { actionType: "Recycle", minProcessExecutionTime: "00:10:00" },
        },
        followUp: ["memoryDump", "scaleUp"],
        scaleUpTo: ["P0v3", "P1v3"],
      },
    },
    mustNot: [
      "R17 or R09 as primary",
      "scale out proposed as the fix",
      "primary:R17",
      "primary:R09",
      "mitigation:scaleOut",
    ],
    ended: true,
  },
  S2: {
    app: "checkout-web",
    primary: "R17",
    minConfidence: "High",
    contributingAllowed: ["R11"],
    mitigation: { kind: "scaleOut", params: { capacity: 4, followUp: "autoscaleRule" } },
    mustNot: [
      "R09 as primary (load is up)",
      "restart as the main fix",
      "R12",
      "primary:R09",
      "mitigation:restart",
      "rule:R12",
    ],
    ended: true,
  },
  S3: {
    app: "orders-api",
    primary: "R05a",
    minConfidence: "High",
    contributingAllowed: ["R15"],
    mitigation: { kind: "appSettings", params: { settings: { WEBSITES_PORT: "3000" } } },
    mustNot: [
      "scale up or out",
      "raising WEBSITES_CONTAINER_START_TIME_LIMIT",
      "R01",
      "proposal:scaleUp",
      "proposal:scaleOut",
      "setting:WEBSITES_CONTAINER_START_TIME_LIMIT",
      "rule:R01",
    ],
  },
  S4: {
    app: "billing-java",
    primary: "R05b",
    minConfidence: "High",
    contributingAllowed: ["R15"],
    mitigation: { kind: "appSettings", params: { settings: { WEBSITES_CONTAINER_START_TIME_LIMIT: "480" } } },
    mustNot: [
      "WEBSITES_PORT",
      "R09 (the CPU saw-tooth is startup)",
      "R05c",
      "setting:WEBSITES_PORT",
      "rule:R09",
      "rule:R05c",
    ],
  },
  S5: {
    app: "catalog-api",
    primary: "R13",
    minConfidence: "High",
    contributingAllowed: ["R08", "R09"],
    mitigation: {
      kind: "rebootWorker",
      params: { worker: "RD0003", followUp: { healthCheckPath: "/health", WEBSITE_HEALTHCHECK_MAXPINGFAILURES: "2" } },
    },
    mustNot: ["scale up the whole plan as the primary action", "R17", "mitigation:scaleUp", "rule:R17"],
  },
  S6: {
    app: "payments-api",
    primary: "R12",
    minConfidence: "Medium",
    contributingAllowed: ["R11"],
    mitigation: {
      kind: "connectionReuse",
      params: { alternatives: ["vnetIntegrationNatGateway", "privateEndpoint"], temporaryScaleOut: [3, 4] },
    },
    mustNot: ["R08 or R09", "scale up as the main fix", "rule:R08", "rule:R09", "mitigation:scaleUp"],
  },
  S7: {
    app: "inventory-api",
    primary: "R11",
    minConfidence: "Medium",
    contributingAllowed: [],
    mitigation: {
      kind: "checkDependency",
      params: {
        autoHealRules: {
          triggers: { slowRequests: { timeTaken: "00:01:00", count: 250, timeInterval: "00:05:00" } },
          actions: { actionType: "Recycle", minProcessExecutionTime: "00:10:00" },
        },
      },
    },
    mustNot: [
      "R09, R08 or R17 as primary",
      "scale up as the main fix",
      "R10 above Low (no logs; max stays under 200 s)",
      "primary:R09",
      "primary:R08",
      "primary:R17",
      "mitigation:scaleUp",
      "confidenceAbove:R10:Low",
    ],
    ended: true,
  },
  S8: {
    app: "reports-tool",
    primary: "R10",
    minConfidence: "High",
    contributingAllowed: [],
    mitigation: { kind: "backgroundJob", params: { path: "/api/reports/export" } },
    mustNot: [
      "scale up or out",
      "restart",
      "auto-heal",
      "R11 as primary",
      "proposal:scaleUp",
      "proposal:scaleOut",
      "proposal:restart",
      "proposal:autoHeal",
      "primary:R11",
    ],
  },
  S9: {
    app: "booking-api",
    verdict: "platform",
    primary: "R01",
    minConfidence: "High",
    contributingAllowed: [],
    mitigation: { kind: "waitForPlatform" },
    mustNot: ["restart or scale during an Azure outage", "proposal:restart", "proposal:scaleOut", "proposal:scaleUp"],
  },
  S10: {
    app: "tickets-web",
    verdict: "platform",
    primary: "R02",
    minConfidence: "High",
    contributingAllowed: ["R16"],
    mitigation: { kind: "waitForPlatform" },
    mustNot: ["reboot the fresh instance RD0003", "R13 as a cause", "proposal:rebootWorker", "primary:R13"],
    setAside: ["R13<R02"],
    ended: true,
  },
  S11: {
    app: "wiki-web",
    verdict: "stopped",
    primary: "R03",
    minConfidence: "High",
    contributingAllowed: [],
    mitigation: { kind: "start" },
    mustNot: ["restart a stopped app", "scale", "proposal:restart", "proposal:scaleOut"],
  },
  S12: {
    app: "hackathon-demo",
    verdict: "quota",
    primary: "R04",
    minConfidence: "High",
    contributingAllowed: [],
    mitigation: { kind: "scaleUp", params: { toSku: "B1" } },
    mustNot: ["restart (the quota stays used)", "proposal:restart"],
  },
  S13: {
    app: "payouts-worker",
    primary: "R05c",
    minConfidence: "High",
    contributingAllowed: ["R15"],
    mitigation: { kind: "investigate", params: { topic: "startup-crash" } },
    mustNot: [
      "WEBSITES_PORT or the start time limit (the container dies, it is not slow or on the wrong port)",
      "restart or scale",
      "setting:WEBSITES_CONTAINER_START_TIME_LIMIT",
      "rule:R05a",
      "rule:R05b",
      "proposal:restart",
      "proposal:scaleOut",
      "proposal:scaleUp",
    ],
  },
  S14: {
    app: "claims-portal",
    primary: "R06",
    minConfidence: "High",
    contributingAllowed: ["R15"],
    mitigation: { kind: "investigate", params: { topic: "ancm" } },
    mustNot: ["scale", "R20 (502.5 is not an application 500)", "proposal:scaleOut", "proposal:scaleUp", "rule:R20"],
  },
  S15: {
    app: "ledger-api",
    primary: "R07",
    minConfidence: "Medium",
    contributingAllowed: [],
    mitigation: { kind: "investigate", params: { topic: "crash" } },
    mustNot: ["auto-heal (it does not fix crashes)", "R08", "proposal:autoHeal", "rule:R08"],
  },
  S16: {
    app: "search-api",
    primary: "R09",
    minConfidence: "High",
    contributingAllowed: [],
    mitigation: { kind: "restart" },
    mustNot: ["scale out (it spreads the hot path)", "R17 (the load is not up)", "mitigation:scaleOut", "rule:R17"],
  },
  S17: {
    app: "pricing-api",
    primary: "R14",
    minConfidence: "Medium",
    contributingAllowed: [],
    mitigation: { kind: "investigate", params: { topic: "health-check" } },
    mustNot: ["R20 or R13 as the cause", "scale up", "primary:R20", "primary:R13", "proposal:scaleUp"],
    setAside: ["R20<R14"],
  },
  S18: {
    app: "pay-gateway",
    primary: "R15",
    minConfidence: "High",
    contributingAllowed: ["R20"],
    mitigation: { kind: "swapBack", params: { targetSlot: "staging" } },
    mustNot: ["scale", "proposal:scaleOut", "proposal:scaleUp"],
  },
  S19: {
    app: "events-api",
    primary: "R16",
    minConfidence: "Medium",
    contributingAllowed: [],
    mitigation: { kind: "healthCheck" },
    mustNot: ["reboot the new instance", "R13 as the cause", "proposal:rebootWorker", "primary:R13"],
    setAside: ["R13<R16"],
    ended: true,
  },
  S20: {
    app: "quotes-api",
    primary: "R18",
    minConfidence: "Medium",
    contributingAllowed: [],
    mitigation: { kind: "investigate", params: { topic: "isolate" } },
    mustNot: [
      "restart the victim of a neighbour",
      "R09 or R08 as the cause",
      "proposal:restart",
      "proposal:autoHeal",
      "primary:R09",
      "primary:R08",
    ],
    setAside: ["R08<R18", "R09<R18"],
  },
  S21: {
    app: "signup-web",
    primary: "R17",
    minConfidence: "High",
    contributingAllowed: ["R11"],
    mitigation: { kind: "autoscaleProfile" },
    mustNot: ["a manual scale out autoscale would undo", "restart", "proposal:scaleOut", "proposal:restart"],
  },
  S22: {
    app: "reports-api",
    primary: "R20",
    minConfidence: "Low",
    contributingAllowed: [],
    mitigation: { kind: "investigate", params: { topic: "app-errors" } },
    mustNot: ["scale", "restart", "proposal:scaleOut", "proposal:scaleUp", "proposal:restart"],
    ended: true,
  },
  S23: {
    app: "render-svc",
    primary: "R08",
    minConfidence: "High",
    contributingAllowed: [],
    mitigation: { kind: "restart" },
    mustNot: [
      "a memory auto-heal rule (Linux has no memory trigger)",
      "scale out",
      "proposal:autoHeal",
      "mitigation:scaleOut",
      "primary:R09",
    ],
  },
  S24: {
    app: "quotes-sync",
    primary: "R12",
    minConfidence: "Medium",
    contributingAllowed: ["R11"],
    mitigation: { kind: "investigate", params: { topic: "connection-pooling" } },
    mustNot: ["R08 or R09", "scale up as the fix", "rule:R08", "rule:R09", "mitigation:scaleUp"],
  },
  S25: {
    app: "basket-api",
    primary: "R20",
    minConfidence: "Low",
    contributingAllowed: [],
    mitigation: { kind: "investigate", params: { topic: "app-errors" } },
    mustNot: ["scale or restart for a five-minute blip", "proposal:scaleOut", "proposal:restart", "proposal:scaleUp"],
    ended: true,
  },
  H1: {
    app: "status-page",
    verdict: "no-incident",
    primary: "none",
    minConfidence: "Low",
    contributingAllowed: [],
    mitigation: { kind: "none" },
    mustNot: ["any write proposal", "proposal:restart", "proposal:scaleOut", "proposal:scaleUp"],
  },
  H2: {
    app: "intranet-search",
    verdict: "no-incident",
    primary: "none",
    minConfidence: "Low",
    contributingAllowed: [],
    mitigation: { kind: "none" },
    mustNot: ["any write proposal", "R14 (every ping passes)", "proposal:restart", "rule:R14"],
  },
};

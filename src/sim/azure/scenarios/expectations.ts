// Expected diagnosis outcomes per scenario (docs/scenarios.md), as data for the acceptance tests.
// mustNot mixes human-readable lines with machine ids:
//   "primary:R17"        R17 must not be the primary rule
//   "rule:R12"           R12 must not fire at all (not even as a contributing factor)
//   "confidenceAbove:R10:Low"  R10 may fire, but at Low confidence at most
//   "mitigation:scaleOut" scale out must not be the main (first) mitigation
//   "proposal:restart"   restart must not be proposed at all
//   "setting:WEBSITES_PORT"  no mitigation may set this app setting

import { libraryExpectations } from "./expectations-library.ts";

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
  ...libraryExpectations,
};

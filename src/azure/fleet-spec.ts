// An ArmFleet described by plain data, so a worker thread can build its own (SDK clients and credential
// cannot cross a thread boundary).
import type { Config } from "../config.ts";
import { type ArmFleet, createArmFleet } from "./arm-fleet.ts";
import type { CallLogger } from "./call.ts";
import { createDefaultCredential, staticTokenCredential } from "./credentials.ts";

export interface FleetSpec {
  subscriptionIds: string[];
  armEndpoint: string;
  metricsBatchEndpointTemplate: string;
  audience?: string;
  /** PEM of an extra CA (a simulator). */
  ca?: string;
  maxRetries?: number;
  readTimeoutMs?: number;
  /** See ArmFleetOptions.metricsBudgetBytes. */
  metricsBudgetBytes?: number;
  /** "default": DefaultAzureCredential (managed identity, workload identity, environment, Azure CLI). */
  credential: "default" | { staticToken: string };
}

/** The production spec: what fleetFromConfig builds, as data. */
export function fleetSpecFromConfig(azure: Config["azure"]): FleetSpec {
  return {
    subscriptionIds: azure.subscriptionIds,
    armEndpoint: azure.armEndpoint,
    metricsBatchEndpointTemplate: azure.metricsBatchEndpoint,
    audience: azure.armAudience,
    metricsBudgetBytes: azure.metricsBudgetMb * 2 ** 20,
    credential: "default",
  };
}

export function fleetFromSpec(spec: FleetSpec, logger?: CallLogger): ArmFleet {
  return createArmFleet({
    ...(logger ? { logger } : {}),
    subscriptionIds: spec.subscriptionIds,
    credential:
      spec.credential === "default"
        ? createDefaultCredential(spec.ca ? { ca: spec.ca } : {})
        : staticTokenCredential(spec.credential.staticToken),
    armEndpoint: spec.armEndpoint,
    metricsBatchEndpointTemplate: spec.metricsBatchEndpointTemplate,
    ...(spec.audience ? { audience: spec.audience } : {}),
    ...(spec.ca ? { ca: spec.ca } : {}),
    ...(spec.maxRetries !== undefined ? { maxRetries: spec.maxRetries } : {}),
    ...(spec.readTimeoutMs !== undefined ? { readTimeoutMs: spec.readTimeoutMs } : {}),
    ...(spec.metricsBudgetBytes !== undefined ? { metricsBudgetBytes: spec.metricsBudgetBytes } : {}),
  });
}

// The production Fleet: configuration in, ArmFleet out, with DefaultAzureCredential (managed identity,
// workload identity, service principal or Azure CLI). Trust for a simulator's CA comes from
// NODE_EXTRA_CA_CERTS, which Node applies to every TLS connection, tokens included.
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { type ArmFleet, createArmFleet } from "./arm-fleet.ts";
import { createDefaultCredential } from "./credentials.ts";

export function fleetFromConfig(azure: Config["azure"], log?: Logger): ArmFleet {
  return createArmFleet({
    subscriptionIds: azure.subscriptionIds,
    credential: createDefaultCredential(),
    armEndpoint: azure.armEndpoint,
    metricsBatchEndpointTemplate: azure.metricsBatchEndpoint,
    audience: azure.armAudience,
    logs: azure.logs,
    logger: log ? { debug: (o, m) => log.debug(o, m), warn: (o, m) => log.warn(o, m) } : undefined,
  });
}

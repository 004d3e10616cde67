// The production Fleet and writer: configuration in, ArmFleet / ArmWriter out, with DefaultAzureCredential
// (managed identity, workload identity, service principal or Azure CLI). Trust for a simulator's CA comes
// from NODE_EXTRA_CA_CERTS, which Node applies to every TLS connection, tokens included.
import type { TokenCredential } from "@azure/core-auth";
import type { CollectSources } from "../collect/types.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { type ArmFleet, createArmFleet } from "./arm-fleet.ts";
import { createCollectSources } from "./collect-sources.ts";
import { createDefaultCredential } from "./credentials.ts";
import { ArmWriter } from "./writes.ts";

export function fleetFromConfig(azure: Config["azure"], log?: Logger, yieldTo?: () => Promise<void>): ArmFleet {
  return createArmFleet({
    subscriptionIds: azure.subscriptionIds,
    credential: createDefaultCredential(),
    armEndpoint: azure.armEndpoint,
    metricsBatchEndpointTemplate: azure.metricsBatchEndpoint,
    audience: azure.armAudience,
    logs: azure.logs,
    logger: log ? { debug: (o, m) => log.debug(o, m), warn: (o, m) => log.warn(o, m) } : undefined,
    yieldTo,
    metricsBudgetBytes: azure.metricsBudgetMb * 2 ** 20,
  });
}

/** The only way the bot changes Azure: retries off, one call per approved proposal. */
export function writerFromConfig(
  azure: Config["azure"],
  opts: { log?: Logger; credential?: TokenCredential; ca?: string; pollIntervalMs?: number } = {},
): ArmWriter {
  const log = opts.log;
  return new ArmWriter({
    credential: opts.credential ?? createDefaultCredential(),
    armEndpoint: azure.armEndpoint,
    audience: azure.armAudience,
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.pollIntervalMs ? { pollIntervalMs: opts.pollIntervalMs } : {}),
    ...(azure.dumpsContainerUrl ? { dumpsContainerUrl: azure.dumpsContainerUrl } : {}),
    logger: log ? { debug: (o, m) => log.debug(o, m), warn: (o, m) => log.warn(o, m) } : undefined,
  });
}

/** Collect's sources: ARM reads plus Kudu on each site's own SCM host (`AZURE_SCM_ENDPOINT` only for a simulator). */
export function collectSourcesFromConfig(
  azure: Config["azure"],
  opts: { log?: Logger; credential?: TokenCredential; ca?: string; now?: () => number } = {},
): CollectSources {
  const log = opts.log;
  return createCollectSources({
    credential: opts.credential ?? createDefaultCredential(),
    armEndpoint: azure.armEndpoint,
    audience: azure.armAudience,
    scmEndpointTemplate: azure.scmEndpoint,
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    logger: log ? { debug: (o, m) => log.debug(o, m), warn: (o, m) => log.warn(o, m) } : undefined,
  });
}

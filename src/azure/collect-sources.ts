// The CollectSources port over Azure: diagnostics, container logs and processes through @azure/arm-appservice,
// the log stream through Kudu with an Entra token. Reads run under the per-call deadline like the Fleet's.
import type { TokenCredential } from "@azure/core-auth";
import type { CollectSources } from "../collect/types.ts";
import type { CallLogger } from "./call.ts";
import { createClients, toScope } from "./clients.ts";
import { readContainerLog } from "./collect-container.ts";
import { readDiagnostics } from "./collect-diagnostics.ts";
import { readProcesses } from "./collect-processes.ts";
import { type AdapterContext, createContext } from "./context.ts";
import { captureLogStream, type KuduSettings } from "./kudu-logstream.ts";

export interface CollectSourcesOptions {
  credential: TokenCredential;
  armEndpoint: string;
  audience?: string;
  /** "https://{host}" (default); the simulator gives its own base. */
  scmEndpointTemplate?: string;
  ca?: string;
  readTimeoutMs?: number;
  maxRetries?: number;
  logger?: CallLogger;
  now?: () => number;
}

export function createCollectSources(o: CollectSourcesOptions): CollectSources {
  const clients = createClients({
    credential: o.credential,
    armEndpoint: o.armEndpoint,
    audience: o.audience,
    metricsBatchEndpointTemplate: "https://{region}.metrics.monitor.azure.com",
    ca: o.ca,
    maxRetries: o.maxRetries ?? 2,
  });
  const ctx: AdapterContext = createContext(clients, o.readTimeoutMs ?? 20_000, o.now ?? Date.now, o.logger);
  const kudu: KuduSettings = {
    credential: o.credential,
    scope: toScope(o.audience ?? "https://management.azure.com"),
    endpointTemplate: o.scmEndpointTemplate ?? "https://{host}",
    ...(o.ca ? { ca: o.ca } : {}),
  };
  return {
    diagnostics: (app, window, signal) => readDiagnostics(ctx, app, window, signal),
    containerLog: (app, signal) => readContainerLog(ctx, app, signal),
    processes: (app, instances, signal) => readProcesses(ctx, app, instances, signal),
    logStream: (app, host, bounds, signal) => captureLogStream(kudu, app, host, bounds, signal),
  };
}

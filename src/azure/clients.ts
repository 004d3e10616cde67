// One place that builds every Azure SDK client, so endpoint, token scope, CA, retry and deadline
// settings apply to all of them. Clients are created lazily, one per subscription (ARM) or region
// (batch metrics).
import { WebSiteManagementClient } from "@azure/arm-appservice";
import { MonitorClient } from "@azure/arm-monitor";
import { MicrosoftResourceHealth } from "@azure/arm-resourcehealth";
import type { TokenCredential } from "@azure/core-auth";
import { LogsQueryClient } from "@azure/monitor-query-logs";
import { MetricsClient } from "@azure/monitor-query-metrics";
import { instrument } from "./call.ts";
import { tlsOptionsFor } from "./tls.ts";

export interface ClientSettings {
  credential: TokenCredential;
  armEndpoint: string;
  /** ARM token scope or audience ("https://management.azure.com" or ".../.default"). */
  audience?: string;
  metricsBatchEndpointTemplate: string;
  logs?: { endpoint: string; audience?: string };
  /** PEM of an extra CA to trust (the simulator's certificate). */
  ca?: string;
  maxRetries?: number;
  /** Awaited after each response, before deserialisation: lets queued Slack acks run first. */
  yieldTo?: () => Promise<void>;
}

export interface AzureClients {
  web(subscriptionId: string): WebSiteManagementClient;
  monitor(subscriptionId: string): MonitorClient;
  health(subscriptionId: string): MicrosoftResourceHealth;
  /** Batch metrics client for a short region name ("westeurope"); its pipeline carries the batch reads. */
  metrics(region: string): MetricsClient;
  /** The batch metrics endpoint of a region. */
  metricsEndpoint(region: string): string;
  logs(): LogsQueryClient | undefined;
}

const DEFAULT_ARM_SCOPE = "https://management.azure.com/.default";
const DEFAULT_LOGS_SCOPE = "https://api.loganalytics.io/.default";

/** Accepts an audience or a scope; returns the scope. */
export function toScope(audienceOrScope: string): string {
  const a = audienceOrScope.replace(/\/+$/, "");
  return a.endsWith("/.default") ? a : `${a}/.default`;
}

export function createClients(s: ClientSettings): AzureClients {
  const armScope = s.audience ? toScope(s.audience) : DEFAULT_ARM_SCOPE;
  const endpoint = s.armEndpoint.replace(/\/+$/, "");
  const common = {
    ...(s.ca ? { tlsOptions: tlsOptionsFor(s.ca) } : {}),
    retryOptions: { maxRetries: s.maxRetries ?? 3 },
    userAgentOptions: { userAgentPrefix: "appsvc-bot" },
  };
  const memo = <T extends { pipeline: Parameters<typeof instrument>[0] }>(make: (key: string) => T) => {
    const cache = new Map<string, T>();
    return (key: string): T => {
      let c = cache.get(key);
      if (!c) {
        c = make(key);
        instrument(c.pipeline, s.yieldTo);
        cache.set(key, c);
      }
      return c;
    };
  };
  const web = memo(
    (sub) =>
      new WebSiteManagementClient(s.credential, sub, { ...common, endpoint, credentials: { scopes: [armScope] } }),
  );
  const monitor = memo(
    (sub) => new MonitorClient(s.credential, sub, { ...common, endpoint, credentials: { scopes: [armScope] } }),
  );
  const health = memo(
    (sub) => new MicrosoftResourceHealth(s.credential, sub, { ...common, endpoint, credentialScopes: [armScope] }),
  );
  const metricsEndpoint = (region: string) =>
    s.metricsBatchEndpointTemplate.replace("{region}", region).replace(/\/+$/, "");
  const metrics = memo(
    (region) =>
      new MetricsClient(metricsEndpoint(region), s.credential, {
        ...common,
        credentials: { scopes: [armScope] },
      }),
  );
  let logsClient: LogsQueryClient | undefined;
  const logs = () => {
    if (!s.logs) return undefined;
    if (!logsClient) {
      // The endpoint is used verbatim (it must carry /v1); the client ignores `audience`, so set scopes.
      logsClient = new LogsQueryClient(s.credential, {
        ...common,
        endpoint: s.logs.endpoint.replace(/\/+$/, ""),
        credentials: { scopes: [s.logs.audience ? toScope(s.logs.audience) : DEFAULT_LOGS_SCOPE] },
      });
      instrument(logsClient.pipeline, s.yieldTo);
    }
    return logsClient;
  };
  return { web, monitor, health, metrics, metricsEndpoint, logs };
}

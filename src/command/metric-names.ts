// Metric names `metrics <app> …` accepts: the REST names of the site and plan signals (docs/glossary.md#signals),
// plus a few short words people type at 3 a.m.
import type { MetricRef } from "./intent.ts";

const SITE = [
  "Requests",
  "Http5xx",
  "Http2xx",
  "Http3xx",
  "Http4xx",
  "Http401",
  "Http403",
  "Http404",
  "Http406",
  "HttpResponseTime",
  "RequestsInApplicationQueue",
  "CpuTime",
  "MemoryWorkingSet",
  "AverageMemoryWorkingSet",
  "PrivateBytes",
  "Threads",
  "Handles",
  "AppConnections",
  "Gen0Collections",
  "Gen1Collections",
  "Gen2Collections",
  "HealthCheckStatus",
  "FileSystemUsage",
  "InstanceCount",
  "IoReadBytesPerSecond",
  "IoWriteBytesPerSecond",
  "IoOtherBytesPerSecond",
  "IoReadOperationsPerSecond",
  "IoWriteOperationsPerSecond",
  "IoOtherOperationsPerSecond",
  "BytesReceived",
  "BytesSent",
];

const PLAN = [
  "CpuPercentage",
  "MemoryPercentage",
  "HttpQueueLength",
  "DiskQueueLength",
  "SocketOutboundAll",
  "SocketOutboundEstablished",
  "SocketOutboundTimeWait",
  "SocketInboundAll",
  "SocketLoopback",
  "TcpEstablished",
  "TcpTimeWait",
  "TcpCloseWait",
  "TcpSynSent",
  "TcpSynReceived",
  "TcpFinWait1",
  "TcpFinWait2",
  "TcpClosing",
  "TcpLastAck",
];

export const KNOWN_METRICS: readonly MetricRef[] = [
  ...SITE.map((name) => ({ name, scope: "site" as const })),
  ...PLAN.map((name) => ({ name, scope: "plan" as const })),
];

/** Short words → REST name. A Map, so user words like "constructor" never hit Object.prototype. */
export const METRIC_ALIASES: ReadonlyMap<string, string> = new Map([
  ["5xx", "Http5xx"],
  ["4xx", "Http4xx"],
  ["2xx", "Http2xx"],
  ["cpu", "CpuPercentage"],
  ["mem", "MemoryPercentage"],
  ["memory", "MemoryPercentage"],
  ["latency", "HttpResponseTime"],
  ["queue", "HttpQueueLength"],
  ["connections", "AppConnections"],
  ["snat", "SocketOutboundAll"],
]);

const BY_LOWER = new Map(KNOWN_METRICS.map((m) => [m.name.toLowerCase(), m]));

/** The known metric a word names (REST name or alias, case-insensitive). */
export function metricRef(word: string): MetricRef | undefined {
  const w = word.toLowerCase();
  return BY_LOWER.get(METRIC_ALIASES.get(w)?.toLowerCase() ?? w);
}

/** Every accepted word, for suggestions (REST names in canonical case, then aliases). */
export const METRIC_WORDS: readonly string[] = [...KNOWN_METRICS.map((m) => m.name), ...METRIC_ALIASES.keys()];

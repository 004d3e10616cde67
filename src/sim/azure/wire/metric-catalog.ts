// The metrics Azure Monitor defines for Microsoft.Web/sites (and slots) and Microsoft.Web/serverfarms, with the
// InstanceMinute field each one reads. A metric without a source is valid but never emitted (empty data).

import type { InstanceMinute } from "../fleet.ts";

export type Aggregation = "average" | "total" | "maximum" | "minimum" | "count";

export const ALL_GRAINS = ["PT1M", "PT5M", "PT15M", "PT30M", "PT1H", "PT6H", "PT12H", "P1D"];

export interface MetricDef {
  name: string;
  display: string;
  description: string;
  unit: "Count" | "Seconds" | "Bytes" | "Percent" | "MilliSeconds";
  primary: "Average" | "Total" | "Maximum" | "Minimum" | "Count";
  source?: keyof InstanceMinute;
  /** Field the Maximum aggregation reads instead of `source` (HttpResponseTime → HttpResponseTimeMax). */
  maxSource?: keyof InstanceMinute;
  grains: string[];
  dimensions: string[];
  /** Plan percentages are capped at 100 after summing site contributions. */
  cap100?: boolean;
}

const m = (
  name: string,
  display: string,
  unit: MetricDef["unit"],
  primary: MetricDef["primary"],
  source: keyof InstanceMinute | undefined,
  description: string,
  extra: Partial<MetricDef> = {},
): MetricDef => ({
  name,
  display,
  unit,
  primary,
  source,
  description,
  grains: ALL_GRAINS,
  dimensions: ["Instance"],
  ...extra,
});

export const SITE_METRICS: MetricDef[] = [
  m(
    "Requests",
    "Requests",
    "Count",
    "Total",
    "Requests",
    "The total number of requests regardless of their resulting HTTP status code.",
  ),
  m(
    "Http5xx",
    "Http Server Errors",
    "Count",
    "Total",
    "Http5xx",
    "The count of requests resulting in an HTTP status code >= 500 but < 600.",
  ),
  m(
    "Http2xx",
    "Http 2xx",
    "Count",
    "Total",
    "Http2xx",
    "The count of requests resulting in an HTTP status code >= 200 but < 300.",
  ),
  m(
    "Http3xx",
    "Http 3xx",
    "Count",
    "Total",
    undefined,
    "The count of requests resulting in an HTTP status code >= 300 but < 400.",
  ),
  m(
    "Http4xx",
    "Http 4xx",
    "Count",
    "Total",
    "Http4xx",
    "The count of requests resulting in an HTTP status code >= 400 but < 500.",
  ),
  m("Http101", "Http 101", "Count", "Total", undefined, "The count of requests resulting in HTTP 101 status code."),
  m("Http401", "Http 401", "Count", "Total", undefined, "The count of requests resulting in HTTP 401 status code."),
  m("Http403", "Http 403", "Count", "Total", "Http403", "The count of requests resulting in HTTP 403 status code."),
  m("Http404", "Http 404", "Count", "Total", undefined, "The count of requests resulting in HTTP 404 status code."),
  m("Http406", "Http 406", "Count", "Total", undefined, "The count of requests resulting in HTTP 406 status code."),
  m(
    "HttpResponseTime",
    "Response Time",
    "Seconds",
    "Average",
    "HttpResponseTime",
    "The time taken for the app to serve requests, in seconds.",
    {
      maxSource: "HttpResponseTimeMax",
    },
  ),
  m(
    "AverageResponseTime",
    "Average Response Time (deprecated)",
    "Seconds",
    "Average",
    "HttpResponseTime",
    "The average time taken for the app to serve requests, in seconds.",
  ),
  m(
    "RequestsInApplicationQueue",
    "Requests In Application Queue",
    "Count",
    "Average",
    "RequestsInApplicationQueue",
    "The number of requests in the application request queue.",
  ),
  m("CpuTime", "CPU Time", "Seconds", "Total", "CpuTime", "The amount of CPU consumed by the app, in seconds."),
  m(
    "MemoryWorkingSet",
    "Memory working set",
    "Bytes",
    "Average",
    "MemoryWorkingSet",
    "The current amount of memory used by the app, in MiB.",
  ),
  m(
    "AverageMemoryWorkingSet",
    "Average memory working set",
    "Bytes",
    "Average",
    "MemoryWorkingSet",
    "The average amount of memory used by the app, in megabytes (MiB).",
  ),
  m(
    "PrivateBytes",
    "Private Bytes",
    "Bytes",
    "Average",
    "PrivateBytes",
    "Private Bytes is the current size, in bytes, of memory that the app process has allocated that can't be shared with other processes.",
  ),
  m(
    "Threads",
    "Thread Count",
    "Count",
    "Average",
    "Threads",
    "The number of threads currently active in the app process.",
  ),
  m(
    "Handles",
    "Handle Count",
    "Count",
    "Average",
    "Handles",
    "The total number of handles currently open by the app process.",
  ),
  m(
    "AppConnections",
    "Connections",
    "Count",
    "Average",
    "AppConnections",
    "The number of bound sockets existing in the sandbox (w3wp.exe and its child processes).",
  ),
  m("HealthCheckStatus", "Health check status", "Count", "Average", "HealthCheckStatus", "Health check status.", {
    grains: ["PT5M", "PT1H", "P1D"],
  }),
  m(
    "BytesReceived",
    "Data In",
    "Bytes",
    "Total",
    undefined,
    "The amount of incoming bandwidth consumed by the app, in MiB.",
  ),
  m(
    "BytesSent",
    "Data Out",
    "Bytes",
    "Total",
    undefined,
    "The amount of outgoing bandwidth consumed by the app, in MiB.",
  ),
  m(
    "InstanceCount",
    "Automatic Scaling Instance Count",
    "Count",
    "Average",
    undefined,
    "The number of virtual machine instances on which the app is running.",
    {
      dimensions: [],
    },
  ),
  m(
    "FileSystemUsage",
    "File System Usage",
    "Bytes",
    "Average",
    undefined,
    "Percentage of filesystem quota consumed by the app.",
    {
      grains: ["PT6H", "PT12H", "P1D"],
      dimensions: [],
    },
  ),
];

export const PLAN_METRICS: MetricDef[] = [
  m(
    "CpuPercentage",
    "CPU Percentage",
    "Percent",
    "Average",
    "CpuPercentage",
    "The average CPU used across all instances of the plan.",
    { cap100: true },
  ),
  m(
    "MemoryPercentage",
    "Memory Percentage",
    "Percent",
    "Average",
    "MemoryPercentage",
    "The average memory used across all instances of the plan.",
    {
      cap100: true,
    },
  ),
  m(
    "HttpQueueLength",
    "Http Queue Length",
    "Count",
    "Average",
    "HttpQueueLength",
    "The average number of HTTP requests that had to sit on the queue before being fulfilled.",
  ),
  m(
    "DiskQueueLength",
    "Disk Queue Length",
    "Count",
    "Average",
    "DiskQueueLength",
    "The average number of both read and write requests that were queued on storage.",
  ),
  m(
    "SocketInboundAll",
    "Socket Count for Inbound Requests",
    "Count",
    "Average",
    "SocketInboundAll",
    "The average number of sockets used for inbound requests across all the instances of the plan.",
  ),
  m(
    "SocketOutboundAll",
    "Socket Count for Outbound Requests",
    "Count",
    "Average",
    "SocketOutboundAll",
    "The average number of sockets used for outbound requests across all the instances of the plan.",
  ),
  m(
    "SocketOutboundEstablished",
    "Established Socket Count for Outbound Requests",
    "Count",
    "Average",
    undefined,
    "The average number of established outbound sockets.",
  ),
  m(
    "SocketLoopback",
    "Socket Count for Loopback Requests",
    "Count",
    "Average",
    undefined,
    "The average number of sockets used for loopback requests.",
  ),
  m(
    "TcpEstablished",
    "TCP Established",
    "Count",
    "Average",
    "TcpEstablished",
    "The average number of sockets in ESTABLISHED state across all the instances of the plan.",
  ),
  m(
    "TcpTimeWait",
    "TCP Time Wait",
    "Count",
    "Average",
    "TcpTimeWait",
    "The average number of sockets in TIME_WAIT state across all the instances of the plan.",
  ),
  m(
    "BytesReceived",
    "Data In",
    "Bytes",
    "Total",
    undefined,
    "The average incoming bandwidth used across all instances of the plan.",
  ),
  m(
    "BytesSent",
    "Data Out",
    "Bytes",
    "Total",
    undefined,
    "The average outgoing bandwidth used across all instances of the plan.",
  ),
];

export const NAMESPACES: Record<string, MetricDef[]> = {
  "microsoft.web/sites": SITE_METRICS,
  "microsoft.web/sites/slots": SITE_METRICS,
  "microsoft.web/serverfarms": PLAN_METRICS,
};

export function findMetric(namespace: string, name: string): MetricDef | undefined {
  return NAMESPACES[namespace.toLowerCase()]?.find((d) => d.name.toLowerCase() === name.trim().toLowerCase());
}

const AGGREGATIONS: Record<string, Aggregation> = {
  average: "average",
  total: "total",
  maximum: "maximum",
  minimum: "minimum",
  count: "count",
};

/** Parses "Total,Average" (case-insensitive); undefined entries are rejected by the caller. */
export function parseAggregations(text: string | undefined): Array<Aggregation | undefined> | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  return text.split(",").map((a) => AGGREGATIONS[a.trim().toLowerCase()]);
}

export function primaryAggregation(def: MetricDef): Aggregation {
  return def.primary.toLowerCase() as Aggregation;
}

// Log Analytics queries (docs/glossary.md#log-analytics-queries: 5xx by status, slow failures, platform and console lines, 5xx by path). Each starts with a tag
// line naming it, so logs, the simulator and people can tell them apart, and names the site through
// `_ResourceId` (resource-context filtering inside a workspace). Pure.
import type { Window } from "../core/snapshot.ts";

export type LogQueryId = "http5xx" | "slowFailures" | "failuresByPath" | "platform" | "console";

export const LOG_QUERY_IDS: LogQueryId[] = ["http5xx", "slowFailures", "failuresByPath", "platform", "console"];

/** 230 s front-end timeout (Windows; Linux 240 s), with a second of slack. */
export const FRONT_END_TIMEOUT_MS = 229_000;
export const MAX_LOG_LINES = 200;

const kqlString = (s: string) => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
const kqlTime = (ms: number) => `datetime(${new Date(ms).toISOString()})`;

export function buildQuery(id: LogQueryId, siteId: string, w: Window): string {
  const head = (table: string) =>
    [
      `// appsvc:${id}`,
      table,
      `| where TimeGenerated between (${kqlTime(w.start)} .. ${kqlTime(w.end)})`,
      `| where _ResourceId =~ ${kqlString(siteId.toLowerCase())}`,
    ].join("\n");
  switch (id) {
    case "http5xx":
      return `${head("AppServiceHTTPLogs")}
| where ScStatus >= 500
| summarize n = count() by TimeGenerated = bin(TimeGenerated, 5m), ScStatus, ScSubStatus, ComputerName
| order by TimeGenerated asc`;
    case "slowFailures":
      return `${head("AppServiceHTTPLogs")}
| where ScStatus >= 500 and TimeTaken >= ${FRONT_END_TIMEOUT_MS}
| summarize n = count(), p50 = percentile(TimeTaken, 50), maxTaken = max(TimeTaken) by CsUriStem
| top 10 by n`;
    case "failuresByPath":
      return `${head("AppServiceHTTPLogs")}
| where ScStatus >= 500
| summarize n = count() by CsUriStem
| top 20 by n`;
    case "platform":
      return `${head("AppServicePlatformLogs")}
| where Message has_any ("didn't respond to HTTP pings", "failing site start", "Container is terminated", "Stopping site", "exited", "Starting container", "Site started")
| project TimeGenerated, Level, Message, ContainerId
| order by TimeGenerated asc
| take ${MAX_LOG_LINES}`;
    case "console":
      // Startup progress lines ("Loading reference cache… 71%") are what R05b reads; keep the newest lines.
      return `${head("AppServiceConsoleLogs")}
| where ResultDescription has_any ("Listening", "listening on", "port", "Exception", "Error", "Traceback", "exited",
    "Loading", "Starting", "Started", "Initializing", "Initialized", "Migrating", "Warming")
| project TimeGenerated, Level, ResultDescription
| top ${MAX_LOG_LINES} by TimeGenerated desc
| order by TimeGenerated asc`;
  }
}

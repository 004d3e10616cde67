// Log Analytics answers without KQL: the adapter tags each query with `// appsvc:<id>` on its first line and names
// the site as `_ResourceId =~ '<lowercase site id>'`; the sim computes that query's result from behaviour logs.

import type { SimFleet, SimHttpLog, SimLogs } from "./fleet.ts";
import { isoSeconds } from "./wire/time.ts";
import { allSites, planOf, siteId } from "./world.ts";

export const QUERY_IDS = ["http5xx", "slowFailures", "failuresByPath", "platform", "console"] as const;
export type QueryId = (typeof QUERY_IDS)[number];

/** A Log Analytics table on the wire. */
export interface LaTable {
  name: string;
  columns: Array<{ name: string; type: string }>;
  rows: unknown[][];
}

/** HTTP logs slower than this (ms) count as "slow failures": 230 s is the front end's request timeout. */
export const SLOW_MS = 229_000;
const BIN_MS = 5 * 60_000;

export function queryTag(query: string): QueryId | undefined {
  const first = query.split("\n", 1)[0].trim();
  const m = /^\/\/\s*appsvc:\s*([A-Za-z0-9]+)\s*$/.exec(first);
  const id = m?.[1];
  return QUERY_IDS.find((q) => q.toLowerCase() === id?.toLowerCase());
}

export function rawTag(query: string): string | undefined {
  return /^\/\/\s*appsvc:\s*(\S+)/.exec(query.split("\n", 1)[0].trim())?.[1];
}

export function queryResourceId(query: string): string | undefined {
  return /_ResourceId\s*=~\s*'([^']+)'/i.exec(query)?.[1] ?? /_ResourceId\s*==\s*'([^']+)'/i.exec(query)?.[1];
}

const COLUMNS: Record<QueryId, Array<[string, string]>> = {
  http5xx: [
    ["TimeGenerated", "datetime"],
    ["ScStatus", "int"],
    ["ScSubStatus", "string"],
    ["ComputerName", "string"],
    ["n", "long"],
  ],
  slowFailures: [
    ["CsUriStem", "string"],
    ["n", "long"],
    ["p50", "real"],
    ["maxTaken", "long"],
  ],
  failuresByPath: [
    ["CsUriStem", "string"],
    ["n", "long"],
  ],
  platform: [
    ["TimeGenerated", "datetime"],
    ["Level", "string"],
    ["Message", "string"],
    ["ContainerId", "string"],
  ],
  console: [
    ["TimeGenerated", "datetime"],
    ["Level", "string"],
    ["ResultDescription", "string"],
  ],
};

export function table(id: QueryId, rows: unknown[][]): LaTable {
  return { name: "PrimaryResult", columns: COLUMNS[id].map(([name, type]) => ({ name, type })), rows };
}

const is5xx = (r: SimHttpLog): boolean => r.status >= 500 && r.status < 600;

/** Weighted nearest-rank median of request durations. */
function weightedMedian(rows: SimHttpLog[]): number {
  const sorted = [...rows].sort((a, b) => a.timeTakenMs - b.timeTakenMs);
  const total = sorted.reduce((n, r) => n + r.count, 0);
  let seen = 0;
  for (const r of sorted) {
    seen += r.count;
    if (seen >= total / 2) return r.timeTakenMs;
  }
  return 0;
}

function byPath(rows: SimHttpLog[]): Map<string, SimHttpLog[]> {
  const m = new Map<string, SimHttpLog[]>();
  for (const r of rows) m.set(r.path, [...(m.get(r.path) ?? []), r]);
  return m;
}

const sum = (rows: SimHttpLog[]): number => rows.reduce((n, r) => n + r.count, 0);

/** Rows of one tagged query over logs already limited to [from, to). */
export function runQuery(id: QueryId, logs: SimLogs): unknown[][] {
  switch (id) {
    case "http5xx": {
      const groups = new Map<string, { t: number; status: number; sub: string; computer: string; n: number }>();
      for (const r of logs.http.filter(is5xx)) {
        const t = Math.floor(r.t / BIN_MS) * BIN_MS;
        const key = `${t}|${r.status}|${r.subStatus}|${r.instance}`;
        const g = groups.get(key) ?? { t, status: r.status, sub: r.subStatus, computer: r.instance, n: 0 };
        g.n += r.count;
        groups.set(key, g);
      }
      return [...groups.values()]
        .sort((a, b) => a.t - b.t || a.status - b.status || a.computer.localeCompare(b.computer))
        .map((g) => [isoSeconds(g.t), g.status, g.sub, g.computer, g.n]);
    }
    case "slowFailures":
      return [...byPath(logs.http.filter((r) => is5xx(r) && r.timeTakenMs >= SLOW_MS))]
        .map(
          ([path, rows]) =>
            [path, sum(rows), weightedMedian(rows), Math.max(...rows.map((r) => r.timeTakenMs))] as const,
        )
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map((r) => [...r]);
    case "failuresByPath":
      return [...byPath(logs.http.filter(is5xx))]
        .map(([path, rows]) => [path, sum(rows)] as const)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map((r) => [...r]);
    case "platform":
      return [...logs.platform]
        .sort((a, b) => a.t - b.t)
        .map((r) => [isoSeconds(r.t), r.level, r.message, r.containerId ?? ""]);
    case "console":
      return [...logs.console].sort((a, b) => a.t - b.t).map((r) => [isoSeconds(r.t), r.level, r.message]);
  }
}

const EMPTY: SimLogs = { http: [], platform: [], console: [] };

/** Behaviour logs of the site named by `resourceId` in [from, to); empty when unknown or logs are disabled. */
export function siteLogs(fleet: SimFleet, resourceId: string | undefined, from: number, to: number): SimLogs {
  if (resourceId === undefined || !(to > from)) return EMPTY;
  const site = allSites(fleet).find((s) => siteId(s).toLowerCase() === resourceId.toLowerCase());
  if (!site?.logsEnabled || !site.behaviour.logs) return EMPTY;
  const logs = site.behaviour.logs(site, planOf(fleet, site), from, to);
  const inRange = <T extends { t: number }>(rows: T[]): T[] => rows.filter((r) => r.t >= from && r.t < to);
  return { http: inRange(logs.http), platform: inRange(logs.platform), console: inRange(logs.console) };
}

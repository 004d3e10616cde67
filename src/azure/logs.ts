// Optional Log Analytics reads: the five queries of kql.ts against one workspace → LogsData.
import type { LogsData, Window } from "../core/snapshot.ts";
import type { AzureClients } from "./clients.ts";
import { buildQuery, type LogQueryId } from "./kql.ts";

/** A result table as both SDK result kinds carry it. */
export interface LogTable {
  columnDescriptors: Array<{ name?: string }>;
  rows: unknown[][];
}

/** Runs one query; a partial result counts as a failure (rules must not trust half a table). */
export async function runLogQuery(
  clients: AzureClients,
  workspaceId: string,
  id: LogQueryId,
  siteId: string,
  w: Window,
  signal: AbortSignal,
): Promise<LogTable> {
  const client = clients.logs();
  if (!client) throw new Error("no Log Analytics workspace configured");
  const res = await client.queryWorkspace(
    workspaceId,
    buildQuery(id, siteId, w),
    { startTime: new Date(w.start), endTime: new Date(w.end) },
    { serverTimeoutInSeconds: 60, abortSignal: signal },
  );
  if (res.status !== "Success") {
    throw new Error(
      `Log Analytics returned a partial result for ${id}: ${res.partialError?.message ?? "unknown error"}`,
    );
  }
  return res.tables[0] ?? { columnDescriptors: [], rows: [] };
}

/** Row objects keyed by lower-cased column name. */
export function rowsOf(t: LogTable): Array<Record<string, unknown>> {
  const names = t.columnDescriptors.map((c) => (c.name ?? "").toLowerCase());
  return t.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
}

const num = (v: unknown): number => (typeof v === "number" ? v : Number(v ?? Number.NaN));
const str = (v: unknown): string | undefined => (v === null || v === undefined || v === "" ? undefined : String(v));
const time = (v: unknown): number => (v instanceof Date ? v.getTime() : new Date(String(v)).getTime());

export function toLogsData(tables: Record<LogQueryId, LogTable>): LogsData {
  return {
    http5xx: rowsOf(tables.http5xx).map((r) => ({
      t: time(r.timegenerated),
      status: num(r.scstatus),
      subStatus: str(r.scsubstatus) ?? "0",
      ...(str(r.computername) ? { instance: str(r.computername) } : {}),
      count: num(r.n),
    })),
    slowFailures: rowsOf(tables.slowFailures).map((r) => ({
      path: str(r.csuristem) ?? "",
      count: num(r.n),
      p50Ms: num(r.p50),
      maxMs: num(r.maxtaken),
    })),
    failuresByPath: rowsOf(tables.failuresByPath).map((r) => ({ path: str(r.csuristem) ?? "", count: num(r.n) })),
    platform: rowsOf(tables.platform).map((r) => ({
      t: time(r.timegenerated),
      ...(str(r.level) ? { level: str(r.level) } : {}),
      message: str(r.message) ?? "",
      ...(str(r.containerid) ? { containerId: str(r.containerid) } : {}),
    })),
    console: rowsOf(tables.console).map((r) => ({
      t: time(r.timegenerated),
      ...(str(r.level) ? { level: str(r.level) } : {}),
      message: str(r.resultdescription) ?? "",
    })),
  };
}

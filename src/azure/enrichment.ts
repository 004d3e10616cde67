// Optional snapshot enrichment: Log Analytics queries, detectors and the 24 h metric baseline. None of
// these functions rejects: failures come back as `unknowns` entries.
import { DomainError } from "../core/errors.ts";
import type { AppRef, LogsData, MetricGrid, Snapshot, Window } from "../core/snapshot.ts";
import type { AdapterContext } from "./context.ts";
import { chooseDetectors, listDetectorIds, runDetector } from "./detectors.ts";
import { LOG_QUERY_IDS, type LogQueryId } from "./kql.ts";
import { type LogTable, runLogQuery, toLogsData } from "./logs.ts";
import { PLAN_METRICS, SITE_METRICS } from "./metrics.ts";
import { label, readMetrics } from "./reads.ts";

export const BASELINE_MS = 24 * 3_600_000;

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };
export const settle = <T>(p: Promise<T>): Promise<Settled<T>> =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error) => ({ ok: false as const, error }),
  );
/**
 * Why an optional read is missing, short enough for the "Not read:" line: the call and what happened
 * ("timed out after 4 s", "throttled for 30 s", "503"); other refusals keep Azure's full sentence.
 */
export function reason(e: unknown): string {
  if (!(e instanceof DomainError)) return String((e as Error)?.message ?? e);
  const what = shortReason(e);
  return what && e.call ? `${e.call}: ${what}` : e.userMessage;
}

function shortReason(e: DomainError): string | undefined {
  if (e.kind === "timeout") return e.timeoutMs !== undefined ? `timed out after ${secs(e.timeoutMs)}` : "timed out";
  if (e.kind === "throttled")
    return e.retryAfterSeconds !== undefined ? `throttled for ${e.retryAfterSeconds} s` : "throttled (429)";
  if (e.kind === "unavailable") return e.status !== undefined && e.status > 0 ? String(e.status) : "unreachable";
  return undefined;
}

function secs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

export async function readLogs(ctx: AdapterContext, workspaceId: string, app: AppRef, w: Window, signal?: AbortSignal) {
  const results = await Promise.all(
    LOG_QUERY_IDS.map((id) =>
      settle(
        ctx.read(
          {
            call: `logs ${id} ${label(app)}`,
            action: "Microsoft.OperationalInsights/workspaces/query/read",
            scope: `workspace ${workspaceId}`,
          },
          (s) => runLogQuery(ctx.clients, workspaceId, id, app.id, w, s),
          signal,
        ),
      ),
    ),
  );
  const failures: Array<{ signal: string; reason: string; error: unknown }> = [];
  const tables = {} as Record<LogQueryId, LogTable>;
  LOG_QUERY_IDS.forEach((id, i) => {
    const r = results[i];
    if (r.ok) tables[id] = r.value;
    else failures.push({ signal: `logs.${id}`, reason: reason(r.error), error: r.error });
  });
  // A query that failed leaves its part empty, and its unknown entry says so.
  const empty: LogTable = { columnDescriptors: [], rows: [] };
  for (const id of LOG_QUERY_IDS) tables[id] ??= empty;
  const data: LogsData | undefined = failures.length === LOG_QUERY_IDS.length ? undefined : toLogsData(tables);
  const unknowns: Snapshot["unknowns"] = failures.map(({ signal, reason }) => ({ signal, reason }));
  return { data, unknowns, failures };
}

export async function readDetectors(ctx: AdapterContext, app: AppRef, w: Window, signal?: AbortSignal) {
  const unknowns: Snapshot["unknowns"] = [];
  const info = { call: `diagnostics ${label(app)}`, action: "Microsoft.Web/sites/detectors/read", scope: app.id };
  const listed = await settle(ctx.read(info, (s) => listDetectorIds(ctx.clients, app, s), signal));
  if (!listed.ok) return { results: [], unknowns: [{ signal: "detectors", reason: reason(listed.error) }] };
  const runs = await Promise.all(
    chooseDetectors(listed.value).map((id) =>
      settle(
        ctx.read(
          { ...info, call: `detector ${id} ${label(app)}` },
          (s) => runDetector(ctx.clients, app, id, w, s),
          signal,
        ),
      ),
    ),
  );
  const results: NonNullable<Snapshot["detectors"]> = [];
  for (const r of runs) {
    if (r.ok) results.push(r.value);
    else unknowns.push({ signal: "detectors", reason: reason(r.error) });
  }
  return { results, unknowns };
}

/** The 24 h before the window at PT5M (rules compare 5-minute buckets), site and plan: two calls. */
export function readBaseline(ctx: AdapterContext, app: AppRef, w: Window, signal?: AbortSignal) {
  const bw: Window = { start: w.start - BASELINE_MS, end: w.start };
  const read = (resourceId: string, scope: "site" | "plan") =>
    readMetrics(
      ctx,
      {
        resourceId,
        scope,
        specs: scope === "site" ? SITE_METRICS : PLAN_METRICS,
        window: bw,
        interval: "PT5M",
        perInstance: true,
      },
      signal,
    );
  return settle(
    Promise.all([read(app.id, "site"), read(app.planId, "plan")]).then(
      ([s, p]): { metrics: MetricGrid[]; window: Window } => ({
        metrics: [...s, ...p],
        window: bw,
      }),
    ),
  );
}

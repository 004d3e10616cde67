// Everything the rules read, computed once per diagnosis (lazily where it costs).

import type { Evidence } from "../diagnosis.ts";
import { type SkuFacts, skuFacts } from "../skus.ts";
import type { Aggregation, ChangeEvent, MetricScope, Snapshot, Window } from "../snapshot.ts";
import { Baselines } from "./baseline.ts";
import { type Axis, Bucketed, type BucketedGrid, bucketWindow } from "./bucketed.ts";
import { changesNear } from "./changes.ts";
import { CORRELATION_LEAD_MS, type Episode, findIncidents, type IncidentInfo } from "./incident.ts";
import { instanceNames } from "./instances.ts";
import { detectMinutes, incidentAxis } from "./sliding.ts";

/** Per-instance series are bucketed from 3 h before the incident window … */
export const FOCUS_HISTORY_BUCKETS = 36;
/** … to 30 min after it (health-check lag, a recycle right after the window). */
export const FOCUS_AFTER_BUCKETS = 6;

export interface RuleContext {
  s: Snapshot;
  now: number;
  axis: Axis;
  cur: Bucketed;
  inc: IncidentInfo;
  base: Baselines;
  /** The buckets the rules judge: the incident window, or the whole lookback without one. */
  range: Episode;
  /** range.from minus the correlation lead (docs/glossary.md#correlation-lead), clipped at 0. */
  leadFrom: number;
  hasIncident: boolean;
  /** Explicit request without an incident: every rule runs over the lookback and findings are minor. */
  minorMode: boolean;
  isLinux: boolean;
  isWindows: boolean;
  sku?: SkuFacts;
  hasLogs: boolean;
  /** changeEvents inside [window start − 30 min, window end]. */
  changes: ChangeEvent[];
  instances: string[];
  /** Instance count the plan runs now. */
  capacity: number;
  siteSource: string;
  planSource: string;
}

export function buildContext(s: Snapshot, opts: { explicit?: boolean; now?: number } = {}): RuleContext {
  const minutes = detectMinutes(s.metrics, s.window);
  const axis = incidentAxis(s.window, minutes);
  const cur = new Bucketed(s.metrics, axis);
  const inc = findIncidents(cur, minutes);
  const base = new Baselines(cur, inc, s.baseline);
  const hasIncident = inc.window !== undefined;
  // Per-instance detail is needed around the incident only: a few hours of history for leaks and runs.
  if (inc.window)
    cur.focusOn({ from: inc.window.from - FOCUS_HISTORY_BUCKETS, to: inc.window.to + FOCUS_AFTER_BUCKETS });
  const range = inc.window ?? { from: 0, to: axis.nb };
  const lead = Math.ceil(CORRELATION_LEAD_MS / axis.bucketMs);
  const kind = (s.app?.kind ?? "").toLowerCase();
  const isLinux = s.site?.os === "linux" || kind.includes("linux") || s.plan?.reserved === true;
  const listed = Array.isArray(s.instances) ? s.instances.map((i) => i?.name).filter((n) => typeof n === "string") : [];
  const instances = instanceNames(cur, listed);
  const capacity =
    Number.isFinite(s.plan?.capacity) && s.plan.capacity > 0 ? s.plan.capacity : Math.max(1, instances.length);
  const win = hasIncident ? bucketWindow(axis, range.from, range.to) : s.window;
  return {
    s,
    now: opts.now ?? s.takenAt,
    axis,
    cur,
    inc,
    base,
    range,
    leadFrom: hasIncident ? Math.max(0, range.from - lead) : 0,
    hasIncident,
    minorMode: !hasIncident && opts.explicit === true,
    isLinux,
    isWindows: !isLinux,
    sku: skuFacts(s.plan?.skuName),
    hasLogs: s.logs !== undefined && s.logs !== null,
    changes: changesNear(s.changes, win),
    instances,
    capacity,
    siteSource: `GET ${s.app?.id ?? "{siteId}"}`,
    planSource: `GET ${s.app?.planId ?? s.plan?.id ?? "{planId}"}`,
  };
}

/** A bucketed grid of the lookback. */
export function grid(ctx: RuleContext, scope: MetricScope, name: string, agg?: Aggregation): BucketedGrid | undefined {
  return ctx.cur.get(scope, name, agg);
}

export function win(ctx: RuleContext, from: number, to: number): Window {
  return bucketWindow(ctx.axis, from, to);
}

/** The judged range including the correlation lead. */
export function judged(ctx: RuleContext): Window {
  return win(ctx, ctx.leadFrom, ctx.range.to);
}

export function sourceOf(ctx: RuleContext, scope: MetricScope, name: string, agg?: Aggregation): string {
  return ctx.cur.find(scope, name, agg)?.source ?? `metrics ${name}`;
}

/** Shorthand for metric evidence. */
export function metricEvidence(
  ctx: RuleContext,
  scope: MetricScope,
  name: string,
  aggregation: string,
  w: Window,
  observed: number | string,
  comparison: Evidence["comparison"],
  threshold: number | string,
  extra: Partial<Evidence> = {},
): Evidence {
  return {
    metric: name,
    aggregation,
    window: w,
    observed: typeof observed === "number" ? Math.round(observed * 1000) / 1000 : observed,
    threshold,
    comparison,
    source: sourceOf(ctx, scope, name),
    ...extra,
  };
}

export function propertyEvidence(
  ctx: RuleContext,
  metric: string,
  observed: number | string,
  comparison: Evidence["comparison"],
  threshold: number | string,
  source: string,
  note?: string,
): Evidence {
  return {
    metric,
    aggregation: "property",
    window: { start: ctx.now, end: ctx.now },
    observed,
    threshold,
    comparison,
    source,
    ...(note ? { note } : {}),
  };
}

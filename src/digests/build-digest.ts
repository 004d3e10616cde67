// The morning digest use case: every app in scope over the last 24 h, scored and ranked worst first
// (docs/glossary.md#digest-score), plus the bot's actions of the day and the fleet chart's input. Cost is a handful of
// calls whatever the fleet size: the cached site and plan lists, Service Health per subscription, and the
// metrics batch API (≤ 50 resources per call, grouped by subscription, region and type; plans in a second
// pass). Nothing is read per app: facts only a full snapshot has (Resource Health, full config) are named
// as not read, and `/appsvc status <app>` (the Diagnose buttons) gets them for one app.

import type { FleetChartInput } from "../charts/index.ts";
import type { Series } from "../charts/series.ts";
import type { DigestFigures } from "../core/digest-figures.ts";
import {
  type DigestEntry,
  type DigestScore,
  digestScore,
  type RankedDigest,
  rankDigest,
} from "../core/digest-score.ts";
import type { Fleet } from "../core/fleet.ts";
import type { AppRef, Window } from "../core/snapshot.ts";
import type { Store } from "../store/store.ts";
import { actionsFromAudit, type DigestAction, userRestartEvents } from "./actions.ts";
import { chartSeries, fleetChartInput } from "./chart-input.ts";
import type { FleetMetricsFn } from "./metrics-off-thread.ts";
import { readFleet, splitHistory } from "./read-fleet.ts";
import { slicer } from "./slices.ts";
import { digestFiguresOf } from "./thin-snapshot.ts";

export const DAY_MS = 86_400_000;
/** Apps coloured in the fleet chart. */
export const CHART_HIGHLIGHT = 5;

export interface OpenDiagnosis {
  ruleId: string;
  /** One line: "capacity: scale out → 4". */
  cause: string;
}

export interface BuildDigestInput {
  fleet: Fleet;
  store: Pick<Store, "listAudit">;
  /** Which apps the digest covers (the channel's bound scope). */
  scope: (app: AppRef) => boolean;
  now: number;
  /** IANA zone of the subscription: dates and times in the message and chart. */
  timeZone: string;
  /** Default 24 h. */
  windowMs?: number;
  /** Default 10. */
  maxShown?: number;
  /**
   * One more batch per site group at PT5M over the previous and the current window: HealthCheckStatus (it has
   * no PT1M grain) and the previous window's response time, the baseline of "p95 ↑3×". Off by default.
   */
  history?: boolean;
  /** A bot diagnosis still open for the app, when one is known without reading Azure. */
  openDiagnosis?: (app: AppRef) => OpenDiagnosis | undefined;
  includeSlots?: boolean;
  signal?: AbortSignal;
  /** Awaited between slices of the per-app scoring (the bot passes its Admission turn); default setImmediate. */
  yieldTo?: () => Promise<void>;
  /** Scoring time between yields (default 8 ms; scoring 500 apps at once held the event loop ~300 ms). */
  sliceMs?: number;
  /** The metric reads, e.g. on a worker (metrics-off-thread.ts); default `fleet.fleetMetrics`. */
  metrics?: FleetMetricsFn;
}

export interface DigestLine {
  app: AppRef;
  figures: DigestFigures;
  score: DigestScore;
  /** "P1v3×2", or undefined when the plan was not listed. */
  plan?: string;
  /** p95 / baseline p95, when both are known. */
  p95Ratio: number | null;
  /** For a stopped app: the last stop in the window (Activity Log), when read. */
  stoppedBy?: { at: number; caller?: string };
}

export interface DigestData {
  generatedAt: number;
  window: Window;
  timeZone: string;
  /** Apps in scope. */
  total: number;
  counts: { red: number; orange: number; green: number; idle: number; stopped: number };
  /** At most `maxShown` worst first; `hidden` counts the rest; idle apps unscored. */
  shown: DigestLine[];
  hidden: RankedDigest["hidden"];
  idle: DigestLine[];
  /** Stopped or disabled now, apart from the ranking, with since when and by whom when the Activity Log says. */
  stopped: DigestLine[];
  /** Every scored app worst first (for the attached file). */
  ranked: DigestLine[];
  actions: DigestAction[];
  chart: FleetChartInput;
  /** Apps whose metrics could not be read (a failed batch): neither scored nor idle. */
  unread: AppRef[];
  /** What was not read, and why. */
  unknowns: string[];
}

const planLabel = (f: DigestFigures): string | undefined =>
  f.sku && Number.isFinite(f.capacity) ? `${f.sku}×${f.capacity}` : undefined;

export async function buildDigest(input: BuildDigestInput): Promise<DigestData> {
  const windowMs = input.windowMs ?? DAY_MS;
  const window: Window = { start: input.now - windowMs, end: input.now };
  const apps = (await input.fleet.listApps(input.includeSlots ? { includeSlots: true } : undefined)).filter((a) =>
    input.scope(a),
  );
  const reads = await readFleet(input.fleet, input.store, apps, window, {
    history: input.history,
    signal: input.signal,
    ...(input.metrics ? { metrics: input.metrics } : {}),
  });
  const unknowns = [...reads.unknowns];
  const facts = reads.facts;
  const actions = actionsFromAudit(reads.audit.filter((e) => e.at >= window.start && e.at <= window.end));
  const unread: AppRef[] = [];

  const lines = new Map<DigestEntry, DigestLine>();
  const entries: DigestEntry[] = [];
  const seriesOf = new Map<string, Series>();
  const slice = slicer(input.yieldTo, input.sliceMs);
  for (const app of apps) {
    await slice();
    const site = reads.site?.get(app.id);
    // A failed batch is not "no traffic": those apps are listed as not read, never as idle.
    if (!site) {
      unread.push(app);
      continue;
    }
    const grids = [...site, ...(reads.plan?.get(app.id) ?? [])];
    // The chart needs only the app's 5xx rate at its own resolution; the grids can go once the app is
    // scored (a 500-app digest's grids are ~100 MB of arrays: docs/memory.md).
    const series = chartSeries(site, window);
    if (series) seriesOf.set(app.id, series);
    const history = splitHistory(reads.history?.get(app.id), window.start);
    reads.site?.delete(app.id);
    reads.plan?.delete(app.id);
    reads.history?.delete(app.id);
    grids.push(...history.current);
    const { figures } = digestFiguresOf(
      {
        app,
        facts: facts?.apps.get(app.id.toLowerCase()),
        grids,
        ...(history.before.length
          ? { baseline: { metrics: history.before, window: { start: window.start - windowMs, end: window.start } } }
          : {}),
        serviceHealth: facts?.serviceHealth ?? [],
        changes: userRestartEvents(actions, app.name),
        window,
        now: input.now,
      },
      input.openDiagnosis?.(app),
    );
    const entry: DigestEntry = { figures, score: digestScore(figures) };
    entries.push(entry);
    lines.set(entry, {
      app,
      figures,
      score: entry.score,
      ...(planLabel(figures) ? { plan: planLabel(figures) } : {}),
      p95Ratio: figures.p95Sec !== null && figures.baselineP95Sec ? figures.p95Sec / figures.baselineP95Sec : null,
    });
  }
  const ranked = rankDigest(entries, input.maxShown);
  const all = rankDigest(entries, Number.MAX_SAFE_INTEGER).shown;
  const line = (e: DigestEntry) => lines.get(e) as DigestLine;
  const counts = { red: 0, orange: 0, green: 0, idle: 0, stopped: 0 };
  for (const e of entries) counts[e.score.status]++;
  const hot = new Set(
    all
      .filter((e) => e.score.status !== "green")
      .slice(0, CHART_HIGHLIGHT)
      .map((e) => e.figures.appId),
  );
  const chart = fleetChartInput(
    apps.map((a) => ({
      name: a.slot ? `${a.name}/${a.slot}` : a.name,
      series: seriesOf.get(a.id),
      highlight: hot.has(a.id),
    })),
    window,
    input.timeZone,
    "Fleet 5xx rate",
  );
  if (!input.history) unknowns.push("health check status and the p95 baseline: not read (history pass off)");
  unknowns.push("Resource Health per app: not read for the digest (one call per app); Diagnose reads it");
  return {
    generatedAt: input.now,
    window,
    timeZone: input.timeZone,
    total: apps.length,
    counts,
    shown: ranked.shown.map(line),
    hidden: ranked.hidden,
    idle: ranked.idle.map(line),
    stopped: await stoppedLines(input, ranked.stopped.map(line), window),
    ranked: all.map(line),
    actions,
    chart,
    unread,
    unknowns,
  };
}

/** At most this many Activity Log reads for stopped apps per digest (one per resource group read). */
export const STOP_READS_MAX = 10;

/** Since when and by whom each stopped app is stopped: the last stop event in the window, when readable. */
async function stoppedLines(input: BuildDigestInput, lines: DigestLine[], window: Window): Promise<DigestLine[]> {
  const read = input.fleet.stopEvents?.bind(input.fleet);
  if (!read) return lines;
  return Promise.all(
    lines.map(async (l, i) => {
      if (i >= STOP_READS_MAX) return l;
      try {
        const last = (await read(l.app, window, { signal: input.signal })).at(-1);
        return last ? { ...l, stoppedBy: { at: last.at, ...(last.caller ? { caller: last.caller } : {}) } } : l;
      } catch {
        return l; // the line still says stopped; only the "since" is missing
      }
    }),
  );
}

// `/appsvc metrics`: a compact table of each requested metric's sum / average / max over the window (the
// chart is rendered and attached by the caller). Unknown stays "n/a".
import type { KnownBlock } from "@slack/types";
import type { AppRef, MetricGrid } from "../../core/snapshot.ts";
import { context, finalize, header, section } from "./blocks.ts";
import { escapeMrkdwn, escapePlain } from "./escape.ts";
import { fmtBytes, fmtCount, fmtDuration, fmtPct, fmtRange, fmtSeconds, NA, zoneNote } from "./format.ts";
import { unknownsLine } from "./status.ts";
import { table } from "./table.ts";
import type { SlackMessage } from "./types.ts";
import { appLabel } from "./vocabulary.ts";

export interface MetricsViewInput {
  app: AppRef;
  grids: MetricGrid[];
  windowMs: number;
  timeZone?: string;
  /** Reads of the default set that failed (plan metrics, HealthCheckStatus): named, their rows absent. */
  notRead?: Array<{ signal: string; reason: string }>;
}

/** Unit-aware value: percent, bytes, seconds, or a count. */
function fmtUnit(v: number | null, unit: string | undefined, name: string): string {
  if (v === null) return NA;
  const u = (unit ?? "").toLowerCase();
  if (u === "percent" || /percentage/i.test(name)) return fmtPct(v);
  if (u === "bytes" || /bytes|workingset/i.test(name)) return fmtBytes(v);
  if (u === "seconds" || /responsetime/i.test(name)) return fmtSeconds(v);
  if (u === "milliseconds") return fmtSeconds(v / 1000);
  return fmtCount(v);
}

/** Rows per table section, so each stays well under 3000 characters. */
export const METRIC_ROWS_PER_SECTION = 15;

export interface GridStats {
  sum: number | null;
  avg: number | null;
  max: number | null;
}

export function gridStats(g: Pick<MetricGrid, "all">): GridStats {
  const vals = (g.all ?? []).filter((v): v is number => v !== null && Number.isFinite(v));
  if (vals.length === 0) return { sum: null, avg: null, max: null };
  const sum = vals.reduce((a, b) => a + b, 0);
  return { sum, avg: sum / vals.length, max: Math.max(...vals) };
}

export function metricsView(input: MetricsViewInput): SlackMessage {
  const { app, grids, windowMs, timeZone: tz } = input;
  const label = appLabel(app);
  const rows = (grids ?? []).map((g) => {
    const s = gridStats(g);
    // A sum of averages means nothing: only Total/Count grids show one.
    const summable = g.aggregation === "Total" || g.aggregation === "Count";
    return [
      `${g.name} (${g.scope})`,
      g.aggregation,
      summable ? fmtUnit(s.sum, g.unit, g.name) : "—",
      fmtUnit(s.avg, g.unit, g.name),
      fmtUnit(s.max, g.unit, g.name),
    ];
  });
  const first = grids?.[0];
  const range = first ? fmtRange(first.start, first.start + first.grainMs * first.all.length, tz) : "";
  const blocks: KnownBlock[] = [header(`Metrics · ${escapePlain(label)}`)];
  if (rows.length === 0) blocks.push(section("No metrics were read for this window."));
  for (let i = 0; i < rows.length; i += METRIC_ROWS_PER_SECTION) {
    const head = i === 0 ? `*Last ${fmtDuration(windowMs)}*${range ? ` · ${range}` : ""}\n` : "";
    const chunk = rows.slice(i, i + METRIC_ROWS_PER_SECTION);
    blocks.push(
      section(
        `${head}${table(["metric", "agg", "sum", "avg", "max"], chunk, ["left", "left", "right", "right", "right"])}`,
      ),
    );
  }
  const grain = first ? `Over ${fmtDuration(first.grainMs)} points; ` : "";
  const notRead = unknownsLine({ unknowns: input.notRead ?? [] }, undefined);
  blocks.push(
    context([
      `${grain}"n/a" means Azure returned no data. ${zoneNote(first?.start ?? 0, tz)}`,
      ...(notRead ? [notRead] : []),
    ]),
  );
  return finalize(
    blocks,
    `${escapeMrkdwn(label)}: ${rows.length} metric${rows.length === 1 ? "" : "s"} over ${fmtDuration(windowMs)}.`,
    {
      fileName: "metrics.md",
      fileTitle: "Metrics",
    },
  );
}

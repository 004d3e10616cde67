// Chart rendering benchmark (`npm run bench charts`). Timings are medians/p95 over 50 renders after 5
// warm-ups; RSS is sampled over 500 renders, after a full gc (enabled at runtime below).
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { buildFleetChart } from "../src/charts/fleet-chart.ts";
import {
  renderFleetChart,
  renderFleetChartOffThread,
  renderStatusChart,
  renderStatusChartOffThread,
  stopChartWorker,
} from "../src/charts/index.ts";
import type { ChartSpec } from "../src/charts/panel.ts";
import { encodePng } from "../src/charts/png.ts";
import { drawSpec } from "../src/charts/render.ts";
import { buildStatusChart, type StatusChartInput } from "../src/charts/status-chart.ts";
import { fleet, memoryLeak } from "../test/charts/fixtures.ts";

type Row = Record<string, string | number>;

const WARMUP = 5;
const RUNS = 50;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const ms = (n: number) => Math.round(n * 10) / 10;
const tick = () => new Promise((r) => setImmediate(r));

async function time(fn: () => Promise<unknown> | unknown): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const t: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    t.push(performance.now() - t0);
    await tick();
  }
  t.sort((a, b) => a - b);
  return { median: ms(quantile(t, 0.5)), p95: ms(quantile(t, 0.95)) };
}

/**
 * Times several ways of doing the same render in alternation, so each sees the same machine: this
 * machine's speed drifts by ~30 % within minutes, and timing one way after the other mixes that in.
 */
async function timeAlternating<K extends string>(
  fns: Record<K, () => Promise<unknown> | unknown>,
): Promise<Record<K, { median: number; p95: number }>> {
  const keys = Object.keys(fns) as K[];
  for (let i = 0; i < WARMUP; i++) for (const k of keys) await fns[k]();
  const t = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < RUNS; i++) {
    for (const k of i % 2 ? [...keys].reverse() : keys) {
      const t0 = performance.now();
      await fns[k]();
      t[k].push(performance.now() - t0);
      await tick();
    }
  }
  return Object.fromEntries(
    keys.map((k) => {
      const a = t[k].sort((x, y) => x - y);
      return [k, { median: ms(quantile(a, 0.5)), p95: ms(quantile(a, 0.95)) }];
    }),
  ) as Record<K, { median: number; p95: number }>;
}

/** Splits one in-thread render into its phases: config building, Chart.js drawing, rasterising, PNG. */
async function phases(build: () => ChartSpec): Promise<Row> {
  const acc = { build: [] as number[], draw: [] as number[], raster: [] as number[], png: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    const spec = build();
    acc.build.push(performance.now() - t);
    t = performance.now();
    const canvas = drawSpec(spec);
    acc.draw.push(performance.now() - t);
    t = performance.now();
    const pixels = canvas.data(); // Skia rasterises lazily: the first pixel read pays for it
    acc.raster.push(performance.now() - t);
    t = performance.now();
    encodePng({ data: () => pixels, width: canvas.width, height: canvas.height } as typeof canvas);
    acc.png.push(performance.now() - t);
    await tick();
  }
  const med = (a: number[]) =>
    ms(
      quantile(
        [...a].sort((x, y) => x - y),
        0.5,
      ),
    );
  return {
    build_ms: med(acc.build),
    draw_ms: med(acc.draw),
    raster_ms: med(acc.raster),
    png_ms: med(acc.png),
  };
}

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** RSS and V8 heap after a full gc; native canvas memory is freed by finalizers a turn later. */
async function memory(): Promise<Row> {
  gc();
  await tick();
  await new Promise((r) => setTimeout(r, 20));
  gc();
  const m = process.memoryUsage();
  const mb = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
  return {
    rss_mb: mb(m.rss),
    heap_total_mb: mb(m.heapTotal),
    heap_used_mb: mb(m.heapUsed),
    external_mb: mb(m.external),
  };
}

export async function run(): Promise<{ name: string; rows: Row[] }> {
  const leak = memoryLeak(4);
  const status: StatusChartInput = {
    appName: "shop-api",
    grids: leak.grids,
    window: leak.window,
    incidentWindow: leak.incident,
    timeZone: "Europe/Berlin",
  };
  const f = fleet(12);
  const fleetInput = { apps: f.apps, window: f.window, timeZone: "Europe/Berlin" };
  const rows: Row[] = [];

  const statusPng = await renderStatusChartOffThread(status);
  const { off, st } = await timeAlternating({
    off: () => renderStatusChartOffThread(status),
    st: () => renderStatusChart(status),
  });
  rows.push({
    case: "status chart (24 h, 1-min, 4 instances, 4 panels, 1760×1552) on the chart worker, as the bot renders it",
    median_ms: off.median,
    p95_ms: off.p95,
    target: "median ≤ 35 ms",
    png_kb: Math.round(statusPng.length / 1024),
  });
  rows.push({
    case: "  same chart in this thread",
    median_ms: st.median,
    p95_ms: st.p95,
    ...(await phases(() => buildStatusChart(status))),
  });
  const spec = buildStatusChart(status);
  for (const [i, p] of spec.panels.entries()) {
    const one: ChartSpec = { ...spec, panels: [p] };
    const r = await time(() => encodePng(drawSpec(one)));
    const title = (p.config.options?.plugins?.title?.text as string) ?? `panel ${i}`;
    rows.push({ case: `  panel alone: ${title}`, median_ms: r.median, p95_ms: r.p95 });
  }
  const skia = await time(() => drawSpec(spec).encode("png"));
  rows.push({
    case: "  whole chart with Skia's own PNG encoder (for comparison)",
    median_ms: skia.median,
    p95_ms: skia.p95,
  });

  const fleetPng = await renderFleetChartOffThread(fleetInput);
  const { flOff, fl } = await timeAlternating({
    flOff: () => renderFleetChartOffThread(fleetInput),
    fl: () => renderFleetChart(fleetInput),
  });
  rows.push({
    case: "fleet chart (12 apps, 24 h, 5-min) on the chart worker",
    median_ms: flOff.median,
    p95_ms: flOff.p95,
    png_kb: Math.round(fleetPng.length / 1024),
  });
  rows.push({
    case: "  same chart in this thread",
    median_ms: fl.median,
    p95_ms: fl.p95,
    ...(await phases(() => buildFleetChart(fleetInput))),
  });
  await stopChartWorker();

  rows.push({ case: "memory at 0 renders (after gc)", ...(await memory()) });
  for (let i = 1; i <= 500; i++) {
    await renderStatusChart(status);
    if (i === 250 || i === 500) rows.push({ case: `memory after ${i} status renders (after gc)`, ...(await memory()) });
  }
  return { name: "charts", rows };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { name, rows } = await run();
  console.log(name);
  console.table(rows);
}

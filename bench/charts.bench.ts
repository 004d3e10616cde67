// Chart rendering benchmark (`npm run bench charts`). Timings are medians/p95 over 50 renders after 5
// warm-ups; RSS is sampled over 500 renders, after a full gc (enabled at runtime below).
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { renderAsync } from "@resvg/resvg-js";
import { buildFleetChart } from "../src/charts/fleet-chart.ts";
import {
  renderFleetChart,
  renderFleetChartOffThread,
  renderStatusChart,
  renderStatusChartOffThread,
  stopChartWorker,
} from "../src/charts/index.ts";
import type { ChartSpec } from "../src/charts/panel.ts";
import { encodeRgbaPng } from "../src/charts/png.ts";
import { renderSpec, specHeight, specToBands } from "../src/charts/render.ts";
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

/** Splits one in-thread render into its phases: spec (pure), SVG (pure), rasterising the bands, PNG. */
async function phases(build: () => ChartSpec): Promise<Row> {
  const acc = { spec: [] as number[], svg: [] as number[], raster: [] as number[], png: [] as number[] };
  const opts = { fitTo: { mode: "zoom" as const, value: 2 }, background: "#ffffff", font: { loadSystemFonts: false } };
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    const spec = build();
    acc.spec.push(performance.now() - t);
    t = performance.now();
    const svgs = specToBands(spec).map(String);
    acc.svg.push(performance.now() - t);
    t = performance.now();
    // As render.ts does: side by side on libuv's pool.
    const bands = await Promise.all(svgs.map(async (svg) => (await renderAsync(svg, opts)).pixels));
    acc.raster.push(performance.now() - t);
    t = performance.now();
    encodeRgbaPng(bands, spec.width * 2, specHeight(spec) * 2);
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
  return { spec_ms: med(acc.spec), svg_ms: med(acc.svg), raster_ms: med(acc.raster), png_ms: med(acc.png) };
}

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** RSS and V8 heap after a full gc. */
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
  const off = await time(() => renderStatusChartOffThread(status));
  rows.push({
    case: "status chart (24 h, 1-min, 4 instances, 4 panels, 1760×1552) on the chart worker, as the bot renders it",
    median_ms: off.median,
    p95_ms: off.p95,
    png_kb: Math.round(statusPng.length / 1024),
  });
  const st = await time(() => renderStatusChart(status));
  rows.push({
    case: "  same chart in this thread",
    median_ms: st.median,
    p95_ms: st.p95,
    ...(await phases(() => buildStatusChart(status))),
  });
  const spec = buildStatusChart(status);
  for (const [i, p] of spec.panels.entries()) {
    const one: ChartSpec = { ...spec, panels: [p] };
    const r = await time(() => renderSpec(one));
    rows.push({ case: `  panel alone: ${p.title || `panel ${i}`}`, median_ms: r.median, p95_ms: r.p95 });
  }

  const fleetPng = await renderFleetChartOffThread(fleetInput);
  const flOff = await time(() => renderFleetChartOffThread(fleetInput));
  rows.push({
    case: "fleet chart (12 apps, 24 h, 5-min) on the chart worker",
    median_ms: flOff.median,
    p95_ms: flOff.p95,
    png_kb: Math.round(fleetPng.length / 1024),
  });
  const fl = await time(() => renderFleetChart(fleetInput));
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

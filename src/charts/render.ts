// Chart.js lifecycle on @napi-rs/canvas: one render at a time (a queue of one); each panel's chart
// draws straight into its band of one tall canvas under a header; then PNG encoding (png.ts).
import { type Canvas, createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import {
  Chart,
  type ChartItem,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  TimeScale,
  Title,
} from "chart.js";
import "chartjs-adapter-luxon";
import annotationPlugin from "chartjs-plugin-annotation";
import { FONT_FAMILY, registerFonts } from "./fonts.ts";
import type { ChartSpec } from "./panel.ts";
import { encodePng } from "./png.ts";
import { layout, theme, typography } from "./theme.ts";

let ready = false;

/** Fonts, Chart.js components and defaults; idempotent. */
export function setupCharts(): void {
  if (ready) return;
  registerFonts();
  // Only what the charts use: every registered plugin is notified on every hook of every render.
  Chart.register(
    LineController,
    LineElement,
    PointElement,
    LinearScale,
    LogarithmicScale,
    TimeScale,
    Filler,
    Legend,
    Title,
    annotationPlugin,
  );
  Chart.defaults.font.family = FONT_FAMILY;
  Chart.defaults.color = theme.textMuted;
  ready = true;
}

// ---- the queue: renders hold ~10 MB of native pixels each, so never run two at once ----

let tail: Promise<unknown> = Promise.resolve();
const stats = { completed: 0, failed: 0, active: 0, maxActive: 0, queued: 0 };

/** Counters for tests and metrics: `maxActive` stays 1 while the queue holds. */
export function renderQueueStats(): Readonly<typeof stats> {
  return { ...stats };
}

function enqueue<T>(job: () => Promise<T>): Promise<T> {
  stats.queued++;
  const run = async () => {
    stats.queued--;
    stats.active++;
    stats.maxActive = Math.max(stats.maxActive, stats.active);
    try {
      const out = await job();
      stats.completed++;
      return out;
    } catch (e) {
      stats.failed++;
      throw e;
    } finally {
      stats.active--;
      // One macrotask between renders lets finalizers release the previous render's native memory.
      await new Promise((r) => setImmediate(r));
    }
  };
  const p = tail.then(run, run);
  tail = p.catch(() => undefined);
  return p;
}

// ---- drawing ----

/** Cuts `text` with an ellipsis until it fits `maxWidth` at the context's current font. */
function fitText(ctx: SKRSContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ctx.measureText(`${text.slice(0, mid)}…`).width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}

function drawHeader(ctx: SKRSContext2D, spec: ChartSpec): void {
  const x = layout.paddingX;
  const maxW = spec.width - 2 * layout.paddingX;
  ctx.textBaseline = "alphabetic";
  ctx.textAlign = "left";
  // The window suffix keeps at least its own width; a very long app name gets the ellipsis.
  ctx.font = `400 ${typography.title}px ${FONT_FAMILY}`;
  const suffix = spec.titleSuffix ? `  ${spec.titleSuffix}` : "";
  const suffixW = Math.min(ctx.measureText(suffix).width, maxW * 0.6);
  ctx.font = `600 ${typography.title}px ${FONT_FAMILY}`;
  const title = fitText(ctx, spec.title, maxW - suffixW);
  const titleW = ctx.measureText(title).width;
  ctx.fillStyle = theme.text;
  ctx.fillText(title, x, 26);
  if (suffix) {
    ctx.font = `400 ${typography.title}px ${FONT_FAMILY}`;
    ctx.fillStyle = theme.textMuted;
    ctx.fillText(fitText(ctx, suffix, maxW - titleW), x + titleW, 26);
  }
  ctx.font = `400 ${typography.subtitle}px ${FONT_FAMILY}`;
  ctx.fillStyle = theme.textMuted;
  ctx.fillText(fitText(ctx, spec.subtitle, maxW), x, 46);
}

type Transform = (a: number, b: number, c: number, d: number, e: number, f: number) => void;

/**
 * Lets Chart.js draw one panel straight into a horizontal band of the tall canvas: the chart gets
 * a canvas-sized view, and the context's transform calls are shifted down by the band's offset.
 * Chart.js sets the transform only through setTransform (retina scaling) and resetTransform
 * (clearing); everything else is relative. One raster pass instead of a canvas per panel plus a
 * drawImage copy, which measured ~15 ms faster per status chart.
 */
type PanelView = { width: number; height: number; getContext: () => SKRSContext2D };

/** Chart.js reads only width, height and getContext() of its canvas: our view is one to it (no DOM here). */
function isCanvasLike(v: PanelView | ChartItem): v is ChartItem {
  return typeof v === "object" && "getContext" in v && typeof v.getContext === "function";
}

function drawPanel(ctx: SKRSContext2D, panel: ChartSpec["panels"][number], width: number, top: number): void {
  const offset = top * layout.pixelRatio;
  const view = { width, height: panel.height, getContext: () => ctx };
  const setTransform = Object.getPrototypeOf(ctx).setTransform as Transform;
  const own = (name: string, value: unknown) =>
    Object.defineProperty(ctx, name, { value, configurable: true, writable: true });
  own("canvas", view);
  own("setTransform", (a: number, b: number, c: number, d: number, e: number, f: number) =>
    setTransform.call(ctx, a, b, c, d, e, f + offset),
  );
  own("resetTransform", () => setTransform.call(ctx, 1, 0, 0, 1, 0, offset));
  let chart: Chart | undefined;
  try {
    if (!isCanvasLike(view)) throw new TypeError("the panel view is not canvas-shaped");
    chart = new Chart(view, panel.config);
    // destroy() clears its canvas: an empty view makes that a no-op, so the panel stays drawn.
    view.width = 0;
    view.height = 0;
  } finally {
    chart?.destroy();
    for (const name of ["canvas", "setTransform", "resetTransform"]) Reflect.deleteProperty(ctx, name);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  }
}

export function specHeight(spec: ChartSpec): number {
  return layout.headerHeight + spec.panels.reduce((h, p) => h + p.height, 0) + layout.footerPadding;
}

// ---- canvases: one per size, reused ----

/**
 * A canvas's ~11 MB of pixels live in Skia, outside the V8 heap: V8 does not count them, so a new canvas
 * per render piles them up until a full GC runs the finalizers (docs/memory.md). Renders are serialized
 * (the queue above), so one canvas per size is enough; only the sizes used last are kept.
 */
const canvases = new Map<string, Canvas>();
const KEEP_SIZES = 2;

function canvasOf(width: number, height: number): Canvas {
  const key = `${width}x${height}`;
  let canvas = canvases.get(key);
  if (canvas) {
    canvases.delete(key);
    // A clean slate: transform, clip, font and styles back to their defaults.
    canvas.getContext("2d").reset();
  } else {
    canvas = createCanvas(width, height);
  }
  canvases.set(key, canvas);
  for (const k of canvases.keys()) {
    if (canvases.size <= KEEP_SIZES) break;
    canvases.delete(k);
  }
  return canvas;
}

/** Canvases kept for reuse (tests: the count stays bounded whatever sizes come). */
export function cachedCanvasCount(): number {
  return canvases.size;
}

/** Draws the spec at 2x on the canvas of its size; the canvas is reused by the next render of that size. */
export function drawSpec(spec: ChartSpec): Canvas {
  setupCharts();
  const r = layout.pixelRatio;
  const canvas = canvasOf(spec.width * r, specHeight(spec) * r);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.save();
  ctx.scale(r, r);
  drawHeader(ctx, spec);
  ctx.restore();
  let top = layout.headerHeight;
  for (const p of spec.panels) {
    drawPanel(ctx, p, spec.width, top);
    top += p.height;
  }
  return canvas;
}

/** Renders a spec to PNG bytes; calls are serialized and yield to the event loop in between. */
export function renderSpec(spec: ChartSpec): Promise<Buffer> {
  return enqueue(async () => encodePng(drawSpec(spec)));
}

// A chart spec → SVG (pure, on the calling thread: ~2 ms) → pixels (resvg, on libuv's thread pool) → PNG
// (deflate, on the thread pool). The event loop only builds strings and copies rows, so acks never wait for a
// chart, and no second V8 isolate or canvas library is kept in memory for it (docs/memory.md).
import { renderAsync } from "@resvg/resvg-js";
import { drawPanel } from "./draw-panel.ts";
import { fontPaths } from "./fonts.ts";
import type { ChartSpec } from "./panel.ts";
import { encodeRgbaPng } from "./png.ts";
import { SvgDoc } from "./svg.ts";
import { fitText, textWidth } from "./text/metrics.ts";
import { layout, theme, typography } from "./theme.ts";

// ---- the queue: a render holds ~22 MB of pixels (the rasteriser's and the PNG rows), so one at a time ----

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
    }
  };
  const p = tail.then(run, run);
  tail = p.catch(() => undefined);
  return p;
}

// ---- drawing ----

function drawHeader(doc: SvgDoc, spec: ChartSpec): void {
  const x = layout.paddingX;
  const maxW = spec.width - 2 * layout.paddingX;
  const size = typography.title;
  // The window suffix keeps at least its own width; a very long app name gets the ellipsis.
  const suffix = spec.titleSuffix ? `  ${spec.titleSuffix}` : "";
  const suffixW = Math.min(textWidth(suffix, size), maxW * 0.6);
  const title = fitText(spec.title, maxW - suffixW, size, 600);
  const titleW = textWidth(title, size, 600);
  doc.text(title, x, 26, { size, weight: 600, fill: theme.text });
  // Two spaces before the suffix: drawn as advance, not collapsed as SVG text would be.
  if (suffix) doc.text(fitText(suffix, maxW - titleW, size), x + titleW, 26, { size, fill: theme.textMuted });
  doc.text(fitText(spec.subtitle, maxW, typography.subtitle), x, 46, {
    size: typography.subtitle,
    fill: theme.textMuted,
  });
}

export function specHeight(spec: ChartSpec): number {
  return layout.headerHeight + spec.panels.reduce((h, p) => h + p.height, 0) + layout.footerPadding;
}

/**
 * The chart as SVG documents in logical px, one band each, stacked top to bottom: the header, then each
 * panel (the last one with the footer's padding). Rasterised band by band, each pixel buffer is a fifth
 * of the whole; resvg's allocator keeps a buffer freed from another thread until its own thread allocates
 * again, so small buffers are what keeps the bot's memory down (docs/memory.md).
 */
export function specToBands(spec: ChartSpec): SvgDoc[] {
  const header = new SvgDoc(spec.width, layout.headerHeight + (spec.panels.length ? 0 : layout.footerPadding));
  drawHeader(header, spec);
  return [
    header,
    ...spec.panels.map((p, i) => {
      const doc = new SvgDoc(spec.width, p.height + (i === spec.panels.length - 1 ? layout.footerPadding : 0));
      drawPanel(doc, p, spec.width, 0);
      return doc;
    }),
  ];
}

/** Rasterises one band at 2× (sharp on retina screens and in Slack's expanded view). */
async function rasterise(doc: SvgDoc): Promise<Buffer> {
  // No background rectangle in the SVG: the rasteriser fills the background (a rectangle cost ~6 ms).
  const image = await renderAsync(doc.toString(), {
    fitTo: { mode: "zoom", value: layout.pixelRatio },
    background: theme.background,
    // Fonts are read only when some text is outside the glyph table (a few ms a render).
    font: { loadSystemFonts: false, fontFiles: doc.usesFonts ? fontPaths() : [], defaultFontFamily: "Inter" },
  });
  return image.pixels;
}

/**
 * Renders a spec to PNG bytes; renders run one at a time, a render's bands side by side on the pool (one
 * wait for the event loop instead of five: under load each wait was what made a chart slow).
 */
export function renderSpec(spec: ChartSpec): Promise<Buffer> {
  return enqueue(async () => {
    const bands = await Promise.all(specToBands(spec).map(rasterise));
    return encodeRgbaPng(bands, spec.width * layout.pixelRatio, specHeight(spec) * layout.pixelRatio);
  });
}

// A chart spec → SVG (pure, ~5 ms) → pixels (resvg) → PNG (deflate), band by band. The bot runs this on the
// chart worker (off-thread.ts), so the event loop never does it. No canvas library or Chart.js is loaded:
// the worker is a small V8 isolate (docs/memory.md).
import { renderAsync } from "@resvg/resvg-js";
import { drawPanel } from "./draw-panel.ts";
import { fontPaths } from "./fonts.ts";
import type { ChartSpec } from "./panel.ts";
import { encodeRgbaPng } from "./png.ts";
import { SvgDoc } from "./svg.ts";
import { fitText, textWidth } from "./text/metrics.ts";
import { layout, theme, typography } from "./theme.ts";

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

/**
 * Rasterises one band at 2× (sharp on retina screens and in Slack's expanded view) on libuv's pool. Not
 * `new Resvg(…).render()`: that object keeps its parsed SVG tree (megabytes, invisible to V8) until a GC
 * runs its finalizer, and with a render every few hundred ms those piled up (~350 vs ~180 MB at 8 users).
 */
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

// ---- one render at a time: each holds its bands' pixels and the PNG rows (~22 MB) ----

let tail: Promise<unknown> = Promise.resolve();

function enqueue<T>(job: () => Promise<T>): Promise<T> {
  const p = tail.then(job, job);
  tail = p.catch(() => undefined);
  return p;
}

/**
 * Renders a spec to PNG bytes; renders run one at a time, a render's bands side by side. The bot calls
 * it on the chart worker (worker-host.ts).
 */
export function renderSpec(spec: ChartSpec): Promise<Buffer> {
  return enqueue(async () => {
    const bands = await Promise.all(specToBands(spec).map(rasterise));
    return encodeRgbaPng(bands, spec.width * layout.pixelRatio, specHeight(spec) * layout.pixelRatio);
  });
}

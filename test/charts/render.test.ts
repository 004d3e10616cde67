import { describe, expect, it } from "vitest";
import { renderFleetChart, renderStatusChart } from "../../src/charts/index.ts";
import { specHeight, specToBands } from "../../src/charts/render.ts";
import { buildStatusChart, type StatusChartInput } from "../../src/charts/status-chart.ts";
import { layout } from "../../src/charts/theme.ts";
import { fleet, grid, instanceIds, MIN, spike } from "./fixtures.ts";
import { count, decode, geometry, ihdr } from "./pixels.ts";

const R = layout.pixelRatio;
const sp = spike();
const input: StatusChartInput = {
  appName: "checkout-web",
  grids: sp.grids,
  window: sp.window,
  incidentWindow: sp.incident,
};

const dark = (p: number[]) => p[0] < 90 && p[1] < 90 && p[2] < 90;
const antialiased = (p: number[]) => p[0] > 120 && p[0] < 225 && Math.abs(p[0] - p[2]) < 40;

describe("text", () => {
  it("draws table text as Inter's outlines and other text with the bundled font files", async () => {
    const latin = specToBands(buildStatusChart(input));
    expect(latin.some((b) => b.usesFonts)).toBe(false);
    expect(latin.join("")).not.toContain("<text");
    // Cyrillic is outside the glyph table: SVG text, drawn by the rasteriser from Inter's own file.
    const cyrillic = { ...input, appName: "магазин" };
    expect(specToBands(buildStatusChart(cyrillic))[0].usesFonts).toBe(true);
    const px = decode(await renderStatusChart(cyrillic));
    const box = [14 * R, 10 * R, 100 * R, 32 * R] as const;
    expect(count(px, ...box, dark)).toBeGreaterThan(200);
    expect(count(px, ...box, antialiased)).toBeGreaterThan(50);
  });

  it("draws a name with markup and control characters as text, not as SVG", async () => {
    const png = await renderStatusChart({ ...input, appName: 'приложение</text><svg onload="x">\u0000\u001b' });
    expect(ihdr(png)).toEqual({ width: layout.width * R, height: specHeight(buildStatusChart(input)) * R });
  });
});

describe("renderStatusChart", () => {
  it("produces a valid PNG at twice the logical size", async () => {
    const png = await renderStatusChart(input);
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(ihdr(png)).toEqual({ width: layout.width * R, height: specHeight(buildStatusChart(input)) * R });
  });

  it("draws the title text with anti-aliased glyphs", async () => {
    const titled = decode(await renderStatusChart(input));
    const untitled = decode(await renderStatusChart({ ...input, title: "" }));
    // The title line: logical x 14–160, y 10–32 ("checkout-web" in SemiBold).
    const box = [14 * R, 10 * R, 160 * R, 32 * R] as const;
    const ink = count(titled, ...box, dark);
    expect(ink).toBeGreaterThan(300);
    expect(count(titled, ...box, antialiased)).toBeGreaterThan(50);
    expect(count(untitled, ...box, dark)).toBeLessThan(ink / 2);
  });

  it("shades the incident window and draws dashed thresholds where the scales put them", async () => {
    const spec = buildStatusChart(input);
    const px = decode(await renderStatusChart(input));
    const cpu = geometry(spec)[2];
    const y62 = cpu.y.toPx(62) * R;
    const mid = cpu.x((sp.incident!.start + sp.incident!.end) / 2) * R;
    const before = cpu.x(sp.window.start + 150 * MIN) * R;
    const reddish = (p: number[]) => p[0] - p[1] > 10 && p[0] - p[2] > 10;
    expect(count(px, mid - 6, y62 - 3, mid + 6, y62 + 3, reddish)).toBeGreaterThan(60);
    expect(count(px, before - 6, y62 - 3, before + 6, y62 + 3, reddish)).toBe(0);

    const y90 = Math.round(cpu.y.toPx(90) * R);
    const from = (cpu.area.left + 120) * R; // right of the threshold label
    const to = cpu.x(sp.incident!.start) * R - 10;
    const red = (p: number[]) => p[0] > 170 && p[1] < 120 && p[2] < 120;
    const onLine = count(px, from, y90 - 1, to, y90 + 2, red);
    const columns = Math.round(to - from);
    expect(onLine).toBeGreaterThan(columns * 0.4);
    // Dashed, not solid: columns without red exist along the line.
    let gaps = 0;
    for (let x = from; x < to; x++) if (count(px, x, y90 - 1, x + 1, y90 + 2, red) === 0) gaps++;
    expect(gaps).toBeGreaterThan(columns * 0.15);
  });

  it("lines the panels up on one time axis", () => {
    const g = geometry(buildStatusChart(input));
    for (const p of g) {
      expect(p.area.left).toBeCloseTo(g[0].area.left, 6);
      expect(p.area.right).toBeCloseTo(g[0].area.right, 6);
    }
  });

  it("renders 'no data' panels for empty and all-null input", async () => {
    const allNull = sp.grids.map((gr) => ({
      ...gr,
      perInstance: Object.fromEntries(Object.keys(gr.perInstance).map((k) => [k, gr.perInstance[k].map(() => null)])),
    }));
    for (const grids of [[], allNull]) {
      const spec = buildStatusChart({ ...input, grids, incidentWindow: undefined });
      const px = decode(await renderStatusChart({ ...input, grids, incidentWindow: undefined }));
      for (const p of geometry(spec)) {
        const cx = ((p.area.left + p.area.right) / 2) * R;
        const cy = ((p.area.top + p.area.bottom) / 2) * R;
        const grey = (q: number[]) => q[0] < 235 && Math.abs(q[0] - q[2]) < 40;
        expect(count(px, cx - 90 * R, cy - 10 * R, cx + 90 * R, cy + 10 * R, grey)).toBeGreaterThan(40);
      }
    }
  });

  it("handles a very long app name and 30 instances", async () => {
    const start = sp.window.start;
    const ids = instanceIds(30);
    const per = Object.fromEntries(ids.map((id, i) => [id, Array.from({ length: 360 }, (_, k) => (i * 7 + k) % 100)]));
    const long = {
      ...input,
      appName: `very-long-application-name-${"segment-".repeat(30)}end`,
      grids: [...sp.grids.slice(0, 3), grid("CpuPercentage", "plan", "Average", start, per)],
    };
    const png = await renderStatusChart(long);
    const px = decode(png);
    expect(ihdr(png).width).toBe(layout.width * R);
    // The ellipsised title leaves the right margin of the header untouched.
    const margin = count(px, px.width - layout.paddingX * R + 2, 0, px.width, 50 * R, (p) => p[0] < 250);
    expect(margin).toBe(0);
  });
});

describe("renderFleetChart", () => {
  it("renders 12 apps to a valid 2x PNG", async () => {
    const f = fleet(12);
    const png = await renderFleetChart({ apps: f.apps, window: f.window, timeZone: "Europe/Berlin" });
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    expect(ihdr(png).width).toBe(layout.width * R);
    const px = decode(png);
    expect(count(px, 14 * R, 10 * R, 160 * R, 32 * R, dark)).toBeGreaterThan(300); // "Fleet 5xx rate"
  });
});

describe("determinism", () => {
  it("renders the same PNG for the same input, whatever was rendered in between", async () => {
    const first = await renderStatusChart(input);
    await renderFleetChart({ apps: fleet(3).apps, window: fleet(3).window });
    await renderStatusChart({ ...input, appName: "another-app-with-a-much-longer-name" });
    const again = await renderStatusChart(input);
    expect(again.equals(first)).toBe(true);
  });
});

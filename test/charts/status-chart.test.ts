import { describe, expect, it } from "vitest";
import { formatCount } from "../../src/charts/format.ts";
import type { LineDataset, PanelConfig } from "../../src/charts/panel.ts";
import { buildStatusChart, wantsLogScale } from "../../src/charts/status-chart.ts";
import { grid, HOUR, MIN, memoryLeak, spike } from "./fixtures.ts";

// biome-ignore lint/suspicious/noExplicitAny: reaching into deeply optional Chart.js option unions
type Anyish = Record<string, any>;

const leak = memoryLeak(4);
const berlin = buildStatusChart({
  appName: "shop-api",
  grids: leak.grids,
  window: leak.window,
  incidentWindow: leak.incident,
  timeZone: "Europe/Berlin",
});

const datasets = (c: PanelConfig) => c.data.datasets as LineDataset[];
const annotations = (c: PanelConfig) => (c.options!.plugins as Anyish).annotation.annotations as Anyish;
const xScale = (c: PanelConfig) => (c.options!.scales as Anyish).x;

describe("buildStatusChart", () => {
  it("stacks four panels sharing the window", () => {
    expect(berlin.panels.map((p) => p.config.options?.plugins?.title?.text)).toEqual([
      "Requests and 5xx errors",
      "Response time (log scale)",
      "CPU % per instance",
      "Memory % per instance",
    ]);
    for (const p of berlin.panels) {
      expect(xScale(p.config).min).toBe(leak.window.start);
      expect(xScale(p.config).max).toBe(leak.window.end);
      expect(p.config.options?.spanGaps).toBe(false);
    }
    // Time labels only under the bottom panel.
    expect(berlin.panels.map((p) => xScale(p.config).ticks.display)).toEqual([false, false, false, true]);
  });

  it("names the app, the window and the zone", () => {
    expect(berlin.title).toBe("shop-api");
    expect(berlin.titleSuffix).toBe("14 Jan 09:00 – 15 Jan 09:00 (24 h)");
    expect(berlin.subtitle).toContain("times in Europe/Berlin (UTC+1)");
    const utc = buildStatusChart({ appName: "a", grids: leak.grids, window: leak.window });
    expect(utc.subtitle).toContain("times in UTC");
    expect(utc.titleSuffix).toBe("14 Jan 08:00 – 15 Jan 08:00 (24 h)");
  });

  it("formats tick labels in the requested zone", () => {
    const t = Date.UTC(2026, 0, 15, 0, 0);
    const cb = (c: PanelConfig) => xScale(c).ticks.callback as (v: number, i: number, ticks: unknown[]) => string;
    expect(cb(berlin.panels[3].config)(t, 0, [{ major: false }])).toBe("01:00");
    const utc = buildStatusChart({ appName: "a", grids: leak.grids, window: leak.window, timeZone: "UTC" });
    expect(cb(utc.panels[3].config)(t, 0, [{ major: false }])).toBe("00:00");
    // The ticks Chart.js receives are the zone-aligned ones.
    const scale = { ticks: [] as Array<{ value: number }> };
    xScale(berlin.panels[3].config).afterBuildTicks(scale);
    expect(scale.ticks.map((x) => x.value)).toContain(Date.UTC(2026, 0, 14, 23, 0)); // Berlin midnight
  });

  it("downsamples 24 h of 1-minute data to 5-minute points, keeping peaks", () => {
    expect(berlin.subtitle).toContain("5-min points");
    const cpu = datasets(berlin.panels[2].config);
    expect(cpu).toHaveLength(4);
    for (const d of cpu) expect(d.data.length).toBeLessThanOrEqual(24 * 12 + 1);
    const raw = leak.grids.find((g) => g.name === "CpuPercentage")!;
    const rawPeak = Math.max(
      ...Object.values(raw.perInstance).flatMap((v) => v.filter((x): x is number => x !== null)),
    );
    const drawnPeak = Math.max(...cpu.flatMap((d) => d.data.map((p) => p.y ?? -1)));
    expect(drawnPeak).toBeCloseTo(rawPeak, 9);
  });

  it("keeps missing data as gaps, never as zero", () => {
    const mem = datasets(berlin.panels[3].config);
    const nulls = mem.flatMap((d) => d.data.filter((p) => p.y === null));
    expect(nulls.length).toBeGreaterThan(0);
    // The fixture's gap is 12 minutes inside the incident.
    const gapStart = leak.incident!.start + 30 * MIN;
    for (const p of nulls) {
      expect(p.x).toBeGreaterThanOrEqual(gapStart);
      expect(p.x).toBeLessThan(gapStart + 12 * MIN);
    }
    expect(mem.flatMap((d) => d.data).some((p) => p.y === 0)).toBe(false);
  });

  it("draws the thresholds on the right axes with labels", () => {
    const [traffic, , cpu, mem] = berlin.panels.map((p) => annotations(p.config));
    expect(traffic.threshold0).toMatchObject({ scaleID: "y1", value: 5, borderDash: [6, 4] });
    expect(traffic.threshold0.label.content).toBe("5 % error rate");
    expect(cpu.threshold0).toMatchObject({ scaleID: "y", value: 90 });
    expect(cpu.threshold0.label.content).toBe("90 % CPU");
    expect(mem.threshold0.label.content).toBe("90 % memory");
    const custom = buildStatusChart({
      appName: "a",
      grids: leak.grids,
      window: leak.window,
      thresholds: { cpuPct: 80, errorRatePct: 2, responseTimeS: 30 },
    });
    expect(annotations(custom.panels[2].config).threshold0.value).toBe(80);
    expect(annotations(custom.panels[0].config).threshold0.label.content).toBe("2 % error rate");
    expect(annotations(custom.panels[1].config).threshold0.value).toBe(30);
  });

  it("shades the incident in every panel and labels it once", () => {
    const boxes = berlin.panels.map((p) => annotations(p.config).incident);
    for (const b of boxes)
      expect(b).toMatchObject({ type: "box", xMin: leak.incident!.start, xMax: leak.incident!.end });
    expect(boxes.map((b) => b.label.display)).toEqual([true, false, false, false]);
    expect(boxes[0].label.content).toBe("Incident 07:25–08:40"); // Berlin time
  });

  it("shows request rate and 5xx rate with totals in the legend", () => {
    const [req, rate] = datasets(berlin.panels[0].config);
    expect(req.label).toMatch(/^Requests\/min · Σ [\d.]+M$/);
    expect(rate.label).toMatch(/^5xx rate · Σ [\d.]+k errors$/);
    expect(rate.yAxisID).toBe("y1");
    for (const p of rate.data) if (p.y !== null) expect(p.y).toBeLessThanOrEqual(100);
  });

  it("computes legend totals and peaks over the window only, not the whole grid", () => {
    const hour = { start: leak.window.end - HOUR, end: leak.window.end };
    const spec = buildStatusChart({ appName: "shop-api", grids: leak.grids, window: hour });
    const req = leak.grids.find((g) => g.name === "Requests")!;
    const from = (hour.start - req.start) / req.grainMs;
    const sum = (vs: (number | null)[]) => vs.reduce<number>((a, v) => a + (v ?? 0), 0);
    const series = [req.all, ...Object.values(req.perInstance)];
    const inHour = sum(series.map((v) => sum(v.slice(from))));
    const whole = sum(series.map(sum));
    expect(inHour).toBeLessThan(whole / 10); // the fixture's last hour is a small part of its day
    const [reqDs] = datasets(spec.panels[0].config);
    expect(reqDs.label).toBe(`Requests/min · Σ ${formatCount(inHour)}`);
    // Every point drawn lies in the window.
    for (const p of spec.panels.flatMap((x) => datasets(x.config)).flatMap((d) => d.data))
      expect(p.x).toBeGreaterThanOrEqual(hour.start);
  });

  it("uses one colour per instance across the CPU and memory panels", () => {
    const colour = (i: number) =>
      new Map(datasets(berlin.panels[i].config).map((d) => [String(d.label).split(" ")[0], d.borderColor]));
    const cpu = colour(2);
    const mem = colour(3);
    for (const [name, c] of cpu) expect(mem.get(name)).toBe(c);
    expect(new Set(cpu.values()).size).toBe(4);
  });

  it("rolls 30 instances into top 9 plus others", () => {
    const start = leak.window.start;
    const ids = Array.from({ length: 30 }, (_, i) => `instance-${String(i).padStart(2, "0")}-${"f".repeat(40)}`);
    const per = Object.fromEntries(ids.map((id, i) => [id, Array.from({ length: 60 }, () => i * 3)]));
    const spec = buildStatusChart({
      appName: "x".repeat(300),
      grids: [grid("CpuPercentage", "plan", "Average", start, per)],
      window: { start, end: start + HOUR },
    });
    const cpu = datasets(spec.panels[2].config);
    expect(cpu).toHaveLength(10);
    expect(cpu.at(-1)!.label).toBe("21 others (max) · max 60 %");
    expect(cpu.at(-1)!.borderDash).toEqual([4, 3]);
  });

  it("says which metrics are missing instead of drawing zeros", () => {
    const empty = buildStatusChart({ appName: "a", grids: [], window: leak.window });
    for (const p of empty.panels) {
      expect(datasets(p.config)).toHaveLength(0);
      expect(annotations(p.config).threshold0).toBeUndefined(); // no threshold over an empty panel
    }
    const allNull = leak.grids.map((g) => ({
      ...g,
      all: g.all.map(() => null),
      perInstance: Object.fromEntries(Object.keys(g.perInstance).map((k) => [k, g.perInstance[k].map(() => null)])),
    }));
    const spec = buildStatusChart({ appName: "a", grids: allNull, window: leak.window });
    for (const p of spec.panels)
      expect(
        datasets(p.config)
          .flatMap((d) => d.data)
          .every((x) => x.y === null),
      ).toBe(true);
  });

  it("switches response time to a log axis only when the max dwarfs the average", () => {
    expect(wantsLogScale([0.2, 0.25, 0.3], [230])).toBe(true);
    expect(wantsLogScale([0.2, 0.25, 0.3], [1.5])).toBe(false);
    expect(wantsLogScale([], [])).toBe(false);
    const sp = spike();
    const spec = buildStatusChart({ appName: "a", grids: sp.grids, window: sp.window });
    expect((spec.panels[1].config.options!.scales as Anyish).y.type).toBe("logarithmic");
  });
});

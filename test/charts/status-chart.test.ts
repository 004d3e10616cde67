import { describe, expect, it } from "vitest";
import { formatCount } from "../../src/charts/format.ts";
import type { Panel } from "../../src/charts/panel.ts";
import { buildStatusChart, wantsLogScale } from "../../src/charts/status-chart.ts";
import { grid, HOUR, MIN, memoryLeak, spike } from "./fixtures.ts";

const leak = memoryLeak(4);
const berlin = buildStatusChart({
  appName: "shop-api",
  grids: leak.grids,
  window: leak.window,
  incidentWindow: leak.incident,
  timeZone: "Europe/Berlin",
});

const lines = (p: Panel) => p.lines;

describe("buildStatusChart", () => {
  it("stacks four panels sharing the window", () => {
    expect(berlin.panels.map((p) => p.title)).toEqual([
      "Requests and 5xx errors",
      "Response time (log scale)",
      "CPU % per instance",
      "Memory % per instance",
    ]);
    for (const p of berlin.panels) expect(p.window).toEqual(leak.window);
    // Time labels only under the bottom panel.
    expect(berlin.panels.map((p) => p.showTimeLabels)).toEqual([false, false, false, true]);
  });

  it("names the app, the window and the zone", () => {
    expect(berlin.title).toBe("shop-api");
    expect(berlin.titleSuffix).toBe("14 Jan 09:00 – 15 Jan 09:00 (24 h)");
    expect(berlin.subtitle).toContain("times in Europe/Berlin (UTC+1)");
    const utc = buildStatusChart({ appName: "a", grids: leak.grids, window: leak.window });
    expect(utc.subtitle).toContain("times in UTC");
    expect(utc.titleSuffix).toBe("14 Jan 08:00 – 15 Jan 08:00 (24 h)");
  });

  it("places time ticks on the requested zone's wall clock", () => {
    expect(berlin.panels[3].zone).toBe("Europe/Berlin");
    const midnight = berlin.panels[3].ticks.find((t) => t.major);
    expect(midnight?.value).toBe(Date.UTC(2026, 0, 14, 23, 0)); // Berlin midnight
    const utc = buildStatusChart({ appName: "a", grids: leak.grids, window: leak.window, timeZone: "UTC" });
    expect(utc.panels[3].ticks.find((t) => t.major)?.value).toBe(Date.UTC(2026, 0, 15, 0, 0));
  });

  it("downsamples 24 h of 1-minute data to 5-minute points, keeping peaks", () => {
    expect(berlin.subtitle).toContain("5-min points");
    const cpu = lines(berlin.panels[2]);
    expect(cpu).toHaveLength(4);
    for (const d of cpu) expect(d.points.length).toBeLessThanOrEqual(24 * 12 + 1);
    const raw = leak.grids.find((g) => g.name === "CpuPercentage")!;
    const rawPeak = Math.max(
      ...Object.values(raw.perInstance).flatMap((v) => v.filter((x): x is number => x !== null)),
    );
    const drawnPeak = Math.max(...cpu.flatMap((d) => d.points.map((p) => p.y ?? -1)));
    expect(drawnPeak).toBeCloseTo(rawPeak, 9);
  });

  it("keeps missing data as gaps, never as zero", () => {
    const mem = lines(berlin.panels[3]);
    const nulls = mem.flatMap((d) => d.points.filter((p) => p.y === null));
    expect(nulls.length).toBeGreaterThan(0);
    // The fixture's gap is 12 minutes inside the incident.
    const gapStart = leak.incident!.start + 30 * MIN;
    for (const p of nulls) {
      expect(p.x).toBeGreaterThanOrEqual(gapStart);
      expect(p.x).toBeLessThan(gapStart + 12 * MIN);
    }
    expect(mem.flatMap((d) => d.points).some((p) => p.y === 0)).toBe(false);
  });

  it("draws the thresholds on the right axes with labels", () => {
    const [traffic, , cpu, mem] = berlin.panels.map((p) => p.thresholds);
    expect(traffic).toEqual([{ axis: "y1", value: 5, label: "5 % error rate" }]);
    expect(cpu).toEqual([{ axis: "y", value: 90, label: "90 % CPU" }]);
    expect(mem[0].label).toBe("90 % memory");
    const custom = buildStatusChart({
      appName: "a",
      grids: leak.grids,
      window: leak.window,
      thresholds: { cpuPct: 80, errorRatePct: 2, responseTimeS: 30 },
    });
    expect(custom.panels[2].thresholds[0].value).toBe(80);
    expect(custom.panels[0].thresholds[0].label).toBe("2 % error rate");
    expect(custom.panels[1].thresholds[0].value).toBe(30);
  });

  it("shades the incident in every panel and labels it once", () => {
    const bands = berlin.panels.map((p) => p.incident);
    for (const b of bands) expect(b?.window).toEqual(leak.incident);
    expect(bands.map((b) => b?.label)).toEqual(["Incident 07:25–08:40", undefined, undefined, undefined]); // Berlin time
  });

  it("shows request rate and 5xx rate with totals in the legend", () => {
    const [req, rate] = lines(berlin.panels[0]);
    expect(req.label).toMatch(/^Requests\/min · Σ [\d.]+M$/);
    expect(rate.label).toMatch(/^5xx rate · Σ [\d.]+k errors$/);
    expect(rate.axis).toBe("y1");
    for (const p of rate.points) if (p.y !== null) expect(p.y).toBeLessThanOrEqual(100);
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
    const [reqDs] = lines(spec.panels[0]);
    expect(reqDs.label).toBe(`Requests/min · Σ ${formatCount(inHour)}`);
    // Every point drawn lies in the window.
    for (const p of spec.panels.flatMap(lines).flatMap((d) => d.points)) expect(p.x).toBeGreaterThanOrEqual(hour.start);
  });

  it("uses one colour per instance across the CPU and memory panels", () => {
    const colour = (i: number) => new Map(lines(berlin.panels[i]).map((d) => [d.label.split(" ")[0], d.color]));
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
    const cpu = lines(spec.panels[2]);
    expect(cpu).toHaveLength(10);
    expect(cpu.at(-1)!.label).toBe("21 others (max) · max 60 %");
    expect(cpu.at(-1)!.dash).toEqual([4, 3]);
  });

  it("says which metrics are missing instead of drawing zeros", () => {
    const empty = buildStatusChart({ appName: "a", grids: [], window: leak.window });
    for (const p of empty.panels) {
      expect(lines(p)).toHaveLength(0);
      expect(p.thresholds).toEqual([]); // no threshold over an empty panel
      expect(p.noDataText).toBe("No data (metric not read)");
    }
    const allNull = leak.grids.map((g) => ({
      ...g,
      all: g.all.map(() => null),
      perInstance: Object.fromEntries(Object.keys(g.perInstance).map((k) => [k, g.perInstance[k].map(() => null)])),
    }));
    const spec = buildStatusChart({ appName: "a", grids: allNull, window: leak.window });
    for (const p of spec.panels)
      expect(
        lines(p)
          .flatMap((d) => d.points)
          .every((x) => x.y === null),
      ).toBe(true);
  });

  it("switches response time to a log axis only when the max dwarfs the average", () => {
    expect(wantsLogScale([0.2, 0.25, 0.3], [230])).toBe(true);
    expect(wantsLogScale([0.2, 0.25, 0.3], [1.5])).toBe(false);
    expect(wantsLogScale([], [])).toBe(false);
    const sp = spike();
    const spec = buildStatusChart({ appName: "a", grids: sp.grids, window: sp.window });
    expect(spec.panels[1].y.log).toBe(true);
    expect(spec.panels[1].title).toBe("Response time (log scale)");
  });
});

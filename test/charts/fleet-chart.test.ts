import type { LegendItem } from "chart.js";
import { describe, expect, it } from "vitest";
import { buildFleetChart, highlightedApps } from "../../src/charts/fleet-chart.ts";
import type { LineDataset } from "../../src/charts/panel.ts";
import { fleet } from "./fixtures.ts";

describe("buildFleetChart", () => {
  const f = fleet(12);
  const spec = buildFleetChart({ apps: f.apps, window: f.window, timeZone: "Europe/Berlin" });
  const ds = spec.panels[0].config.data.datasets as LineDataset[];

  it("highlights the flagged apps in colour and mutes the rest", () => {
    const hot = ds.filter((d) => d.borderWidth === 2);
    expect(hot.map((d) => String(d.label).split(" ")[0])).toEqual(["shop-api", "checkout-web", "payments-gateway"]);
    expect(new Set(hot.map((d) => d.borderColor)).size).toBe(3);
    const muted = ds.filter((d) => d.borderWidth === 1);
    expect(muted).toHaveLength(9);
    expect(new Set(muted.map((d) => d.borderColor)).size).toBe(1);
    expect(muted[0].label).toBe("9 other apps");
  });

  it("lists the muted apps once in the legend", () => {
    const filter = spec.panels[0].config.options?.plugins?.legend?.labels?.filter as (i: LegendItem) => boolean;
    const shown = ds.map((_, i) => i).filter((i) => filter({ datasetIndex: i } as LegendItem));
    expect(shown).toEqual([0, 1, 2, 3]);
  });

  it("draws the 5 % threshold and names the zone", () => {
    const plugins = spec.panels[0].config.options!.plugins as Record<string, { annotations?: Record<string, unknown> }>;
    const a = plugins.annotation.annotations!;
    expect(a.threshold0).toMatchObject({ value: 5, scaleID: "y" });
    expect(spec.subtitle).toContain("12 apps");
    expect(spec.subtitle).toContain("Europe/Berlin");
  });

  it("keeps gaps in an app's series", () => {
    const search = ds.find((d) => d.data.some((p) => p.y === null));
    expect(search).toBeDefined();
  });

  it("auto-highlights the worst peaks when no app is flagged", () => {
    const apps = f.apps.map(({ highlight: _h, ...a }) => a);
    const hot = highlightedApps(apps);
    expect(hot.size).toBe(5);
    expect(hot.has("shop-api")).toBe(true);
  });
});

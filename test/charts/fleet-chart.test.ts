import { describe, expect, it } from "vitest";
import { buildFleetChart, highlightedApps } from "../../src/charts/fleet-chart.ts";
import { fleet } from "./fixtures.ts";

describe("buildFleetChart", () => {
  const f = fleet(12);
  const spec = buildFleetChart({ apps: f.apps, window: f.window, timeZone: "Europe/Berlin" });
  const ds = spec.panels[0].lines;

  it("highlights the flagged apps in colour and mutes the rest", () => {
    const hot = ds.filter((d) => d.width === 2);
    expect(hot.map((d) => d.label.split(" ")[0])).toEqual(["shop-api", "checkout-web", "payments-gateway"]);
    expect(new Set(hot.map((d) => d.color)).size).toBe(3);
    const muted = ds.filter((d) => d.width === 1);
    expect(muted).toHaveLength(9);
    expect(new Set(muted.map((d) => d.color)).size).toBe(1);
    expect(muted[0].label).toBe("9 other apps");
  });

  it("lists the muted apps once in the legend", () => {
    expect(spec.panels[0].legend.map((l) => l.label)).toEqual(ds.slice(0, 4).map((d) => d.label));
    expect(spec.panels[0].legend.at(-1)?.label).toBe("9 other apps");
  });

  it("draws the 5 % threshold and names the zone", () => {
    expect(spec.panels[0].thresholds).toEqual([{ value: 5, axis: "y", label: "5 % error rate" }]);
    expect(spec.subtitle).toContain("12 apps");
    expect(spec.subtitle).toContain("Europe/Berlin");
  });

  it("keeps gaps in an app's series", () => {
    const search = ds.find((d) => d.points.some((p) => p.y === null));
    expect(search).toBeDefined();
  });

  it("auto-highlights the worst peaks when no app is flagged", () => {
    const apps = f.apps.map(({ highlight: _h, ...a }) => a);
    const hot = highlightedApps(apps);
    expect(hot.size).toBe(5);
    expect(hot.has("shop-api")).toBe(true);
  });
});

// Writes sample PNGs to out/charts/ for a human to look at: `node test/charts/write-samples.ts`.
import { mkdirSync, writeFileSync } from "node:fs";
import { renderFleetChart, renderStatusChart } from "../../src/charts/index.ts";
import { fleet, grid, instanceIds, memoryLeak, spike } from "./fixtures.ts";

const dir = new URL("../../out/charts/", import.meta.url);
mkdirSync(dir, { recursive: true });
const leak = memoryLeak();
const sp = spike();
const f = fleet(12);
const ids = instanceIds(30);
const per = Object.fromEntries(
  ids.map((id, i) => [
    id,
    sp.grids[3].perInstance[sp.grids[3].perInstance ? Object.keys(sp.grids[3].perInstance)[i % 3] : ""].map((v) =>
      v === null ? null : Math.min(100, v * (0.5 + i / 40)),
    ),
  ]),
);
const many = [...sp.grids.slice(0, 3), grid("CpuPercentage", "plan", "Average", sp.window.start, per), sp.grids[4]];
const jobs: Array<[string, Promise<Buffer>]> = [
  [
    "status-memory-leak.png",
    renderStatusChart({
      appName: "shop-api",
      grids: leak.grids,
      window: leak.window,
      incidentWindow: leak.incident,
      timeZone: "Europe/Berlin",
    }),
  ],
  [
    "status-spike-utc.png",
    renderStatusChart({ appName: "checkout-web", grids: sp.grids, window: sp.window, incidentWindow: sp.incident }),
  ],
  [
    "status-30-instances-long-name.png",
    renderStatusChart({
      appName: `payments-gateway-${"very-long-segment-".repeat(8)}prod`,
      grids: many,
      window: sp.window,
      incidentWindow: sp.incident,
      timeZone: "America/New_York",
    }),
  ],
  ["status-no-data.png", renderStatusChart({ appName: "empty-app", grids: [], window: leak.window })],
  ["fleet-12-apps.png", renderFleetChart({ apps: f.apps, window: f.window, timeZone: "Europe/Berlin" })],
];
for (const [name, p] of jobs) {
  const png = await p;
  writeFileSync(new URL(name, dir), png);
  console.log(name, png.length);
}

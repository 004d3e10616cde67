// The small read use cases over an in-memory Fleet (the port is plain data in and out).

import { describe, expect, it } from "vitest";
import { lookupText } from "../../src/core/app-query.ts";
import type { Fleet, Resolution } from "../../src/core/fleet.ts";
import type { AppRef, Snapshot } from "../../src/core/snapshot.ts";
import { grainFor, metricSpec, readHealth, readLinks, readMetrics } from "../../src/reads/app-reads.ts";
import { listApps } from "../../src/reads/list-apps.ts";
import { VerdictBook } from "../../src/reads/verdicts.ts";

const app = (name: string, sub: string, region: string): AppRef => ({
  id: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Web/sites/${name}`,
  subscriptionId: sub,
  resourceGroup: "rg",
  name,
  location: region,
  region,
  kind: "app",
  planId: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Web/serverfarms/asp-${name}`,
});

const APPS = [
  app("a", "s1", "westeurope"),
  app("b", "s1", "westeurope"),
  app("c", "s1", "northeurope"),
  app("d", "s2", "westeurope"),
];

function memoryFleet(calls: string[]): Fleet {
  const event = (region: string) => ({
    id: `EV-${region}`,
    title: `Maintenance ${region}`,
    eventType: "PlannedMaintenance",
    status: "Active",
    regions: [region],
    services: ["App Service"],
  });
  return {
    listApps: async () => APPS,
    resolveApp: async (q): Promise<Resolution> => {
      const found = APPS.find((a) => a.name === lookupText(q));
      return found ? { kind: "found", app: found } : { kind: "unknown", query: lookupText(q), suggestions: [] };
    },
    snapshot: async (a, window) => {
      calls.push(`snapshot ${a.name} ${window.end - window.start}`);
      return {
        app: a,
        window,
        site: {
          state: "Running",
          enabledHostNames: [`${a.name}.azurewebsites.net`, `${a.name}.scm.azurewebsites.net`],
        },
        plan: { skuName: "P1v3", capacity: 2 },
        metrics: [],
        serviceHealth: [event(a.region)],
        resourceHealth: { availabilityState: "Available" },
        unknowns: [],
      } as unknown as Snapshot;
    },
    fleetMetrics: async (apps, _w, opts) => {
      calls.push(`fleetMetrics ${JSON.stringify(opts?.metrics)} ${opts?.interval}`);
      return new Map(apps.map((a) => [a.id, []]));
    },
  };
}

describe("readHealth", () => {
  it("for one app: its Resource Health over a short window", async () => {
    const calls: string[] = [];
    const r = await readHealth(memoryFleet(calls), { query: "a" }, { now: 1_000_000_000 });
    expect(r).toMatchObject({ kind: "found", app: { name: "a" }, resourceHealth: { availabilityState: "Available" } });
    expect(calls).toEqual(["snapshot a 900000"]);
  });

  it("for the fleet: one snapshot per subscription and region, events deduplicated", async () => {
    const calls: string[] = [];
    const r = await readHealth(memoryFleet(calls), undefined, { now: 1_000_000_000 });
    expect(calls.map((c) => c.split(" ")[1]).sort()).toEqual(["a", "c", "d"]);
    expect(r.kind === "found" && r.serviceHealth.map((e) => e.id).sort()).toEqual(["EV-northeurope", "EV-westeurope"]);
  });

  it("an unknown app comes back as the resolution", async () => {
    expect(await readHealth(memoryFleet([]), { query: "zz" }, { now: 0 })).toMatchObject({ kind: "unknown" });
  });
});

describe("readMetrics and readLinks", () => {
  it("named metrics are read in one batch with fitting aggregations and grain", async () => {
    const calls: string[] = [];
    const r = await readMetrics(
      memoryFleet(calls),
      { query: "a" },
      {
        windowMs: 24 * 3_600_000,
        now: 1e12,
        metrics: [
          { name: "Http5xx", scope: "site" },
          { name: "CpuPercentage", scope: "plan" },
        ],
      },
    );
    expect(r).toMatchObject({ kind: "found", defaultSet: false });
    expect(calls).toEqual([
      'fleetMetrics {"site":[{"name":"Http5xx","aggregations":["Total"]}],"plan":[{"name":"CpuPercentage","aggregations":["Average"]}]} PT5M',
    ]);
  });

  it("no metric named: the status set from a snapshot", async () => {
    const calls: string[] = [];
    const r = await readMetrics(memoryFleet(calls), { query: "b" }, { windowMs: 3_600_000, now: 1e12, metrics: [] });
    expect(r).toMatchObject({ kind: "found", defaultSet: true });
    expect(calls).toEqual(["snapshot b 3600000"]);
  });

  it("links carry the site's host names", async () => {
    const r = await readLinks(memoryFleet([]), { query: "c" }, { now: 1e12 });
    expect(r).toMatchObject({ kind: "found", enabledHostNames: ["c.azurewebsites.net", "c.scm.azurewebsites.net"] });
  });

  it("metricSpec and grainFor", () => {
    expect(metricSpec("HttpResponseTime").aggregations).toEqual(["Average", "Maximum"]);
    expect(metricSpec("Requests").aggregations).toEqual(["Total"]);
    expect(metricSpec("MemoryWorkingSet").aggregations).toEqual(["Average"]);
    expect([grainFor(3_600_000), grainFor(86_400_000), grainFor(7 * 86_400_000)]).toEqual(["PT1M", "PT5M", "PT1H"]);
  });
});

it("listApps adds what the bot last saw of each app", async () => {
  const book = new VerdictBook();
  const fleet = memoryFleet([]);
  const snap = await fleet.snapshot(APPS[1], { start: 0, end: 1 });
  book.record(snap, "incident", 123);
  const items = await listApps(fleet, book);
  expect(items[0]).toEqual({ app: APPS[0] });
  expect(items[1]).toEqual({
    app: APPS[1],
    state: "Running",
    sku: "P1v3",
    instances: 2,
    verdict: "incident",
    checkedAt: 123,
  });
  // A stopped app keeps the last stop the Activity Log showed: list says since when and by whom.
  const stop = {
    at: 100,
    operation: "Microsoft.Web/sites/stop/action",
    kind: "stop" as const,
    caller: "jane@contoso.com",
    source: "activityLog" as const,
  };
  book.record({ ...snap, site: { ...snap.site, state: "Stopped" }, changes: [stop] }, "stopped", 124);
  expect((await listApps(fleet, book))[1]).toMatchObject({
    state: "Stopped",
    stoppedSince: 100,
    stoppedBy: "jane@contoso.com",
  });
});

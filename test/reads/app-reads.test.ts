// The small read use cases over an in-memory Fleet (the port is plain data in and out).

import { describe, expect, it } from "vitest";
import { lookupText } from "../../src/core/app-query.ts";
import { DomainError } from "../../src/core/errors.ts";
import type { AppPart, AppParts, Fleet, Resolution } from "../../src/core/fleet.ts";
import type { AppRef, MetricGrid, SiteInfo, Snapshot } from "../../src/core/snapshot.ts";
import { grainFor, metricSpec, readHealth, readLinks, readLogs, readMetrics } from "../../src/reads/app-reads.ts";
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

/** A part that fails: throttled for 30 s, naming its call (per subscription when `sub` is given). */
interface Failing {
  part: AppPart;
  signal?: string;
  sub?: string;
}

const throttled = (call: string) =>
  new DomainError({ kind: "throttled", call, retryAfterSeconds: 30, userMessage: `Azure throttled ${call}.` });

const grid = (name: string, scope: "site" | "plan", total: number): MetricGrid => ({
  name,
  scope,
  aggregation: "Total",
  start: 0,
  grainMs: 60_000,
  all: [total],
  perInstance: {},
  source: `metrics ${name}`,
});

function memoryFleet(calls: string[], failing: Failing[] = []): Fleet {
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
    appParts: async (a, window, parts) => {
      calls.push(`parts ${a.name} ${window.end - window.start} ${parts.join(",")}`);
      const out: AppParts = { metrics: [], notRead: [] };
      for (const part of parts) {
        const fails = failing.filter((f) => f.part === part && (!f.sub || f.sub === a.subscriptionId));
        for (const f of fails) {
          const signal = f.signal ?? part;
          const reason = `${signal} ${a.name}: throttled for 30 s`;
          out.notRead.push({ part, signal, reason, error: throttled(`${signal} ${a.name}`) });
        }
        // A part with some of its queries failing still answers (logs); one failing read is the whole part.
        if (fails.length && !(part === "logs" && fails.every((f) => f.signal))) continue;
        if (part === "site")
          out.site = {
            state: "Running",
            enabledHostNames: [`${a.name}.azurewebsites.net`, `${a.name}.scm.azurewebsites.net`],
          } as SiteInfo;
        if (part === "resourceHealth") out.resourceHealth = { availabilityState: "Available" };
        if (part === "serviceHealth") out.serviceHealth = [event(a.region)];
        if (part === "logs")
          out.logs = { http5xx: [], slowFailures: [], failuresByPath: [], platform: [], console: [] };
        if (part === "siteMetrics") out.metrics.push(grid("Http5xx", "site", 42));
        if (part === "planMetrics") out.metrics.push(grid("CpuPercentage", "plan", 50));
      }
      return out;
    },
    fleetMetrics: async (apps, _w, opts) => {
      calls.push(`fleetMetrics ${JSON.stringify(opts?.metrics)} ${opts?.interval}`);
      return new Map(apps.map((a) => [a.id, []]));
    },
  };
}

describe("readHealth", () => {
  it("for one app: its Resource Health and Service Health over a short window, nothing else read", async () => {
    const calls: string[] = [];
    const r = await readHealth(memoryFleet(calls), { query: "a" }, { now: 1_000_000_000 });
    expect(r).toMatchObject({ kind: "found", app: { name: "a" }, resourceHealth: { availabilityState: "Available" } });
    expect(calls).toEqual(["parts a 900000 resourceHealth,serviceHealth"]);
  });

  it("Resource Health not read: the Service Health still answers, and the failed read is named", async () => {
    const r = await readHealth(memoryFleet([], [{ part: "resourceHealth" }]), { query: "a" }, { now: 1e9 });
    expect(r).toMatchObject({
      kind: "found",
      serviceHealth: [{ id: "EV-westeurope" }],
      notRead: [{ signal: "resourceHealth", reason: "resourceHealth a: throttled for 30 s" }],
    });
    expect(r.kind === "found" && r.resourceHealth).toBeFalsy();
  });

  it("Service Health not read is absent, never an empty list", async () => {
    const r = await readHealth(memoryFleet([], [{ part: "serviceHealth" }]), { query: "a" }, { now: 1e9 });
    expect(r.kind === "found" && r.serviceHealth).toBeUndefined();
    expect(r).toMatchObject({ notRead: [{ signal: "serviceHealth" }] });
  });

  it("neither read: the answer fails with the error naming the call", async () => {
    const fleet = memoryFleet([], [{ part: "resourceHealth" }, { part: "serviceHealth" }]);
    await expect(readHealth(fleet, { query: "a" }, { now: 1e9 })).rejects.toMatchObject({
      kind: "throttled",
      call: "resourceHealth a",
    });
  });

  it("for the fleet: one Service Health read per subscription and region, events deduplicated", async () => {
    const calls: string[] = [];
    const r = await readHealth(memoryFleet(calls), undefined, { now: 1_000_000_000 });
    expect(calls.map((c) => c.split(" ")[1]).sort()).toEqual(["a", "c", "d"]);
    expect(calls.every((c) => c.endsWith(" serviceHealth"))).toBe(true);
    expect(r.kind === "found" && r.serviceHealth?.map((e) => e.id).sort()).toEqual(["EV-northeurope", "EV-westeurope"]);
  });

  it("for the fleet: a subscription not read is named, the others' events stay", async () => {
    const fleet = memoryFleet([], [{ part: "serviceHealth", sub: "s2" }]);
    const r = await readHealth(fleet, undefined, { now: 1e9 });
    expect(r).toMatchObject({
      kind: "found",
      notRead: [{ signal: "serviceHealth", reason: expect.stringContaining("d") }],
    });
    expect(r.kind === "found" && r.serviceHealth?.map((e) => e.id).sort()).toEqual(["EV-northeurope", "EV-westeurope"]);
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

  it("no metric named: the status set, from the metric reads only", async () => {
    const calls: string[] = [];
    const r = await readMetrics(memoryFleet(calls), { query: "b" }, { windowMs: 3_600_000, now: 1e12, metrics: [] });
    expect(r).toMatchObject({ kind: "found", defaultSet: true, notRead: [] });
    expect(calls).toEqual(["parts b 3600000 siteMetrics,healthCheckMetrics,planMetrics"]);
  });

  it("no metric named: plan metrics not read are named, the site's figures answer", async () => {
    const fleet = memoryFleet([], [{ part: "planMetrics" }]);
    const r = await readMetrics(fleet, { query: "b" }, { windowMs: 3_600_000, now: 1e12, metrics: [] });
    expect(r).toMatchObject({ kind: "found", grids: [{ name: "Http5xx" }], notRead: [{ signal: "planMetrics" }] });
  });

  it("no metric named: without the site metrics the answer fails, naming the call", async () => {
    const fleet = memoryFleet([], [{ part: "siteMetrics" }]);
    await expect(
      readMetrics(fleet, { query: "b" }, { windowMs: 3_600_000, now: 1e12, metrics: [] }),
    ).rejects.toMatchObject({ kind: "throttled", call: "siteMetrics b" });
  });

  it("links carry the site's host names, from the site read alone", async () => {
    const calls: string[] = [];
    const r = await readLinks(memoryFleet(calls), { query: "c" }, { now: 1e12 });
    expect(r).toMatchObject({ kind: "found", enabledHostNames: ["c.azurewebsites.net", "c.scm.azurewebsites.net"] });
    expect(calls).toEqual(["parts c 900000 site"]);
  });

  it("links fail, naming the call, only when the site itself was not read", async () => {
    const err = await readLinks(memoryFleet([], [{ part: "site" }]), { query: "c" }, { now: 1e12 }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ kind: "throttled", call: "site c" });
  });

  it("metricSpec and grainFor", () => {
    expect(metricSpec("HttpResponseTime").aggregations).toEqual(["Average", "Maximum"]);
    expect(metricSpec("Requests").aggregations).toEqual(["Total"]);
    expect(metricSpec("MemoryWorkingSet").aggregations).toEqual(["Average"]);
    expect([grainFor(3_600_000), grainFor(86_400_000), grainFor(7 * 86_400_000)]).toEqual(["PT1M", "PT5M", "PT1H"]);
  });
});

describe("readLogs", () => {
  const opts = { windowMs: 3_600_000, now: 1e12 };

  it("reads the log queries and the site metrics only, the metrics' 5xx to cross-check", async () => {
    const calls: string[] = [];
    const r = await readLogs(memoryFleet(calls), { query: "a" }, opts);
    expect(calls).toEqual(["parts a 3600000 logs,siteMetrics"]);
    expect(r).toMatchObject({ kind: "found", metrics5xx: 42, notRead: [] });
  });

  it("a query that failed is named; the rest answers", async () => {
    const fleet = memoryFleet([], [{ part: "logs", signal: "logs.http5xx" }]);
    const r = await readLogs(fleet, { query: "a" }, opts);
    expect(r).toMatchObject({ kind: "found", logs: { console: [] }, notRead: [{ signal: "logs.http5xx" }] });
  });

  it("the metrics not read: no cross-check figure (null, not 0), and named", async () => {
    const r = await readLogs(memoryFleet([], [{ part: "siteMetrics" }]), { query: "a" }, opts);
    expect(r).toMatchObject({ kind: "found", metrics5xx: null, notRead: [{ signal: "siteMetrics" }] });
  });

  it("no log query read: the answer fails, naming the call", async () => {
    await expect(readLogs(memoryFleet([], [{ part: "logs" }]), { query: "a" }, opts)).rejects.toMatchObject({
      kind: "throttled",
      call: "logs a",
    });
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

import type { RestError } from "@azure/core-rest-pipeline";
import type { MetricsClient } from "@azure/monitor-query-metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Behaviour, MINUTE } from "../../../src/sim/azure/fleet.ts";
import { type AzureSim, startAzureSim } from "../../../src/sim/azure/server.ts";
import { clients, fleet, NOW, plan, planIdOf, raw, SUB2, site, siteIdOf } from "./fixture.ts";

const iso = (ms: number): string => new Date(ms).toISOString().replace(".000Z", "Z");

let calls = 0;
/** Instance i serves 10+i requests a minute, i of them 5xx; memory grows with uptime. */
const behaviour: Behaviour = {
  sample(ctx) {
    calls++;
    if (!ctx.running) return {};
    return {
      Requests: 10 + ctx.instanceIndex,
      Http5xx: ctx.instanceIndex,
      HttpResponseTime: 0.5,
      HttpResponseTimeMax: 2,
      MemoryWorkingSet: 1_000_000 * (ctx.minutesSinceStart + 1),
      CpuPercentage: 60,
    };
  },
};

const p1 = plan("asp1", {
  workers: ["RD0001", "RD0002", "RD0003"],
  timeline: [{ at: NOW - 30 * MINUTE, type: "scale", capacity: 3, fromCapacity: 2 }],
  sku: { name: "P1v3", tier: "PremiumV3", size: "P1v3", family: "Pv3", capacity: 3 },
});
const big = plan("asp-big", { sku: { name: "P1v3", tier: "PremiumV3", size: "P1v3", family: "Pv3", capacity: 30 } });
const pNorth = plan("asp-north", { location: "North Europe" });
const a = site("app1", p1, { behaviour });
const b = site("app2", p1, { behaviour });
const wide = site("wide", big, { behaviour });
const north = site("north", pNorth);

let sim: AzureSim;
let c: ReturnType<typeof clients>;
let batch: MetricsClient;

beforeAll(async () => {
  sim = await startAzureSim({ fleet: fleet([p1, big, pNorth], [a, b, wide, north]) });
  c = clients(sim);
  batch = c.batch("westeurope");
});
afterAll(() => sim.close());

const hour = `${iso(NOW - 60 * MINUTE)}/${iso(NOW)}`;

describe("metrics.list", () => {
  it("splits per instance with Instance eq '*' and follows the plan's capacity over time", async () => {
    const r = await c.monitor.metrics.list(siteIdOf("app1").slice(1), {
      timespan: hour,
      interval: "PT1M",
      metricnames: "Requests",
      aggregation: "Total",
      metricnamespace: "Microsoft.Web/sites",
      filter: "Instance eq '*'",
    });
    const ts = r.value[0].timeseries ?? [];
    // Series come sorted by the aggregation, largest first (RD0003 only served the last 30 minutes).
    expect(ts.map((t) => t.metadatavalues?.[0].value)).toEqual(["RD0002", "RD0001", "RD0003"]);
    expect(ts[0].metadatavalues?.[0].name?.value).toBe("instance");
    expect(ts[1].data?.[0].total).toBe(10);
    const third = ts[2].data ?? [];
    expect(third).toHaveLength(60);
    expect(third[0].total).toBeUndefined();
    expect(third[59].total).toBe(12);
    expect(r.namespace).toBe("microsoft.web/sites");
    expect(r.resourceregion).toBe("westeurope");
    expect(r.interval).toBe("PT1M");
  });

  it("aggregates instances into one series: Total = Σ, Average = mean, Maximum from HttpResponseTimeMax", async () => {
    const r = await c.monitor.metrics.list(siteIdOf("app1").slice(1), {
      timespan: hour,
      interval: "PT5M",
      metricnames: "Requests,HttpResponseTime",
      aggregation: "Total,Average,Maximum",
    });
    const req = r.value[0].timeseries?.[0].data ?? [];
    expect(r.value[0].timeseries?.[0].metadatavalues ?? []).toEqual([]);
    expect(req).toHaveLength(12);
    expect(req[0].total).toBe(5 * 21);
    expect(req[0].average).toBe(10.5);
    expect(req[11].total).toBe(5 * 33);
    const rt = r.value[1].timeseries?.[0].data?.[3];
    expect(rt?.average).toBe(0.5);
    expect(rt?.maximum).toBe(2);
  });

  it("leaves future buckets and non-emitted metrics empty (timeStamp only, never zero)", async () => {
    const r = await raw(
      sim,
      "GET",
      `${siteIdOf("app1")}/providers/microsoft.insights/metrics?api-version=2024-02-01&timespan=${encodeURIComponent(`${iso(NOW - 10 * MINUTE)}/${iso(NOW + 10 * MINUTE)}`)}&interval=PT5M&metricnames=Requests,Http3xx&aggregation=Total`,
    );
    expect(r.status).toBe(200);
    const v = (r.json as { value: Array<{ timeseries: Array<{ data: Array<Record<string, unknown>> }> }> }).value;
    expect(v[0].timeseries[0].data[1]).toEqual({ timeStamp: iso(NOW - 5 * MINUTE), total: 5 * 33 });
    expect(v[0].timeseries[0].data[2]).toEqual({ timeStamp: iso(NOW) });
    expect(v[1].timeseries[0].data.every((d) => Object.keys(d).join() === "timeStamp")).toBe(true);
  });

  it("rejects HealthCheckStatus at PT1M with 400 naming the allowed grains; PT5M is fine", async () => {
    const e = (await c.monitor.metrics
      .list(siteIdOf("app1").slice(1), { timespan: hour, interval: "PT1M", metricnames: "HealthCheckStatus" })
      .catch((x: unknown) => x)) as RestError;
    expect(e.statusCode).toBe(400);
    expect(e.code).toBe("BadRequest");
    expect(e.message).toContain("PT5M");
    const ok = await c.monitor.metrics.list(siteIdOf("app1").slice(1), {
      timespan: hour,
      interval: "PT5M",
      metricnames: "HealthCheckStatus",
    });
    expect(ok.value[0].timeseries?.[0].data?.[0].average).toBeUndefined();
  });

  it("rejects an unknown metric name with Azure's message", async () => {
    const e = (await c.monitor.metrics
      .list(siteIdOf("app1").slice(1), { timespan: hour, metricnames: "Http502" })
      .catch((x: unknown) => x)) as RestError;
    expect(e.statusCode).toBe(400);
    expect(e.message).toContain(
      "Failed to find metric configuration for provider: Microsoft.Web, resource Type: sites, metric: Http502",
    );
  });

  it("sums plan metrics per worker over the plan's sites, capping percentages at 100", async () => {
    const r = await c.monitor.metrics.list(planIdOf("asp1").slice(1), {
      timespan: hour,
      interval: "PT1H",
      metricnames: "CpuPercentage",
      aggregation: "Average",
      metricnamespace: "Microsoft.Web/serverfarms",
      filter: "Instance eq '*'",
    });
    expect(r.value[0].timeseries?.map((t) => t.data?.[0].average)).toEqual([100, 100, 100]);
    expect(r.namespace).toBe("microsoft.web/serverfarms");
  });

  it("does not change completed minutes when a restart is appended now", async () => {
    const q = { timespan: hour, interval: "PT1M", metricnames: "MemoryWorkingSet", aggregation: "Average" };
    const before = await c.monitor.metrics.list(siteIdOf("app2").slice(1), q);
    await c.web.webApps.restart("rg1", "app2");
    const after = await c.monitor.metrics.list(siteIdOf("app2").slice(1), q);
    expect(after.value[0].timeseries?.[0].data).toEqual(before.value[0].timeseries?.[0].data);
    sim.fleet.clock.advance(3 * MINUTE);
    const later = await c.monitor.metrics.list(siteIdOf("app2").slice(1), {
      ...q,
      timespan: `${iso(NOW)}/${iso(NOW + 3 * MINUTE)}`,
    });
    expect(later.value[0].timeseries?.[0].data?.[0].average).toBe(1_000_000);
    sim.fleet.clock.set(NOW);
  });

  it("answers 24 h × PT1M × 30 instances, sampling each instance-minute once", async () => {
    calls = 0;
    const q = {
      timespan: "P1D",
      interval: "PT1M",
      metricnames: "Requests,Http5xx",
      aggregation: "Total",
      filter: "Instance eq '*'",
      top: 30,
    };
    const r = await c.monitor.metrics.list(siteIdOf("wide").slice(1), q);
    expect(r.value[0].timeseries).toHaveLength(30);
    expect(calls).toBe(24 * 60 * 30);
    const capped = await c.monitor.metrics.list(siteIdOf("wide").slice(1), { ...q, top: undefined });
    expect(capped.value[0].timeseries).toHaveLength(10); // Azure's default top
    expect(calls).toBe(24 * 60 * 30);
  });

  it("lists metric definitions", async () => {
    const defs = [];
    for await (const d of c.monitor.metricDefinitions.list(siteIdOf("app1").slice(1), {
      metricnamespace: "Microsoft.Web/sites",
    }))
      defs.push(d);
    const h = defs.find((d) => d.name?.value === "HealthCheckStatus");
    expect(h?.metricAvailabilities?.map((m) => m.timeGrain)).toEqual(["PT5M", "PT1H", "P1D"]);
    expect(defs.find((d) => d.name?.value === "Http5xx")?.primaryAggregationType).toBe("Total");
  });
});

describe("metrics.batch", () => {
  const opts = {
    startTime: new Date(NOW - 60 * MINUTE),
    endTime: new Date(NOW),
    interval: "PT1H",
    aggregation: "Total",
  };

  it("answers per resource with lowercase keys and records the region", async () => {
    const res = await batch.queryResources(
      [siteIdOf("app1"), siteIdOf("app2")],
      ["Http5xx", "Requests"],
      "Microsoft.Web/sites",
      opts,
    );
    expect(res.map((x) => x.resourceId)).toEqual([siteIdOf("app1"), siteIdOf("app2")]);
    expect(res[0].resourceRegion).toBe("westeurope");
    expect(res[0].granularity).toBe("PT1H");
    // The SDK names a batch metric by its localizedValue.
    expect(res[0].metrics.map((m) => m.name)).toEqual(["Http Server Errors", "Requests"]);
    expect(res[0].metrics[1].timeseries[0].data?.[0].total).toBe(30 * 21 + 30 * 33);
    const req = sim.requests.at(-1);
    expect(req).toMatchObject({ route: "metrics.batch", region: "westeurope", query: { "api-version": "2024-02-01" } });
  });

  it("rejects more than 50 resource IDs", async () => {
    const ids = Array.from({ length: 51 }, (_, i) => siteIdOf(`app${i}`));
    const e = (await batch
      .queryResources(ids, ["Requests"], "Microsoft.Web/sites", opts)
      .catch((x: unknown) => x)) as RestError;
    expect(e.statusCode).toBe(400);
  });

  it("rejects resources of another region, subscription or type", async () => {
    const region = (await batch
      .queryResources([siteIdOf("app1"), siteIdOf("north")], ["Requests"], "Microsoft.Web/sites", opts)
      .catch((x: unknown) => x)) as RestError;
    expect(region.statusCode).toBe(400);
    expect(region.message).toContain("northeurope");
    const sub = (await batch
      .queryResources([siteIdOf("app1"), siteIdOf("x", "rg1", SUB2)], ["Requests"], "Microsoft.Web/sites", opts)
      .catch((x: unknown) => x)) as RestError;
    expect(sub.statusCode).toBe(400);
    const type = (await batch
      .queryResources([siteIdOf("app1"), planIdOf("asp1")], ["Requests"], "Microsoft.Web/sites", opts)
      .catch((x: unknown) => x)) as RestError;
    expect(type.statusCode).toBe(400);
  });
});

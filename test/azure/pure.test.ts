// Pure parts of the Azure adapter: IDs, batching, grids, errors, change and autoscale mapping, KQL.
import { describe, expect, it } from "vitest";
import {
  type AutoscaleProfileLite,
  activeProfile,
  autoscaleForPlan,
  lastRecurrenceStart,
} from "../../src/azure/autoscale.ts";
import { planBatches } from "../../src/azure/batch-metrics.ts";
import { changeKind, mapActivity, mapDeployments } from "../../src/azure/changes.ts";
import { toScope } from "../../src/azure/clients.ts";
import {
  describeScope,
  parseAuthorizationFailure,
  retryAfterSeconds,
  roleFor,
  toDomainError,
} from "../../src/azure/errors.ts";
import { normalizeRegion, parseResourceId, parseSiteId, resourceTypeOf } from "../../src/azure/ids.ts";
import { buildQuery, LOG_QUERY_IDS } from "../../src/azure/kql.ts";
import { axis, combine, isoDurationMs, toGrids } from "../../src/azure/metric-grid.ts";
import { cloudDefaults } from "../../src/clouds.ts";

const SUB = "11111111-1111-1111-1111-111111111111";
const site = (rg: string, name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Web/sites/${name}`;
const plan = (rg: string, name: string) =>
  `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.Web/serverfarms/${name}`;

describe("ids", () => {
  it("parses site, slot and plan IDs and normalises regions", () => {
    expect(parseSiteId(`${site("rg", "a")}/slots/staging`)).toEqual({
      subscriptionId: SUB,
      resourceGroup: "rg",
      name: "a",
      slot: "staging",
    });
    expect(parseSiteId(plan("rg", "p"))).toBeUndefined();
    expect(parseResourceId(`${site("rg", "a")}/extra`)).toBeUndefined();
    expect(resourceTypeOf(plan("rg", "p").replace("Microsoft.Web/serverfarms", "microsoft.web/serverFarms"))).toBe(
      "Microsoft.Web/serverfarms",
    );
    expect(normalizeRegion("West Europe")).toBe("westeurope");
    expect(normalizeRegion("US Gov Virginia")).toBe("usgovvirginia");
    expect(normalizeRegion("westeurope")).toBe("westeurope");
  });
});

describe("cloud defaults", () => {
  it("gives each cloud's ARM, batch-metrics and logs endpoints", () => {
    expect(cloudDefaults("AzurePublicCloud")).toMatchObject({
      armEndpoint: "https://management.azure.com",
      metricsBatchEndpoint: "https://{region}.metrics.monitor.azure.com",
      logsEndpoint: "https://api.loganalytics.io/v1",
    });
    expect(cloudDefaults("AzureUSGovernment").metricsBatchEndpoint).toBe("https://{region}.metrics.monitor.azure.us");
    expect(cloudDefaults("AzureChinaCloud").logsEndpoint).toBe("https://api.loganalytics.azure.cn/v1");
    expect(toScope("https://management.usgovcloudapi.net/")).toBe("https://management.usgovcloudapi.net/.default");
    expect(toScope("https://x/.default")).toBe("https://x/.default");
  });
});

describe("planBatches", () => {
  it("groups by subscription, region and type and chunks by 50", () => {
    const items = [
      ...Array.from({ length: 70 }, (_, i) => ({ id: site("rg", `we-${i}`), region: "westeurope" })),
      ...Array.from({ length: 50 }, (_, i) => ({ id: site("rg", `ne-${i}`), region: "northeurope" })),
      { id: `${site("rg", "we-0")}/slots/staging`, region: "westeurope" },
      { id: site("rg", "WE-1"), region: "westeurope" }, // duplicate in other casing
      { id: site("rg", "x").replace(SUB, "22222222-2222-2222-2222-222222222222"), region: "westeurope" },
    ];
    const batches = planBatches(items);
    expect(batches.map((b) => [b.region, b.resourceType, b.ids.length])).toEqual([
      ["westeurope", "Microsoft.Web/sites", 50],
      ["westeurope", "Microsoft.Web/sites", 20],
      ["northeurope", "Microsoft.Web/sites", 50],
      ["westeurope", "Microsoft.Web/sites/slots", 1],
      ["westeurope", "Microsoft.Web/sites", 1],
    ]);
    expect(batches[4].subscriptionId).toBe("22222222-2222-2222-2222-222222222222");
    const all = batches.flatMap((b) => b.ids.map((id) => id.toLowerCase()));
    expect(new Set(all).size).toBe(all.length);
  });
});

describe("metric grids", () => {
  const window = { start: Date.parse("2025-01-01T00:00:30Z"), end: Date.parse("2025-01-01T00:05:00Z") };
  it("aligns the axis to the grain and parses durations", () => {
    expect(isoDurationMs("PT1M")).toBe(60_000);
    expect(isoDurationMs("PT1H")).toBe(3_600_000);
    expect(isoDurationMs("P1D")).toBe(86_400_000);
    expect(axis(window, 60_000)).toEqual({ start: Date.parse("2025-01-01T00:00:00Z"), length: 5 });
  });

  it("keeps missing buckets and missing metrics null, and combines instances per aggregation", () => {
    const t = (m: number) => new Date(Date.parse("2025-01-01T00:00:00Z") + m * 60_000);
    const grids = toGrids(
      [
        {
          name: { value: "Http5xx" },
          unit: "Count",
          timeseries: [
            {
              metadatavalues: [{ name: { value: "instance" }, value: "i1" }],
              data: [{ timeStamp: t(0), total: 2 }, { timeStamp: t(1) }],
            },
            {
              metadatavalues: [{ name: "Instance", value: "i2" }],
              data: [
                { timeStamp: t(0), total: 3 },
                { timeStamp: t(2), total: 0 },
              ],
            },
          ],
        },
      ],
      {
        specs: [
          { name: "http5xx", aggregations: ["Total"] },
          { name: "Requests", aggregations: ["Total"] },
        ],
        scope: "site",
        window,
        grainMs: 60_000,
        source: "test",
      },
    );
    expect(grids[0]).toMatchObject({ name: "Http5xx", aggregation: "Total", unit: "Count" });
    expect(grids[0].perInstance).toEqual({ i1: [2, null, null, null, null], i2: [3, null, 0, null, null] });
    expect(grids[0].all).toEqual([5, null, 0, null, null]);
    expect(grids[1]).toMatchObject({ name: "Requests", all: [null, null, null, null, null], perInstance: {} });
    expect(
      combine(
        [
          [1, null],
          [3, null],
        ],
        "Average",
        2,
      ),
    ).toEqual([2, null]);
    expect(
      combine(
        [
          [1, 5],
          [3, null],
        ],
        "Maximum",
        2,
      ),
    ).toEqual([3, 5]);
  });
});

describe("errors", () => {
  const msg =
    "The client 'abc' with object id 'def' does not have authorization to perform action 'Microsoft.Insights/metrics/read' over scope '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/app' or the scope is invalid.";
  it("parses the action and scope of AuthorizationFailed and names the role", () => {
    expect(parseAuthorizationFailure(msg)).toEqual({
      action: "Microsoft.Insights/metrics/read",
      scope: "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Web/sites/app",
    });
    expect(roleFor("Microsoft.Insights/metrics/read")).toBe("Monitoring Reader");
    expect(roleFor("Microsoft.Web/sites/read")).toBe("Reader");
    expect(roleFor("Microsoft.Web/sites/restart/action")).toBe("Website Contributor");
    expect(roleFor("Microsoft.Web/serverfarms/write")).toBe("Web Plan Contributor");
    expect(describeScope("/subscriptions/s1/resourceGroups/rg")).toBe("resource group 'rg'");
  });

  it("reads Retry-After in seconds, as a date and as milliseconds", () => {
    const h = (o: Record<string, string>) => (k: string) => o[k];
    expect(retryAfterSeconds(h({ "retry-after": "7" }))).toBe(7);
    expect(retryAfterSeconds(h({ "retry-after-ms": "1500" }))).toBe(2);
    expect(retryAfterSeconds(h({ "retry-after": new Date(10_000).toUTCString() }), 0)).toBe(10);
    expect(retryAfterSeconds(h({}))).toBeUndefined();
  });

  it("falls back to the call's own permission when a 403 does not name it", () => {
    const e = toDomainError(
      { name: "RestError", statusCode: 403, message: "Forbidden" },
      { call: "metrics:getBatch", action: "Microsoft.Insights/metrics/read", scope: "/subscriptions/s1" },
      { attempts: 1 },
    );
    expect(e.kind).toBe("forbidden");
    expect(e.userMessage).toContain("Microsoft.Insights/metrics/read");
    expect(e.hint).toContain("Monitoring Reader");
  });
});

describe("changes", () => {
  const w = { start: 1_000_000, end: 2_000_000 };
  const s = site("rg", "app");
  const p = plan("rg", "plan");
  it("classifies operations", () => {
    expect(changeKind("Microsoft.Web/sites/restart/action")).toBe("restart");
    expect(changeKind("Microsoft.Web/sites/slots/slotsswap/action")).toBe("swap");
    expect(changeKind("Microsoft.Web/sites/config/write")).toBe("config");
    expect(changeKind("Microsoft.Web/serverfarms/write")).toBe("scale");
    expect(changeKind("Microsoft.Insights/AutoscaleSettings/Scaleup/Action")).toBe("autoscale");
  });

  it("keeps the site's, plan's and autoscale setting's events in the window, folding Started/Succeeded", () => {
    const ev = (op: string, rid: string, at: number, status: string, cid: string) => ({
      operationName: { value: op },
      resourceId: rid,
      eventTimestamp: new Date(at),
      status: { value: status },
      correlationId: cid,
      caller: "ops@example.com",
    });
    const as = `/subscriptions/${SUB}/resourceGroups/rg/providers/microsoft.insights/autoscalesettings/as`;
    const out = mapActivity(
      [
        ev("Microsoft.Web/sites/restart/action", s, 1_100_000, "Started", "c1"),
        ev("Microsoft.Web/sites/restart/action", s, 1_100_500, "Succeeded", "c1"),
        ev("Microsoft.Web/sites/config/write", `${s}/config/web`, 1_200_000, "Succeeded", "c2"),
        ev("Microsoft.Web/serverfarms/write", p, 1_300_000, "Succeeded", "c3"),
        ev("Microsoft.Insights/AutoscaleSettings/Scaleup/Action", as, 1_400_000, "Succeeded", "c4"),
        ev("Microsoft.Web/sites/restart/action", site("rg", "other"), 1_500_000, "Succeeded", "c5"),
        ev("Microsoft.Web/sites/slots/restart/action", `${s}/slots/staging`, 1_500_000, "Succeeded", "c6"),
        ev("Microsoft.Web/sites/stop/action", s, 900_000, "Succeeded", "c7"),
      ],
      { siteId: s, planId: p, autoscaleIds: [as] },
      w,
    );
    expect(out.map((c) => [c.kind, c.at, c.status])).toEqual([
      ["restart", 1_100_000, "Succeeded"],
      ["config", 1_200_000, "Succeeded"],
      ["scale", 1_300_000, "Succeeded"],
      ["autoscale", 1_400_000, "Succeeded"],
    ]);
  });

  it("maps deployments by completion time with their Kudu status", () => {
    const out = mapDeployments(
      [
        { name: "d1", status: 4, deployer: "GitHub", startTime: new Date(1_050_000), endTime: new Date(1_100_000) },
        { name: "d0", status: 3, startTime: new Date(100) },
      ],
      w,
    );
    expect(out).toEqual([
      {
        at: 1_100_000,
        operation: "deployment",
        kind: "deployment",
        source: "deployments",
        caller: "GitHub",
        status: "Success",
        correlationId: "d1",
      },
    ]);
  });
});

describe("autoscale", () => {
  const base = { minimum: 1, maximum: 5, default: 2 };
  it("prefers a current fixed-date profile, then the latest recurrence, then the default", () => {
    const now = Date.parse("2025-03-05T12:00:00Z"); // a Wednesday
    const profiles: AutoscaleProfileLite[] = [
      { name: "default", ...base },
      {
        name: "weekdays",
        ...base,
        maximum: 10,
        recurrence: { timeZone: "UTC", days: ["Monday", "Tuesday", "Wednesday"], hours: [8], minutes: [0] },
      },
      { name: "nights", ...base, recurrence: { timeZone: "UTC", days: ["Wednesday"], hours: [20], minutes: [0] } },
    ];
    expect(activeProfile(profiles, now).name).toBe("weekdays");
    expect(lastRecurrenceStart(profiles[2].recurrence!, now)).toBe(Date.parse("2025-02-26T20:00:00Z"));
    const sale = { name: "sale", ...base, fixedDate: { start: now - 1000, end: now + 1000 } };
    expect(activeProfile([...profiles, sale], now).name).toBe("sale");
    expect(activeProfile([{ name: "default", ...base }], now).name).toBe("default");
  });

  it("uses the profile's time zone", () => {
    const r = { timeZone: "W. Europe Standard Time", days: ["Wednesday"], hours: [8], minutes: [30] };
    expect(lastRecurrenceStart(r, Date.parse("2025-03-05T12:00:00Z"))).toBe(Date.parse("2025-03-05T07:30:00Z"));
  });

  it("finds only an enabled setting that targets the plan", () => {
    const p = plan("rg", "plan");
    const setting = {
      id: "as1",
      name: "as1",
      enabled: true,
      targetResourceUri: p.toLowerCase(),
      profiles: [{ name: "default", ...base }],
    };
    expect(autoscaleForPlan([setting], p, 0)).toMatchObject({
      id: "as1",
      profileName: "default",
      minimum: 1,
      maximum: 5,
    });
    expect(autoscaleForPlan([{ ...setting, enabled: false }], p, 0)).toBeUndefined();
  });

  it("says when the profile in force runs on a schedule (another applies when it ends)", () => {
    const p = plan("rg", "plan");
    const now = Date.parse("2025-03-05T12:00:00Z");
    const setting = {
      id: "as1",
      name: "as1",
      enabled: true,
      targetResourceUri: p,
      profiles: [
        { name: "default", ...base },
        { name: "sale", ...base, fixedDate: { start: now - 1000, end: now + 1000 } },
      ],
    };
    expect(autoscaleForPlan([setting], p, now)).toMatchObject({ profileName: "sale", scheduled: true });
    expect(autoscaleForPlan([setting], p, now + 5000)).not.toHaveProperty("scheduled");
  });
});

describe("kql", () => {
  it("tags every query and names the site by lower-case _ResourceId", () => {
    const w = { start: Date.parse("2025-01-01T00:00:00Z"), end: Date.parse("2025-01-01T03:00:00Z") };
    for (const id of LOG_QUERY_IDS) {
      const q = buildQuery(id, site("RG", "App"), w);
      expect(q.split("\n")[0]).toBe(`// appsvc:${id}`);
      expect(q).toContain(`_ResourceId =~ '${site("RG", "App").toLowerCase()}'`);
      expect(q).toContain("datetime(2025-01-01T00:00:00.000Z) .. datetime(2025-01-01T03:00:00.000Z)");
    }
    expect(buildQuery("slowFailures", site("rg", "a"), w)).toContain("TimeTaken >= 229000");
  });
});

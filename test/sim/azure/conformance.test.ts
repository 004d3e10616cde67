// Wire conformance: each route's raw JSON carries the fields, with the JSON types, that the official example
// payloads carry (the shapes of the Azure REST API specs' examples). A value in the table is an exact expectation.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Behaviour, MINUTE } from "../../../src/sim/azure/fleet.ts";
import { type AzureSim, startAzureSim } from "../../../src/sim/azure/server.ts";
import { fleet, NOW, plan, planIdOf, raw, SUB, site, siteIdOf } from "./fixture.ts";

type Kind = "string" | "number" | "boolean" | "array" | "object";
type Table = Record<string, Kind | string | number | boolean>;

function at(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const part of path.split(".")) {
    const m = /^([^[]+)((?:\[\d+\])*)$/.exec(part);
    if (!m || cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[m[1]];
    for (const i of m[2].match(/\d+/g) ?? []) cur = Array.isArray(cur) ? cur[Number(i)] : undefined;
  }
  return cur;
}

const kindOf = (v: unknown): string => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);
const KINDS = new Set(["string", "number", "boolean", "array", "object"]);

/** Mismatches of `obj` against `table`, as "path: expected, got" lines. */
function mismatches(obj: unknown, table: Table): string[] {
  return Object.entries(table).flatMap(([path, want]) => {
    const v = at(obj, path);
    if (typeof want === "string" && KINDS.has(want))
      return kindOf(v) === want ? [] : [`${path}: ${want}, got ${kindOf(v)}`];
    return v === want ? [] : [`${path}: ${JSON.stringify(want)}, got ${JSON.stringify(v)}`];
  });
}

const SITE: Table = {
  id: "string",
  name: "string",
  type: "Microsoft.Web/sites",
  kind: "string",
  location: "string",
  tags: "object",
  properties: "object",
  "properties.state": "string",
  "properties.hostNames": "array",
  "properties.enabledHostNames": "array",
  "properties.hostNameSslStates[0].name": "string",
  "properties.hostNameSslStates[0].hostType": "string",
  "properties.hostNameSslStates[0].sslState": "string",
  "properties.defaultHostName": "string",
  "properties.serverFarmId": "string",
  "properties.availabilityState": "string",
  "properties.usageState": "string",
  "properties.enabled": "boolean",
  "properties.httpsOnly": "boolean",
  "properties.reserved": "boolean",
  "properties.resourceGroup": "string",
  "properties.repositorySiteName": "string",
  "properties.outboundIpAddresses": "string",
  "properties.possibleOutboundIpAddresses": "string",
  "properties.lastModifiedTimeUtc": "string",
  "properties.sku": "string",
  "properties.siteConfig.numberOfWorkers": "number",
  "properties.siteConfig.alwaysOn": "boolean",
  "properties.siteConfig.autoHealEnabled": "boolean",
  "properties.siteConfig.http20Enabled": "boolean",
  "properties.siteConfig.minTlsVersion": "string",
  "properties.siteConfig.loadBalancing": "string",
};
const CONFIG: Table = {
  id: "string",
  name: "web",
  type: "Microsoft.Web/sites/config",
  kind: "string",
  "properties.numberOfWorkers": "number",
  "properties.alwaysOn": "boolean",
  "properties.autoHealEnabled": "boolean",
  "properties.http20Enabled": "boolean",
  "properties.minTlsVersion": "string",
  "properties.loadBalancing": "string",
  "properties.defaultDocuments": "array",
};
const PLAN: Table = {
  id: "string",
  name: "string",
  type: "Microsoft.Web/serverfarms",
  kind: "string",
  location: "string",
  "sku.name": "string",
  "sku.tier": "string",
  "sku.size": "string",
  "sku.family": "string",
  "sku.capacity": "number",
  "properties.status": "Ready",
  "properties.maximumNumberOfWorkers": "number",
  "properties.numberOfWorkers": "number",
  "properties.numberOfSites": "number",
  "properties.geoRegion": "string",
  "properties.provisioningState": "Succeeded",
  "properties.reserved": "boolean",
  "properties.isSpot": "boolean",
  "properties.targetWorkerCount": "number",
  "properties.targetWorkerSizeId": "number",
};
const INSTANCES: Table = {
  "value[0].id": "string",
  "value[0].name": "string",
  "value[0].type": "Microsoft.Web/sites/instances",
  "value[0].properties.state": "READY",
};
const DETECTOR: Table = {
  id: "string",
  name: "runtimeavailability",
  "properties.metadata.description": "string",
  "properties.metadata.category": "Availability and Performance",
  "properties.dataset[0].renderingProperties.title": "string",
  "properties.dataset[0].renderingProperties.type": "string",
  "properties.dataset[0].table.tableName": "string",
  "properties.dataset[0].table.columns[0].columnName": "PreciseTimeStamp",
  "properties.dataset[0].table.columns[0].columnType": "datetime",
  "properties.dataset[0].table.columns[0].dataType": "DateTime",
  "properties.dataset[0].table.rows[0][0]": "string",
  "properties.dataset[0].table.rows[0][1]": "string",
  "properties.status.statusId": "string",
};
const METRIC_ENTRY = (prefix: string): Table => ({
  [`${prefix}.id`]: "string",
  [`${prefix}.type`]: "Microsoft.Insights/metrics",
  [`${prefix}.name.value`]: "Http5xx",
  [`${prefix}.name.localizedValue`]: "Http Server Errors",
  [`${prefix}.displayDescription`]: "string",
  [`${prefix}.unit`]: "Count",
  [`${prefix}.errorCode`]: "Success",
  [`${prefix}.timeseries[0].metadatavalues`]: "array",
  [`${prefix}.timeseries[0].data[0].timeStamp`]: "string",
  [`${prefix}.timeseries[0].data[0].total`]: "number",
});
const METRICS: Table = {
  cost: "number",
  timespan: "string",
  interval: "PT1H",
  namespace: "microsoft.web/sites",
  resourceregion: "westeurope",
  value: "array",
  ...METRIC_ENTRY("value[0]"),
};
const SPLIT: Table = {
  "value[0].timeseries[0].metadatavalues[0].name.value": "instance",
  "value[0].timeseries[0].metadatavalues[0].name.localizedValue": "string",
  "value[0].timeseries[0].metadatavalues[0].value": "RD0002",
};
const DEFINITIONS: Table = {
  "value[0].id": "string",
  "value[0].resourceId": "string",
  "value[0].namespace": "string",
  "value[0].name.value": "string",
  "value[0].name.localizedValue": "string",
  "value[0].displayDescription": "string",
  "value[0].isDimensionRequired": "boolean",
  "value[0].unit": "string",
  "value[0].primaryAggregationType": "string",
  "value[0].supportedAggregationTypes": "array",
  "value[0].metricAvailabilities[0].timeGrain": "string",
  "value[0].metricAvailabilities[0].retention": "string",
  "value[0].dimensions[0].value": "Instance",
};
const BATCH: Table = {
  values: "array",
  "values[0].starttime": "string",
  "values[0].endtime": "string",
  "values[0].interval": "PT1H",
  "values[0].namespace": "microsoft.web/sites",
  "values[0].resourceregion": "westeurope",
  "values[0].resourceid": "string",
  ...METRIC_ENTRY("values[0].value[0]"),
};
const LOGS: Table = {
  "tables[0].name": "PrimaryResult",
  "tables[0].columns[0].name": "CsUriStem",
  "tables[0].columns[0].type": "string",
  "tables[0].columns[1].type": "long",
  "tables[0].rows": "array",
  "tables[0].rows[0][0]": "string",
  "tables[0].rows[0][1]": "number",
};
const HEALTH: Table = {
  id: "string",
  name: "current",
  type: "Microsoft.ResourceHealth/AvailabilityStatuses",
  location: "string",
  "properties.availabilityState": "Available",
  "properties.title": "string",
  "properties.summary": "string",
  "properties.reasonType": "string",
  "properties.occuredTime": "string",
  "properties.reportedTime": "string",
  "properties.reasonChronicity": "string",
  "properties.recommendedActions[0].action": "string",
  "properties.recommendedActions[0].actionUrl": "string",
  "properties.recommendedActions[0].actionUrlText": "string",
};
const EVENTS: Table = {
  "value[0].id": "string",
  "value[0].name": "string",
  "value[0].type": "string",
  "value[0].properties.eventType": "ServiceIssue",
  "value[0].properties.status": "Active",
  "value[0].properties.title": "string",
  "value[0].properties.impactStartTime": "string",
  "value[0].properties.lastUpdateTime": "string",
  "value[0].properties.impact[0].impactedService": "App Service",
  "value[0].properties.impact[0].impactedRegions[0].impactedRegion": "West Europe",
};
const ACTIVITY: Table = {
  "value[0].operationName.value": "Microsoft.Web/sites/restart/action",
  "value[0].operationName.localizedValue": "string",
  "value[0].eventTimestamp": "string",
  "value[0].caller": "string",
  "value[0].status.value": "Succeeded",
  "value[0].resourceId": "string",
  "value[0].correlationId": "string",
  "value[0].category.value": "Administrative",
  "value[0].eventDataId": "string",
  "value[0].subscriptionId": "string",
  "value[0].level": "Informational",
  "value[0].submissionTimestamp": "string",
};
const AUTOSCALE: Table = {
  "value[0].id": "string",
  "value[0].name": "string",
  "value[0].type": "Microsoft.Insights/autoscaleSettings",
  "value[0].location": "string",
  "value[0].properties.enabled": "boolean",
  "value[0].properties.targetResourceUri": "string",
  "value[0].properties.profiles[0].name": "string",
  "value[0].properties.profiles[0].capacity.minimum": "string",
  "value[0].properties.profiles[0].capacity.maximum": "string",
  "value[0].properties.profiles[0].capacity.default": "string",
  "value[0].properties.profiles[0].rules": "array",
};
const ERROR: Table = { "error.code": "string", "error.message": "string" };

const behaviour: Behaviour = {
  sample: (ctx) => ({ Requests: 10, Http5xx: 1 + ctx.instanceIndex }),
  logs: () => ({
    http: [
      { t: NOW - 5 * MINUTE, status: 502, subStatus: "3", path: "/a", timeTakenMs: 10, instance: "RD0001", count: 2 },
    ],
    platform: [],
    console: [],
  }),
};
const p1 = plan("asp1");
const app = site("app1", p1, { behaviour, logsEnabled: true, timeline: [{ at: NOW - 10 * MINUTE, type: "restart" }] });
app.slots.push(site("app1", p1, { slot: "staging" }));

let sim: AzureSim;
beforeAll(async () => {
  sim = await startAzureSim({
    fleet: fleet([p1], [app, site("app2", p1)], {
      autoscaleSettings: [
        {
          subscriptionId: SUB,
          resourceGroup: "rg1",
          name: "as1",
          enabled: true,
          targetPlan: { resourceGroup: "rg1", name: "asp1" },
          profiles: [{ name: "p", capacity: { minimum: 1, maximum: 5, default: 2 } }],
        },
      ],
      serviceHealth: [
        {
          subscriptionId: SUB,
          id: "E1",
          title: "t",
          eventType: "ServiceIssue",
          status: "Active",
          regions: ["West Europe"],
          service: "App Service",
          start: NOW - MINUTE * 30,
        },
      ],
    }),
    pageSize: 1,
  });
});
afterAll(() => sim.close());

const A = "api-version=2025-05-01";
const span = encodeURIComponent(`${new Date(NOW - 60 * MINUTE).toISOString()}/${new Date(NOW).toISOString()}`);
const metricsQ = `api-version=2024-02-01&timespan=${span}&interval=PT1H&metricnames=Http5xx&aggregation=Total`;
const activityFilter = encodeURIComponent(
  `eventTimestamp ge '${new Date(NOW - 60 * MINUTE).toISOString()}' and eventTimestamp le '${new Date(NOW - MINUTE).toISOString()}' and resourceUri eq '${siteIdOf("app1")}'`,
);

const cases: Array<[string, string, string, Table, unknown?]> = [
  [
    "sites.list",
    "GET",
    `/subscriptions/${SUB}/providers/Microsoft.Web/sites?${A}`,
    {
      value: "array",
      nextLink: "string",
      ...Object.fromEntries(Object.entries(SITE).map(([k, v]) => [`value[0].${k}`, v])),
    },
  ],
  ["sites.get", "GET", `${siteIdOf("app1")}?${A}`, SITE],
  [
    "slots.get",
    "GET",
    `${siteIdOf("app1")}/slots/staging?${A}`,
    { ...SITE, type: "Microsoft.Web/sites/slots", name: "app1/staging" },
  ],
  ["config.get", "GET", `${siteIdOf("app1")}/config/web?${A}`, CONFIG],
  [
    "config.patch",
    "PATCH",
    `${siteIdOf("app1")}/config/web?${A}`,
    { ...CONFIG, "properties.healthCheckPath": "/hc" },
    { properties: { healthCheckPath: "/hc" } },
  ],
  ["plans.get", "GET", `${planIdOf("asp1")}?${A}`, PLAN],
  [
    "plans.put",
    "PUT",
    `${planIdOf("asp1")}?${A}`,
    { ...PLAN, "sku.capacity": 3, "properties.numberOfWorkers": 3 },
    {
      location: "West Europe",
      sku: { name: "P1v3", tier: "PremiumV3", size: "P1v3", family: "Pv3", capacity: 3 },
      properties: {},
    },
  ],
  ["instances.list", "GET", `${siteIdOf("app1")}/instances?${A}`, INSTANCES],
  ["detectors.get", "GET", `${siteIdOf("app1")}/detectors/runtimeavailability?${A}&timeGrain=PT5M`, DETECTOR],
  ["metrics.list", "GET", `${siteIdOf("app1")}/providers/Microsoft.Insights/metrics?${metricsQ}`, METRICS],
  [
    "metrics.list split",
    "GET",
    `${siteIdOf("app1")}/providers/Microsoft.Insights/metrics?${metricsQ}&%24filter=${encodeURIComponent("Instance eq '*'")}`,
    { ...METRICS, ...SPLIT },
  ],
  [
    "metricDefinitions.list",
    "GET",
    `${siteIdOf("app1")}/providers/Microsoft.Insights/metricDefinitions?api-version=2024-02-01`,
    DEFINITIONS,
  ],
  [
    "metrics.batch",
    "POST",
    `/westeurope/subscriptions/${SUB}/metrics:getBatch?api%2Dversion=2024-02-01&starttime=${encodeURIComponent(new Date(NOW - 60 * MINUTE).toISOString())}&endtime=${encodeURIComponent(new Date(NOW).toISOString())}&interval=PT1H&metricnamespace=Microsoft.Web%2Fsites&metricnames=Http5xx&aggregation=Total`,
    BATCH,
    { resourceids: [siteIdOf("app1")] },
  ],
  [
    "logs.query",
    "POST",
    "/v1/workspaces/ws/query",
    LOGS,
    {
      query: `// appsvc:failuresByPath\nAppServiceHTTPLogs | where _ResourceId =~ '${siteIdOf("app1").toLowerCase()}'`,
      timespan: "PT1H",
    },
  ],
  [
    "health.current",
    "GET",
    `/${siteIdOf("app2")}/providers/Microsoft.ResourceHealth/availabilityStatuses/current?api-version=2022-10-01&$expand=recommendedactions`,
    HEALTH,
  ],
  [
    "events.list",
    "GET",
    `/subscriptions/${SUB}/providers/Microsoft.ResourceHealth/events?api-version=2022-10-01`,
    EVENTS,
  ],
  [
    "activity.list",
    "GET",
    `/subscriptions/${SUB}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&%24filter=${activityFilter}`,
    ACTIVITY,
  ],
  [
    "autoscale.list",
    "GET",
    `/subscriptions/${SUB}/providers/Microsoft.Insights/autoscalesettings?api-version=2022-10-01`,
    AUTOSCALE,
  ],
  ["error 404", "GET", `${siteIdOf("missing")}?${A}`, ERROR],
];

describe("wire conformance with the official example shapes", () => {
  it.each(cases)("%s", async (_name, method, path, table, body) => {
    const r = await raw(sim, method, path, { body });
    expect(mismatches(r.json, table)).toEqual([]);
  });

  it("202 for a plan PUT carries https Location and Azure-AsyncOperation and Retry-After: 1", async () => {
    sim.faults.add({ route: "plans.put", status: 202, times: 1 });
    const r = await raw(sim, "PUT", `${planIdOf("asp1")}?${A}`, {
      body: { location: "West Europe", sku: { name: "P1v3", capacity: 2 } },
    });
    expect(r.status).toBe(202);
    expect(r.headers.location).toMatch(
      new RegExp(
        `^https://127\\.0\\.0\\.1:\\d+${planIdOf("asp1")}/operationresults/[0-9a-f-]{36}\\?api-version=2025-05-01$`,
      ),
    );
    expect(r.headers["azure-asyncoperation"]).toBe(r.headers.location);
    expect(r.headers["retry-after"]).toBe("1");
    const poll = await raw(sim, "GET", String(r.headers.location).replace(sim.url, ""));
    expect(mismatches(poll.json, { ...PLAN, "sku.capacity": 2 })).toEqual([]);
  });

  it("the table checker itself catches a wrong type and a wrong value", () => {
    expect(mismatches({ a: 1, b: "x" }, { a: "string", b: "y" })).toEqual(["a: string, got number", 'b: "y", got "x"']);
  });
});

// The streamed metrics:getBatch read: the same request as the SDK's queryResources, and the same grids as
// parsing the whole answer at once, through the simulator over HTTPS.
import { createDefaultHttpClient, createPipelineRequest, type PipelineRequest } from "@azure/core-rest-pipeline";
import { MetricsClient } from "@azure/monitor-query-metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BatchQuery, batchUrl, streamBatch } from "../../src/azure/batch-stream.ts";
import { createClients } from "../../src/azure/clients.ts";
import { staticTokenCredential } from "../../src/azure/credentials.ts";
import { toGrids, type WireMetric } from "../../src/azure/metric-grid.ts";
import { INSTANCE_FILTER, INSTANCE_TOP } from "../../src/azure/metrics.ts";
import type { SimFleet } from "../../src/sim/azure/fleet.ts";
import { fleet, MIN, plan, site, T0 } from "./fleet-builder.ts";
import { type Sim, startSim } from "./harness.ts";

const query = (over: Partial<BatchQuery> = {}): BatchQuery => ({
  endpoint: "https://westeurope.metrics.monitor.azure.com/",
  subscriptionId: "11111111-1111-1111-1111-111111111111",
  resourceIds: [
    "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/sites/a",
  ],
  metricNames: ["Requests", "Http5xx"],
  metricNamespace: "Microsoft.Web/sites",
  startTime: new Date(T0 - 60 * MIN),
  endTime: new Date(T0),
  interval: "PT1M",
  aggregation: "Total,Average",
  filter: INSTANCE_FILTER,
  top: INSTANCE_TOP,
  ...over,
});

describe("batchUrl", () => {
  it("is the URL the SDK's queryResources sends", async () => {
    const q = query();
    const client = new MetricsClient(q.endpoint, staticTokenCredential("t"));
    let sent: PipelineRequest | undefined;
    // Catches the SDK's request before it leaves; nothing goes on the network.
    client.pipeline.addPolicy({
      name: "capture",
      sendRequest: async (request) => {
        sent = request;
        throw new Error("captured");
      },
    });
    await expect(
      client.queryResources(q.resourceIds, q.metricNames, q.metricNamespace, {
        startTime: q.startTime,
        endTime: q.endTime,
        interval: q.interval,
        aggregation: q.aggregation,
        filter: q.filter,
        top: q.top,
      }),
    ).rejects.toThrow("captured");
    const theirs = new URL(sent?.url ?? "");
    const ours = new URL(batchUrl(q));
    expect(ours.origin + ours.pathname).toBe(theirs.origin + theirs.pathname);
    expect(Object.fromEntries(ours.searchParams)).toEqual(Object.fromEntries(theirs.searchParams));
    expect(sent?.body).toBe(JSON.stringify({ resourceids: q.resourceIds }));
  });
});

describe("streamBatch against the simulator", () => {
  let world: SimFleet;
  let sim: Sim;
  beforeAll(async () => {
    const plans = [plan({ name: "p0", location: "West Europe" })];
    const sites = Array.from({ length: 12 }, (_, i) =>
      site({ name: `app-${i}`, location: "West Europe", planName: "p0" }),
    );
    world = fleet({ plans, sites });
    sim = await startSim(world);
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("gives each resource as the whole answer has it, in order", async () => {
    const clients = createClients({
      credential: staticTokenCredential("test-token"),
      armEndpoint: sim.url,
      metricsBatchEndpointTemplate: sim.metricsBatchEndpointTemplate,
      ca: sim.ca,
    });
    const ids = world.sites.map(
      (s) =>
        `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Web/sites/${s.name}`,
    );
    const q = query({
      endpoint: clients.metricsEndpoint("westeurope"),
      subscriptionId: world.subscriptions[0],
      resourceIds: ids,
      metricNames: ["Requests", "Http5xx", "HttpResponseTime"],
      startTime: new Date(T0 - 6 * 60 * MIN),
    });
    const pipeline = clients.metrics("westeurope").pipeline;
    const streamed: Array<{ resourceid?: string; value?: WireMetric[] }> = [];
    await streamBatch(pipeline, q, (r) => streamed.push(r));
    // The same request, its body read whole.
    const request = createPipelineRequest({
      url: batchUrl(q),
      method: "POST",
      body: JSON.stringify({ resourceids: ids }),
    });
    request.headers.set("content-type", "application/json");
    const whole = await pipeline.sendRequest(createDefaultHttpClient(), request);
    const values = (JSON.parse(whole.bodyAsText ?? "") as { values: typeof streamed }).values;
    expect(streamed.map((r) => r.resourceid)).toEqual(ids);
    expect(streamed).toEqual(values);
    const req = {
      specs: q.metricNames.map((name) => ({ name, aggregations: ["Total" as const] })),
      scope: "site" as const,
      window: { start: q.startTime.getTime(), end: T0 },
      grainMs: MIN,
      source: "test",
    };
    const grids = toGrids(streamed[3].value ?? [], req);
    expect(grids.find((g) => g.name === "Requests")?.all.filter((v) => v !== null)).toHaveLength(360);
  });

  it("fails a refused call as the SDK does: a RestError with Azure's code and status", async () => {
    const clients = createClients({
      credential: staticTokenCredential("test-token"),
      armEndpoint: sim.url,
      metricsBatchEndpointTemplate: sim.metricsBatchEndpointTemplate,
      ca: sim.ca,
      maxRetries: 0,
    });
    sim.faults.add({ route: "metrics.batch", status: 403, errorCode: "AuthorizationFailed", message: "no", times: 1 });
    const q = query({ endpoint: clients.metricsEndpoint("westeurope"), subscriptionId: world.subscriptions[0] });
    await expect(streamBatch(clients.metrics("westeurope").pipeline, q, () => undefined)).rejects.toMatchObject({
      name: "RestError",
      statusCode: 403,
      code: "AuthorizationFailed",
      message: "no",
    });
  });
});

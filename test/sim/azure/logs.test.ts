import type { RestError } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Behaviour, MINUTE, type SimLogs } from "../../../src/sim/azure/fleet.ts";
import { type AzureSim, startAzureSim } from "../../../src/sim/azure/server.ts";
import { clients, fleet, NOW, plan, raw, site, siteIdOf } from "./fixture.ts";

const logs: SimLogs = {
  http: [
    {
      t: NOW - 50 * MINUTE,
      status: 502,
      subStatus: "3",
      path: "/api/orders",
      timeTakenMs: 230_000,
      instance: "RD0001",
      count: 4,
    },
    {
      t: NOW - 49 * MINUTE,
      status: 502,
      subStatus: "3",
      path: "/api/orders",
      timeTakenMs: 240_000,
      instance: "RD0001",
      count: 1,
    },
    {
      t: NOW - 48 * MINUTE,
      status: 503,
      subStatus: "0",
      path: "/api/cart",
      timeTakenMs: 20,
      instance: "RD0002",
      count: 2,
    },
    { t: NOW - 40 * MINUTE, status: 200, subStatus: "0", path: "/", timeTakenMs: 15, instance: "RD0002", count: 100 },
    {
      t: NOW - 3 * 60 * MINUTE,
      status: 500,
      subStatus: "0",
      path: "/old",
      timeTakenMs: 5,
      instance: "RD0001",
      count: 9,
    },
  ],
  platform: [
    {
      t: NOW - 45 * MINUTE,
      level: "Error",
      message: "Container didn't respond to HTTP pings on port: 8080",
      containerId: "abc123",
    },
  ],
  console: [{ t: NOW - 44 * MINUTE, level: "Informational", message: "listening on 3000" }],
};
const behaviour: Behaviour = {
  sample: () => ({ Requests: 1 }),
  logs: (_s, _p, from, to) => ({
    http: logs.http.filter((r) => r.t >= from && r.t < to),
    platform: logs.platform,
    console: logs.console,
  }),
};

const p1 = plan("asp1");
const withLogs = site("shop", p1, { behaviour, logsEnabled: true });
const noLogs = site("quiet", p1, { behaviour, logsEnabled: false });

let sim: AzureSim;
let c: ReturnType<typeof clients>;
const hour = { startTime: new Date(NOW - 60 * MINUTE), endTime: new Date(NOW) };
const q = (tag: string, id = siteIdOf("shop")): string =>
  `// appsvc:${tag}\nAppServiceHTTPLogs\n| where _ResourceId =~ '${id.toLowerCase()}'\n| summarize n = count() by bin(TimeGenerated, 5m)`;

beforeAll(async () => {
  sim = await startAzureSim({ fleet: fleet([p1], [withLogs, noLogs]) });
  c = clients(sim);
});
afterAll(() => sim.close());

describe("Log Analytics", () => {
  it("http5xx: 5-minute bins by status, sub-status and instance", async () => {
    const r = await c.logs.queryWorkspace("ws", q("http5xx"), hour);
    expect(r.status).toBe("Success");
    const t = "tables" in r ? r.tables[0] : undefined;
    expect(t?.columnDescriptors.map((d) => `${d.name}:${d.type}`)).toEqual([
      "TimeGenerated:datetime",
      "ScStatus:int",
      "ScSubStatus:string",
      "ComputerName:string",
      "n:long",
    ]);
    expect(t?.rows).toEqual([
      [new Date(NOW - 50 * MINUTE), 502, "3", "RD0001", 5],
      [new Date(NOW - 50 * MINUTE), 503, "0", "RD0002", 2],
    ]);
    expect(sim.requests.at(-1)).toMatchObject({ route: "logs.query", path: "/v1/workspaces/ws/query" });
  });

  it("slowFailures: 5xx slower than 229 s per path with median and max", async () => {
    const r = await c.logs.queryWorkspace("ws", q("slowFailures"), hour);
    const t = "tables" in r ? r.tables[0] : undefined;
    expect(t?.rows).toEqual([["/api/orders", 5, 230_000, 240_000]]);
  });

  it("failuresByPath: 5xx counts per path, largest first", async () => {
    const r = await c.logs.queryWorkspace("ws", q("failuresByPath"), { duration: "PT1H" });
    const t = "tables" in r ? r.tables[0] : undefined;
    expect(t?.rows).toEqual([
      ["/api/orders", 5],
      ["/api/cart", 2],
    ]);
  });

  it("platform and console logs", async () => {
    const p = await c.logs.queryWorkspace("ws", q("platform"), hour);
    expect("tables" in p ? p.tables[0].rows : []).toEqual([
      [new Date(NOW - 45 * MINUTE), "Error", logs.platform[0].message, "abc123"],
    ]);
    const k = await c.logs.queryWorkspace("ws", q("console"), hour);
    expect("tables" in k ? k.tables[0].rows : []).toEqual([
      [new Date(NOW - 44 * MINUTE), "Informational", "listening on 3000"],
    ]);
  });

  it("answers an empty table when the site has no logs", async () => {
    const r = await c.logs.queryWorkspace("ws", q("http5xx", siteIdOf("quiet")), hour);
    expect("tables" in r ? r.tables[0].rows : undefined).toEqual([]);
  });

  it("rejects untagged and unknown-tag queries with 400", async () => {
    const e = (await c.logs
      .queryWorkspace("ws", "AppServiceHTTPLogs | take 1", hour)
      .catch((x: unknown) => x)) as RestError;
    expect(e.statusCode).toBe(400);
    expect(e.message).toContain("appsvc:");
    const u = await raw(sim, "POST", "/v1/workspaces/ws/query", {
      body: { query: "// appsvc:nope\nT", timespan: "PT1H" },
    });
    expect(u.status).toBe(400);
    expect(JSON.stringify(u.json)).toContain("appsvc:nope");
  });

  it("answers $batch queries", async () => {
    const res = await c.logs.queryBatch([
      { workspaceId: "ws", query: q("failuresByPath"), timespan: hour },
      { workspaceId: "ws", query: q("console"), timespan: hour },
    ]);
    expect(res).toHaveLength(2);
    expect(res.map((x) => ("tables" in x ? x.tables[0].rows.length : -1))).toEqual([2, 1]);
  });
});

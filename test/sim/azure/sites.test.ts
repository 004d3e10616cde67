import type { RestError } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINUTE } from "../../../src/sim/azure/fleet.ts";
import { type AzureSim, startAzureSim } from "../../../src/sim/azure/server.ts";
import { clients, fleet, NOW, plan, raw, SUB, site, siteIdOf } from "./fixture.ts";

const p1 = plan("asp1", { sku: { name: "P1v3", tier: "PremiumV3", size: "P1v3", family: "Pv3", capacity: 3 } });
const p2 = plan("asp2", { resourceGroup: "rg2" });
const names = Array.from({ length: 7 }, (_, i) => `app${i}`);
const sites = [
  ...names.map((n) => site(n, p1)),
  site("other", p2, {
    timeline: [
      {
        at: NOW - 120 * MINUTE,
        type: "deployment",
        id: "d1",
        status: "Success",
        endAt: NOW - 118 * MINUTE,
        caller: "ci@contoso.com",
      },
      { at: NOW - 30 * MINUTE, type: "deployment", id: "d2", status: "Failed", endAt: NOW - 29 * MINUTE },
    ],
  }),
];
sites[0].slots.push(site("app0", p1, { slot: "staging" }));
sites[0].config = { healthCheckPath: "/healthz" };

let sim: AzureSim;
let c: ReturnType<typeof clients>;

beforeAll(async () => {
  sim = await startAzureSim({ fleet: fleet([p1, p2], sites), pageSize: 3 });
  c = clients(sim);
});
afterAll(() => sim.close());

describe("sites", () => {
  it("lists a subscription's sites over several pages, following https nextLinks", async () => {
    const seen: string[] = [];
    for await (const s of c.web.webApps.list()) seen.push(s.name ?? "");
    expect(seen.sort()).toEqual([...names, "other"].sort());
    const pages = sim.requests.filter((r) => r.route === "sites.list");
    expect(pages.length).toBe(3);
    expect(pages[1].query.$skiptoken).toBe("3");
    expect(pages[1].query["api-version"]).toBe("2025-05-01");
  });

  it("lists by resource group and flattens the properties envelope", async () => {
    const list = [];
    for await (const s of c.web.webApps.listByResourceGroup("rg2")) list.push(s);
    expect(list.map((s) => s.name)).toEqual(["other"]);
    expect(list[0].state).toBe("Running");
    expect(list[0].serverFarmId?.toLowerCase()).toBe(
      `/subscriptions/${SUB}/resourcegroups/rg2/providers/microsoft.web/serverfarms/asp2`,
    );
  });

  it("gets a site with host names, health check path and the plan's worker count", async () => {
    const s = await c.web.webApps.get("rg1", "app0");
    expect(s.id).toBe(siteIdOf("app0"));
    expect(s.defaultHostName).toBe("app0.azurewebsites.net");
    expect(s.enabledHostNames).toContain("app0.scm.azurewebsites.net");
    expect(s.siteConfig?.healthCheckPath).toBe("/healthz");
    expect(s.siteConfig?.numberOfWorkers).toBe(3);
  });

  it("lists and gets slots", async () => {
    const slots = [];
    for await (const s of c.web.webApps.listSlots("rg1", "app0")) slots.push(s);
    expect(slots.map((s) => s.name)).toEqual(["app0/staging"]);
    const slot = await c.web.webApps.getSlot("rg1", "app0", "staging");
    expect(slot.defaultHostName).toBe("app0-staging.azurewebsites.net");
  });

  it("answers 404 ResourceNotFound naming the site, and ResourceGroupNotFound", async () => {
    const e = (await c.web.webApps.get("rg1", "nope").catch((x: unknown) => x)) as RestError;
    expect(e.statusCode).toBe(404);
    expect(e.code).toBe("ResourceNotFound");
    expect(e.message).toContain("Microsoft.Web/sites/nope");
    const g = (await c.web.webApps.get("rg9", "app0").catch((x: unknown) => x)) as RestError;
    expect(g.code).toBe("ResourceGroupNotFound");
  });

  it("answers 401 with an error body when the bearer token is missing", async () => {
    const r = await raw(sim, "GET", `${siteIdOf("app0")}?api-version=2025-05-01`, { token: null });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error: { code: "AuthenticationFailed" } });
  });

  it("parses // paths and case-insensitive segments", async () => {
    const path = `//subscriptions/${SUB}/resourcegroups/RG1/providers/microsoft.web/SITES/app1?api-version=2024-11-01`;
    const r = await raw(sim, "GET", path);
    expect(r.status).toBe(200);
    expect((r.json as { name: string }).name).toBe("app1");
    expect(sim.requests.at(-1)).toMatchObject({ route: "sites.get", query: { "api-version": "2024-11-01" } });
  });

  it("lists the plan's first N workers as instances", async () => {
    const list = [];
    for await (const i of c.web.webApps.listInstanceIdentifiers("rg1", "app1")) list.push(i);
    expect(list.map((i) => i.name)).toEqual(["RD0001", "RD0002", "RD0003"]);
    expect(list[0].state).toBe("READY");
    expect(list[0].type).toBe("Microsoft.Web/sites/instances");
  });

  it("lists deployments from the timeline, newest first, Kudu status codes", async () => {
    const list = [];
    for await (const d of c.web.webApps.listDeployments("rg2", "other")) list.push(d);
    expect(list.map((d) => [d.name, d.status, d.active])).toEqual([
      ["d2", 3, false],
      ["d1", 4, true],
    ]);
    expect(list[1].author).toBe("ci@contoso.com");
    expect(list[1].endTime).toBeInstanceOf(Date);
  });

  it("lists a process with snake_case fields flattened by the SDK", async () => {
    const list = [];
    for await (const p of c.web.webApps.listProcesses("rg1", "app1")) list.push(p);
    expect(list).toHaveLength(1);
    expect(list[0].identifier).toBe(4711);
  });
});

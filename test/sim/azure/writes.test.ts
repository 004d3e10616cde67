import type { RestError } from "@azure/core-rest-pipeline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SimEvent } from "../../../src/sim/azure/fleet.ts";
import { type AzureSim, startAzureSim } from "../../../src/sim/azure/server.ts";
import { clients, fleet, NOW, plan, raw, site, siteIdOf } from "./fixture.ts";

const p1 = plan("asp1");
const app = site("app1", p1, { config: { alwaysOn: true } });
app.slots.push(site("app1", p1, { slot: "staging" }));
const other = site("app2", p1);

let sim: AzureSim;
let c: ReturnType<typeof clients>;

beforeAll(async () => {
  sim = await startAzureSim({ fleet: fleet([p1], [app, other]) });
  c = clients(sim, "bob@contoso.com");
});
afterAll(() => sim.close());

const last = (timeline: SimEvent[]): SimEvent | undefined => timeline[timeline.length - 1];

describe("site actions", () => {
  it("restart answers 200 with an empty body and appends an event with the caller from the token", async () => {
    const r = await raw(
      sim,
      "POST",
      `${siteIdOf("app1")}/restart?api-version=2025-05-01&softRestart=true&synchronous=false`,
      { token: "carol@contoso.com" },
    );
    expect(r.status).toBe(200);
    expect(r.text).toBe("");
    expect(r.headers["x-ms-correlation-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers["x-ms-ratelimit-remaining-subscription-writes"]).toMatch(/^\d+$/);
    expect(last(app.timeline)).toEqual({ at: NOW, type: "restart", soft: true, caller: "carol@contoso.com" });
    await c.web.webApps.restart("rg1", "app1");
    expect(last(app.timeline)).toMatchObject({ type: "restart", soft: false, caller: "bob@contoso.com" });
  });

  it("restarts a slot on the slot's timeline", async () => {
    await c.web.webApps.restartSlot("rg1", "app1", "staging", { softRestart: true });
    expect(last(app.slots[0].timeline)).toMatchObject({ type: "restart", soft: true });
    expect(sim.requests.at(-1)?.route).toBe("sites.restart");
  });

  it("stop and start change the state and append events", async () => {
    await c.web.webApps.stop("rg1", "app2");
    expect(other.state).toBe("Stopped");
    expect((await c.web.webApps.get("rg1", "app2")).state).toBe("Stopped");
    await c.web.webApps.start("rg1", "app2");
    expect(other.state).toBe("Running");
    expect(other.timeline.map((e) => e.type)).toEqual(["stop", "start"]);
  });
});

describe("config/web", () => {
  it("GET answers name 'web' with defaults and the site's settings", async () => {
    const cfg = await c.web.webApps.getConfiguration("rg1", "app1");
    expect(cfg.name).toBe("web");
    expect(cfg.alwaysOn).toBe(true);
    expect(cfg.autoHealEnabled).toBe(false);
  });

  it("PATCH merges auto-heal rules, returns the full config and appends a config event", async () => {
    const autoHealRules = {
      triggers: { statusCodesRange: [{ statusCodes: "500-599", path: "", count: 20, timeInterval: "00:01:00" }] },
      actions: { actionType: "Recycle" as const, minProcessExecutionTime: "00:01:00" },
    };
    const cfg = await c.web.webApps.updateConfiguration("rg1", "app1", { autoHealEnabled: true, autoHealRules });
    expect(cfg.autoHealEnabled).toBe(true);
    expect(cfg.autoHealRules?.triggers?.statusCodesRange?.[0].count).toBe(20);
    expect(cfg.alwaysOn).toBe(true);
    expect(sim.requests.at(-1)?.body).toEqual({ properties: { autoHealEnabled: true, autoHealRules } });
    expect(last(app.timeline)).toMatchObject({
      type: "config",
      patch: { autoHealEnabled: true },
      caller: "bob@contoso.com",
    });
  });

  it("PUT replaces the settings", async () => {
    const cfg = await c.web.webApps.createOrUpdateConfiguration("rg1", "app1", { healthCheckPath: "/health" });
    expect(cfg.healthCheckPath).toBe("/health");
    expect(cfg.autoHealEnabled).toBe(false);
    expect(app.config).toEqual({ healthCheckPath: "/health" });
  });
});

describe("plans", () => {
  it("gets a plan with numberOfWorkers equal to sku.capacity", async () => {
    const p = await c.web.appServicePlans.get("rg1", "asp1");
    expect(p.sku).toMatchObject({ name: "P1v3", capacity: 2 });
    expect(p.numberOfWorkers).toBe(2);
    expect(p.numberOfSites).toBe(2);
  });

  it("lists plans in the subscription", async () => {
    const list = [];
    for await (const p of c.web.appServicePlans.list()) list.push(p.name);
    expect(list).toEqual(["asp1"]);
  });

  it("PUT scales out with 200, growing workers and appending a scale event", async () => {
    const current = await c.web.appServicePlans.get("rg1", "asp1");
    const updated = await c.web.appServicePlans.beginCreateOrUpdateAndWait("rg1", "asp1", {
      ...current,
      sku: { ...current.sku, capacity: 4 },
    });
    expect(updated.sku?.capacity).toBe(4);
    expect(p1.workers).toEqual(["RD0001", "RD0002", "RD0003", "RD0004"]);
    expect(last(p1.timeline)).toMatchObject({ type: "scale", capacity: 4, fromCapacity: 2, caller: "bob@contoso.com" });
    expect(sim.requests.filter((r) => r.route === "plans.put")).toHaveLength(1);
    expect(sim.requests.some((r) => r.route === "plans.operationResult")).toBe(false);
  });

  it("PUT answers 202 + Location when a fault asks, and the SDK polls the https operation URL", async () => {
    sim.faults.add({ route: "plans.put", status: 202, times: 1 });
    const current = await c.web.appServicePlans.get("rg1", "asp1");
    const poller = c.web.appServicePlans.beginCreateOrUpdate("rg1", "asp1", {
      ...current,
      sku: { ...current.sku, name: "P2v3", size: "P2v3", capacity: 3 },
    });
    const updated = await (await poller).pollUntilDone();
    expect(updated.sku).toMatchObject({ name: "P2v3", capacity: 3 });
    const put = sim.requests.filter((r) => r.route === "plans.put").at(-1);
    expect(put?.status).toBe(202);
    expect(sim.requests.some((r) => r.route === "plans.operationResult" && r.status === 200)).toBe(true);
    expect(last(p1.timeline)).toMatchObject({ type: "scale", capacity: 3, skuName: "P2v3", fromSkuName: "P1v3" });
  });

  it("PATCH ignores sku and answers 200", async () => {
    const p = await c.web.appServicePlans.update("rg1", "asp1", { kind: "app" });
    expect(p.sku?.name).toBe("P2v3");
  });

  it("PUT above the maximum number of workers is a 400", async () => {
    const current = await c.web.appServicePlans.get("rg1", "asp1");
    const e = (await c.web.appServicePlans
      .beginCreateOrUpdateAndWait("rg1", "asp1", { ...current, sku: { ...current.sku, capacity: 99 } })
      .catch((x: unknown) => x)) as RestError;
    expect(e.statusCode).toBe(400);
  });

  it("restartSites restarts every site on the plan (204)", async () => {
    const before = app.timeline.length + other.timeline.length;
    await c.web.appServicePlans.restartWebApps("rg1", "asp1", { softRestart: true });
    expect(app.timeline.length + other.timeline.length).toBe(before + 2);
    expect(sim.requests.at(-1)).toMatchObject({ route: "plans.restartSites", status: 204 });
  });

  it("rebootWorker appends to the plan timeline (204); an unknown worker is a 404", async () => {
    await c.web.appServicePlans.rebootWorker("rg1", "asp1", "RD0002");
    expect(last(p1.timeline)).toMatchObject({ type: "rebootWorker", worker: "RD0002" });
    const e = (await c.web.appServicePlans.rebootWorker("rg1", "asp1", "RD9999").catch((x: unknown) => x)) as RestError;
    expect(e.statusCode).toBe(404);
    expect(e.message).toContain("RD9999");
  });
});

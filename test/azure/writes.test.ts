// ArmWriter against the HTTPS Azure simulator through the real SDK: each write sends exactly one request
// (never retried), carries our correlation id, and maps failures to DomainErrors a person can act on.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { staticTokenCredential } from "../../src/azure/credentials.ts";
import { toDomainError } from "../../src/azure/errors.ts";
import { ArmWriter } from "../../src/azure/writes.ts";
import { asWriteError } from "../../src/azure/writes-support.ts";
import { DomainError } from "../../src/core/errors.ts";
import type { SiteTarget } from "../../src/core/writer.ts";
import { manualClock, type SimPlan, type SimSite } from "../../src/sim/azure/fleet.ts";
import { buildHealthySite } from "../../src/sim/azure/scenarios/healthy.ts";
import { addScenario, DEFAULT_SUBSCRIPTION, emptyFleet } from "../../src/sim/azure/scenarios/index.ts";
import { type AzureSim, startAzureSim } from "../../src/sim/azure/server.ts";

const clock = manualClock(Date.UTC(2026, 2, 10, 12, 0));
const fleet = emptyFleet(clock);
const s1 = addScenario(fleet, "S1"); // shop-api, Windows S1 × 1
const s2 = addScenario(fleet, "S2"); // checkout-web, Linux P1v3 × 2
const s5 = addScenario(fleet, "S5"); // catalog-api, Windows P1v3 × 4
const planOf = (site: SimSite): SimPlan => fleet.plans.find((p) => p.name === site.planName) as SimPlan;
s1.slots.push(
  buildHealthySite(fleet, {
    plan: planOf(s1),
    resourceGroup: s1.resourceGroup,
    name: s1.name,
    slot: "staging",
    r5: 50,
  }),
);

let sim: AzureSim;
let writer: ArmWriter;

beforeAll(async () => {
  sim = await startAzureSim({ fleet });
  writer = new ArmWriter({
    credential: staticTokenCredential("writer-test"),
    armEndpoint: sim.url,
    ca: sim.ca,
    timeoutMs: 5_000,
    pollIntervalMs: 50,
  });
});

afterAll(async () => {
  await sim?.close();
});

beforeEach(() => {
  sim.faults.clear();
  sim.requests.length = 0;
});

const target = (site: SimSite, slot?: string): SiteTarget => ({
  subscriptionId: DEFAULT_SUBSCRIPTION,
  resourceGroup: site.resourceGroup,
  name: site.name,
  ...(slot ? { slot } : {}),
});
const planId = (site: SimSite) =>
  `/subscriptions/${DEFAULT_SUBSCRIPTION}/resourceGroups/${site.planResourceGroup}/providers/Microsoft.Web/serverfarms/${site.planName}`;
const routes = () => sim.requests.map((r) => `${r.method} ${r.route}`);

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DomainError);
  return err as DomainError;
}

describe("ArmWriter site writes", () => {
  it("restarts once with our correlation id, hard by default and soft on request", async () => {
    const events = s1.timeline.length;
    const r = await writer.restart(target(s1), { soft: false, correlationId: "11111111-2222-3333-4444-555555555555" });
    expect(r).toMatchObject({ correlationId: "11111111-2222-3333-4444-555555555555", status: 200 });
    expect(r.requestId).toMatch(/[0-9a-f-]{36}/);
    expect(routes()).toEqual(["POST sites.restart"]);
    expect(sim.requests[0].query).toMatchObject({ softRestart: "false", synchronous: "false" });
    await writer.restart(target(s1), { soft: true });
    expect(sim.requests[1].query.softRestart).toBe("true");
    expect(s1.timeline.slice(events).map((e) => e.type)).toEqual(["restart", "restart"]);
  });

  it("restarts a slot on the slot's path, leaving production alone", async () => {
    const prod = s1.timeline.length;
    const r = await writer.restart(target(s1), { soft: false, slot: "staging" });
    expect(r.status).toBe(200);
    expect(sim.requests[0].path).toMatch(/\/sites\/shop-api\/slots\/staging\/restart$/);
    expect(s1.slots[0].timeline.at(-1)?.type).toBe("restart");
    expect(s1.timeline.length).toBe(prod);
  });

  it("stops and starts the app", async () => {
    await writer.stop(target(s2));
    expect(s2.state).toBe("Stopped");
    await writer.start(target(s2));
    expect(s2.state).toBe("Running");
    expect(routes()).toEqual(["POST sites.stop", "POST sites.start"]);
  });

  it("patches auto-heal into config/web exactly as given", async () => {
    const rules = {
      triggers: { privateBytesInKB: 1468006 },
      actions: { actionType: "Recycle" as const, minProcessExecutionTime: "00:10:00" },
    };
    await writer.updateSiteConfig(target(s1), { autoHealEnabled: true, autoHealRules: rules });
    expect(routes()).toEqual(["PATCH config.patch"]);
    expect(sim.requests[0].body).toEqual({ properties: { autoHealEnabled: true, autoHealRules: rules } });
    expect(s1.config).toMatchObject({ autoHealEnabled: true, autoHealRules: rules });
  });

  it("merges app settings into the current list and writes them back with one PUT", async () => {
    const r = await writer.updateAppSettings(target(s2), { WEBSITES_PORT: "3000" });
    expect(r.status).toBe(200);
    expect(routes()).toEqual(["POST appsettings.list", "PUT appsettings.put"]);
    expect(s2.appSettings.WEBSITES_PORT).toBe("3000");
    expect(s2.timeline.at(-1)).toMatchObject({ type: "appSettings", settings: { WEBSITES_PORT: "3000" } });
  });

  it("never writes app settings when reading the current list fails", async () => {
    sim.faults.add({ route: "appsettings.list", status: 403, times: 1 });
    const err = await rejection(writer.updateAppSettings(target(s2), { WEBSITES_PORT: "3000" }));
    expect(err.call).toMatch(/listApplicationSettings/);
    expect(sim.requests.map((r) => r.method)).toEqual(["POST"]);
    expect(sim.requests[0].path).toMatch(/\/config\/appsettings\/list$/);
  });
});

describe("ArmWriter plan writes", () => {
  it("reboots one worker (POST …/workers/{name}/reboot, 204)", async () => {
    const r = await writer.rebootWorker(planId(s5), "RD0003");
    expect(r.status).toBe(204);
    expect(routes()).toEqual(["POST plans.rebootWorker"]);
    expect(planOf(s5).timeline.at(-1)).toMatchObject({ type: "rebootWorker", worker: "RD0003" });
  });

  it("scales out with a GET then a PUT of the whole plan, never a PATCH", async () => {
    const r = await writer.scalePlan(planId(s2), { capacity: 4 });
    expect(r.status).toBe(200);
    expect(routes()).toEqual(["GET plans.get", "PUT plans.put"]);
    const body = sim.requests[1].body as { location: string; sku: Record<string, unknown>; properties: object };
    expect(body.location).toBe("West Europe");
    expect(body.sku).toMatchObject({ name: "P1v3", capacity: 4 });
    expect(body.properties).toMatchObject({ reserved: true });
    expect(planOf(s2).sku.capacity).toBe(4);
  });

  it("scales up by SKU name, with the tier and family that go with it", async () => {
    await writer.scalePlan(planId(s1), { skuName: "P0v3", skuTier: "Premium0V3" });
    expect(sim.requests[1].body).toMatchObject({
      sku: { name: "P0v3", tier: "Premium0V3", family: "Pv3", capacity: 1 },
    });
    expect(planOf(s1).sku).toMatchObject({ name: "P0v3", tier: "Premium0V3", capacity: 1 });
  });

  it("follows a 202 Accepted plan PUT to its result", async () => {
    sim.faults.add({ route: "plans.put", status: 202, times: 1 });
    const r = await writer.scalePlan(planId(s5), { capacity: 5 });
    expect(r.status).toBe(202);
    expect(routes()).toContain("GET plans.operationResult");
    expect(routes().filter((x) => x === "PUT plans.put")).toHaveLength(1);
    expect(planOf(s5).sku.capacity).toBe(5);
  });

  it("patches automatic-scaling limits without touching the sku", async () => {
    await writer.updatePlanElastic(planId(s5), { maximumElasticWorkerCount: 8 });
    expect(routes()).toEqual(["PATCH plans.patch"]);
    expect(sim.requests[0].body).toMatchObject({ properties: { maximumElasticWorkerCount: 8 } });
    expect(planOf(s5).maximumElasticWorkerCount).toBe(8);
  });
});

describe("ArmWriter autoscale profile writes", () => {
  const settingId = (name: string) =>
    `/subscriptions/${DEFAULT_SUBSCRIPTION}/resourceGroups/${s2.planResourceGroup}/providers/microsoft.insights/autoscalesettings/${name}`;
  const setting = (name: string) => fleet.autoscaleSettings.find((a) => a.name === name);
  beforeAll(() => {
    fleet.autoscaleSettings.push({
      subscriptionId: DEFAULT_SUBSCRIPTION,
      resourceGroup: s2.planResourceGroup,
      name: "checkout-autoscale",
      enabled: true,
      targetPlan: { resourceGroup: s2.planResourceGroup, name: s2.planName },
      profiles: [
        { name: "Default", capacity: { minimum: 2, maximum: 4, default: 2 } },
        { name: "Black Friday", capacity: { minimum: 6, maximum: 10, default: 6 } },
      ],
    });
  });

  it("reads the setting, then PATCHes the whole profile list with one profile changed; autoscale follows", async () => {
    const before = planOf(s2).sku.capacity; // 4 after the scale tests above
    const r = await writer.updateAutoscaleProfile(
      settingId("checkout-autoscale"),
      { profileName: "default", minimum: before + 1, maximum: before + 3, default: before + 1 },
      { correlationId: "corr-autoscale-1" },
    );
    expect(r.correlationId).toBe("corr-autoscale-1");
    expect(routes()).toEqual(["GET autoscale.get", "PATCH autoscale.patch"]);
    const patch = sim.requests[1].body as { properties: { profiles: unknown[] } };
    expect(patch.properties.profiles).toMatchObject([
      { name: "Default", capacity: { minimum: `${before + 1}`, maximum: `${before + 3}`, default: `${before + 1}` } },
      { name: "Black Friday", capacity: { minimum: "6", maximum: "10", default: "6" } },
    ]);
    expect(setting("checkout-autoscale")?.profiles[0].capacity).toEqual({
      minimum: before + 1,
      maximum: before + 3,
      default: before + 1,
    });
    // The sim's autoscale engine evaluates at once: the plan is brought up to the new minimum.
    expect(planOf(s2).sku.capacity).toBe(before + 1);
    expect(planOf(s2).timeline.at(-1)).toMatchObject({ type: "scale", capacity: before + 1, fromCapacity: before });
  });

  it("a profile that is gone since the proposal: a clear DomainError, nothing written", async () => {
    const err = await rejection(
      writer.updateAutoscaleProfile(settingId("checkout-autoscale"), {
        profileName: "Weekend",
        minimum: 3,
        maximum: 5,
        default: 3,
      }),
    );
    expect(err.userMessage).toMatch(/has no profile “Weekend” any more \(it has “Default”, “Black Friday”\)/);
    expect(err.hint).toMatch(/Nothing was changed/);
    expect(routes()).toEqual(["GET autoscale.get"]);
  });

  it("a capacity Azure rejects (default outside minimum..maximum) comes back as Azure's words, once", async () => {
    const err = await rejection(
      writer.updateAutoscaleProfile(settingId("checkout-autoscale"), {
        profileName: "Default",
        minimum: 3,
        maximum: 5,
        default: 9,
      }),
    );
    expect(err.userMessage).toMatch(/default capacity must be between the minimum and the maximum/);
    expect(routes()).toEqual(["GET autoscale.get", "PATCH autoscale.patch"]);
  });

  it("an unknown setting: 404 as a DomainError naming it", async () => {
    const err = await rejection(
      writer.updateAutoscaleProfile(settingId("nope"), { profileName: "Default", minimum: 3, maximum: 5, default: 3 }),
    );
    expect(err.kind).toBe("notFound");
    expect(routes()).toEqual(["GET autoscale.get"]);
  });
});

describe("ArmWriter failures: one request, a DomainError, no retry", () => {
  it("names the missing action, scope and role on 403", async () => {
    sim.faults.add({ route: "sites.restart", status: 403 });
    const err = await rejection(writer.restart(target(s1), { soft: false }));
    expect(err.kind).toBe("forbidden");
    expect(err.userMessage).toMatch(/Microsoft\.Web\/sites\/restart\/action/);
    expect(err.userMessage).toMatch(/app 'shop-api'/);
    expect(err.hint).toMatch(/Website Contributor/);
    expect(err.hint).toMatch(/custom role/);
    expect(sim.requests).toHaveLength(1);
  });

  it("does not retry a 500 or a 409, and says the change may have applied", async () => {
    sim.faults.add({ route: "sites.restart", status: 500 });
    const e500 = await rejection(writer.restart(target(s1), { soft: false }));
    expect(e500.kind).toBe("unavailable");
    expect(e500.hint).toMatch(/never retries/);
    sim.faults.clear();
    sim.faults.add({
      route: "plans.put",
      status: 409,
      errorCode: "Conflict",
      message: "Another operation is in progress.",
    });
    const e409 = await rejection(writer.scalePlan(planId(s2), { capacity: 3 }));
    expect(e409.kind).toBe("invalid");
    expect(e409.userMessage).toMatch(/Another operation is in progress/);
    expect(routes()).toEqual(["POST sites.restart", "GET plans.get", "PUT plans.put"]);
  });

  it("does not wait out a 429 Retry-After on a write", async () => {
    sim.faults.add({ route: "sites.restart", retryAfterSeconds: 1 });
    const err = await rejection(writer.restart(target(s1), { soft: false }));
    expect(err.kind).toBe("throttled");
    expect(err.hint).toMatch(/after 1 s/);
    expect(sim.requests).toHaveLength(1);
  });

  it("gives up at its deadline and warns that the change may still happen", async () => {
    const quick = new ArmWriter({
      credential: staticTokenCredential("writer-test"),
      armEndpoint: sim.url,
      ca: sim.ca,
      timeoutMs: 300,
    });
    sim.faults.add({ route: "sites.restart", hang: true, times: 1 });
    const err = await rejection(quick.restart(target(s1), { soft: false }));
    expect(err.kind).toBe("timeout");
    expect(err.hint).toMatch(/may still have been applied/);
    expect(sim.requests).toHaveLength(1);
  });

  it("maps a 403 on the settings list to the list action and Website Contributor", () => {
    const err = asWriteError(
      toDomainError(
        { statusCode: 403, code: "AuthorizationFailed", message: "The client does not have authorization." },
        {
          call: "webApps.listApplicationSettings shop-api",
          action: "Microsoft.Web/sites/config/list/action",
          scope: `/subscriptions/${DEFAULT_SUBSCRIPTION}/resourceGroups/rg-shop/providers/Microsoft.Web/sites/shop-api`,
        },
        { attempts: 1, lastStatus: 403 },
      ),
    ) as DomainError;
    expect(err.userMessage).toMatch(/lacks permission 'Microsoft\.Web\/sites\/config\/list\/action' on app 'shop-api'/);
    expect(err.hint).toMatch(/Website Contributor.*custom role/s);
  });
});

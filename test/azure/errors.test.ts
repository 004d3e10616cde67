// Azure failures become DomainErrors a person can act on: throttling, 403, 404, timeouts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ArmFleet } from "../../src/azure/arm-fleet.ts";
import { DomainError } from "../../src/core/errors.ts";
import type { AppRef } from "../../src/core/snapshot.ts";
import type { SimFleet } from "../../src/sim/azure/fleet.ts";
import { fleet, MIN, plan, SUB1, site, T0 } from "./fleet-builder.ts";
import { armFleetFor, type Sim, since, startSim } from "./harness.ts";

const WINDOW = { start: T0 - 30 * MIN, end: T0 };

async function failure(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

describe("ArmFleet errors", () => {
  let world: SimFleet;
  let sim: Sim;
  let arm: ArmFleet;
  let app: AppRef;

  beforeAll(async () => {
    world = fleet({ plans: [plan({ name: "shop-plan" })], sites: [site({ name: "shop-api", planName: "shop-plan" })] });
    sim = await startSim(world);
    arm = armFleetFor(sim, world, { maxRetries: 1 });
    const r = await arm.resolveApp("shop-api");
    if (r.kind !== "found") throw new Error("shop-api not found");
    app = r.app;
  });
  afterEach(() => sim.faults.clear());
  afterAll(async () => {
    await sim?.close();
  });

  it("succeeds after a 429 with Retry-After: 1 (the SDK waits and retries)", async () => {
    sim.faults.add({ route: "sites.list", status: 429, retryAfterSeconds: 1, times: 1 });
    const before = sim.requests.length;
    const apps = await arm.listApps({ refresh: true });
    expect(apps.map((a) => a.name)).toEqual(["shop-api"]);
    expect(since(sim, before).map((r) => [r.route, r.status])).toEqual([
      ["sites.list", 429],
      ["sites.list", 200],
    ]);
  });

  it("reports throttling without Retry-After at once, saying the SDK did not retry", async () => {
    sim.faults.add({ route: "sites.list", status: 429, errorCode: "TooManyRequests", message: "slow down" });
    const before = sim.requests.length;
    const e = await failure(arm.listApps({ refresh: true }));
    expect(e.kind).toBe("throttled");
    expect(e.retryAfterSeconds).toBeUndefined();
    expect(e.hint).toMatch(/no Retry-After/);
    expect(since(sim, before)).toHaveLength(1);
  });

  it("reports how long to wait when throttling outlasts the retries", async () => {
    sim.faults.add({ route: "sites.list", retryAfterSeconds: 1 });
    const e = await failure(arm.listApps({ refresh: true }));
    expect(e).toMatchObject({ kind: "throttled", retryAfterSeconds: 1 });
    expect(e.hint).toMatch(/retried 1 time/);
  });

  it("names the missing permission, scope and role on a 403", async () => {
    const scope = app.id;
    sim.faults.add({
      route: "metrics.list",
      status: 403,
      errorCode: "AuthorizationFailed",
      message: `The client 'bot' with object id 'oid' does not have authorization to perform action 'Microsoft.Insights/metrics/read' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
    });
    const e = await failure(arm.snapshot(app, WINDOW));
    expect(e.kind).toBe("forbidden");
    expect(e.userMessage).toContain("Microsoft.Insights/metrics/read");
    expect(e.userMessage).toContain("app 'shop-api' (resource group 'rg-shop')");
    expect(e.hint).toContain("Monitoring Reader");
    expect(e.hint).toContain(scope);
  });

  it("reports a missing resource group as notFound", async () => {
    const elsewhere = { ...app, resourceGroup: "rg-gone", id: app.id.replace("rg-shop", "rg-gone") };
    const e = await failure(arm.snapshot(elsewhere, WINDOW));
    expect(e.kind).toBe("notFound");
    expect(e.call).toMatch(/shop-api/);
  });

  it("gives up on a call that hangs after readTimeoutMs, naming the call", async () => {
    const quick = armFleetFor(sim, world, { readTimeoutMs: 300 });
    sim.faults.add({ route: "sites.list", hang: true });
    const e = await failure(quick.listApps());
    expect(e.kind).toBe("timeout");
    expect(e.userMessage).toContain(`webApps.list (subscription ${SUB1})`);
    expect(e.userMessage).toContain("0.3 s");
  });

  it("stops when the caller aborts, passing the caller's reason through", async () => {
    sim.faults.add({ route: "config.get", hang: true });
    const ctl = new AbortController();
    const p = arm.snapshot(app, WINDOW, { signal: ctl.signal });
    ctl.abort(new Error("user cancelled"));
    await expect(p).rejects.toThrow("user cancelled");
  });
});

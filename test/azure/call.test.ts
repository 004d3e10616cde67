// The per-response yield (`yieldTo`): every Azure response waits for a turn before the SDK
// deserialises it, so the bot can let Slack acks run first. Real SDK clients against the simulator.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { SimFleet } from "../../src/sim/azure/fleet.ts";
import { fleet, plan, site } from "./fleet-builder.ts";
import { armFleetFor, type Sim, since, startSim } from "./harness.ts";

describe("yieldTo", () => {
  let world: SimFleet;
  let sim: Sim;

  beforeAll(async () => {
    world = fleet({
      plans: [plan({ name: "p" })],
      sites: [site({ name: "a", planName: "p" }), site({ name: "b", planName: "p" })],
    });
    sim = await startSim(world);
  });
  afterAll(async () => sim?.close());

  it("holds each response until its turn, then delivers it", async () => {
    const waiting: Array<() => void> = [];
    const arm = armFleetFor(sim, world, {
      yieldTo: () => new Promise<void>((go) => waiting.push(go)),
    });
    const from = sim.requests.length;
    let settled = false;
    const listing = arm.listApps().finally(() => {
      settled = true;
    });

    await vi.waitFor(() => expect(waiting.length).toBeGreaterThan(0));
    // The simulator has answered, but the SDK has not been given the response yet.
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);

    // Grant turns as they are asked for until the listing completes.
    while (!settled) {
      for (const go of waiting.splice(0)) go();
      await new Promise((r) => setImmediate(r));
    }
    const apps = await listing;
    expect(apps.map((a) => a.name).sort()).toEqual(["a", "b"]);
    // One turn per response the simulator sent.
    expect(waiting).toHaveLength(0);
    expect(since(sim, from).length).toBeGreaterThan(0);
  });

  it("asks for exactly one turn per response", async () => {
    let turns = 0;
    const arm = armFleetFor(sim, world, {
      yieldTo: async () => {
        turns++;
      },
    });
    const from = sim.requests.length;
    await arm.listApps();
    expect(turns).toBe(since(sim, from).length);
  });
});

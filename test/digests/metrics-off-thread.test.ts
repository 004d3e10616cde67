// The digest's metric reads on a worker thread: its own ArmFleet (real SDK clients over HTTPS to the
// simulator) gives exactly what the in-thread fleet gives; failures and aborts reject with a reason.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetSpec } from "../../src/azure/fleet-spec.ts";
import { offThreadMetrics, offThreadMetricsStats } from "../../src/digests/metrics-off-thread.ts";
import { DIGEST_PLAN_METRICS, DIGEST_SITE_METRICS } from "../../src/digests/read-fleet.ts";
import { manualClock, type SimFleet } from "../../src/sim/azure/fleet.ts";
import { addScenario, emptyFleet } from "../../src/sim/azure/scenarios/index.ts";
import { armFleetFor, type Sim, startSim } from "../azure/harness.ts";

const NOW = Date.UTC(2026, 5, 2, 7, 0);
const WINDOW = { start: NOW - 6 * 3_600_000, end: NOW };

describe("offThreadMetrics", () => {
  let world: SimFleet;
  let sim: Sim;
  let spec: FleetSpec;

  beforeAll(async () => {
    world = emptyFleet(manualClock(NOW));
    for (const s of ["S1", "S5", "healthy"]) addScenario(world, s);
    sim = await startSim(world);
    spec = {
      subscriptionIds: world.subscriptions,
      armEndpoint: sim.url,
      metricsBatchEndpointTemplate: sim.metricsBatchEndpointTemplate,
      ca: sim.ca,
      credential: { staticToken: "test-token" },
    };
  });
  afterAll(async () => sim?.close());

  it("reads on a worker exactly what the in-thread fleet reads (site and per-instance plan metrics)", async () => {
    const arm = armFleetFor(sim, world);
    const apps = await arm.listApps();
    const opts = { metrics: { site: DIGEST_SITE_METRICS, plan: DIGEST_PLAN_METRICS }, perInstance: true };
    const before = offThreadMetricsStats();
    const read = offThreadMetrics(spec);
    const [off, here] = await Promise.all([read(apps, WINDOW, opts), arm.fleetMetrics(apps, WINDOW, opts)]);
    // A second read reuses the worker (and its connections).
    const again = await read(apps, WINDOW, opts);
    const after = offThreadMetricsStats();
    expect(after.runs).toBe(before.runs + 2);
    expect(after.workersStarted).toBe(before.workersStarted + 1);
    expect(off.size).toBe(apps.length);
    expect(here.size).toBe(apps.length);
    // The reply stays packed until read: every app's grids, unpacked, equal the in-thread read.
    for (const app of apps) {
      expect(off.get(app.id)).toEqual(here.get(app.id));
      expect(again.get(app.id)).toEqual(here.get(app.id));
    }
    const cpu = off.get(apps[0].id)?.find((g) => g.name === "CpuPercentage");
    expect(Object.keys(cpu?.perInstance ?? {}).length).toBeGreaterThan(0);
  });

  it("a failing read rejects with the reason, and its warnings reach the caller's log", async () => {
    const arm = armFleetFor(sim, world);
    const apps = await arm.listApps();
    const unreachable = { ...spec, metricsBatchEndpointTemplate: "https://127.0.0.1:1/{region}", maxRetries: 0 };
    const warned: string[] = [];
    const log = { warn: (_obj: object, msg?: string) => void warned.push(msg ?? "") };
    const err = (await offThreadMetrics(unreachable, undefined, log)(apps, WINDOW, {}).catch(
      (e: Error) => e,
    )) as Error & {
      userMessage?: string;
    };
    // The worker fleet's warnings reach the bot's log (they are posted before the reply).
    expect(warned.length).toBeGreaterThan(0);
    expect(err).toBeInstanceOf(Error);
    // The DomainError's words cross the thread: the digest lists them under "not read".
    expect(err.userMessage).toMatch(/Could not reach Azure for metrics:getBatch .*ECONNREFUSED/);
  });

  it("an aborted read rejects with the abort reason", async () => {
    const arm = armFleetFor(sim, world);
    const apps = await arm.listApps();
    const c = new AbortController();
    const read = offThreadMetrics(spec)(apps, WINDOW, { signal: c.signal });
    c.abort(new Error("digest cancelled"));
    await expect(read).rejects.toThrow("digest cancelled");
  });

  it("release() ends an idle worker at once, and never one with a read in flight", async () => {
    const apps = await armFleetFor(sim, world).listApps();
    const opts = { metrics: { site: DIGEST_SITE_METRICS, plan: [] }, perInstance: false };
    const read = offThreadMetrics(spec);
    await read(apps, WINDOW, opts);
    const started = offThreadMetricsStats().workersStarted;
    // In flight: released, but the read still gets its answer from the same worker.
    const running = read(apps, WINDOW, opts);
    read.release?.();
    expect((await running).size).toBe(apps.length);
    expect(offThreadMetricsStats().workersStarted).toBe(started);
    // Idle: released at once, so the next read needs a new worker.
    read.release?.();
    expect((await read(apps, WINDOW, opts)).size).toBe(apps.length);
    expect(offThreadMetricsStats().workersStarted).toBe(started + 1);
  });
});

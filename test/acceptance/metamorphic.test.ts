// Metamorphic properties over every scenario: each scenario is read once through the real adapter over
// HTTPS (4 minutes wider than the acceptance window), then the pure engine diagnoses its variants.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArmFleet } from "../../src/azure/arm-fleet.ts";
import { staticTokenCredential } from "../../src/azure/credentials.ts";
import { diagnose } from "../../src/core/diagnose.ts";
import type { Snapshot } from "../../src/core/snapshot.ts";
import { manualClock } from "../../src/sim/azure/fleet.ts";
import { addScenario, emptyFleet, scenarioExpectations } from "../../src/sim/azure/scenarios/index.ts";
import { ACCEPTANCE_SCENARIOS } from "../../src/sim/azure/scenarios/library.ts";
import { type AzureSim, startAzureSim } from "../../src/sim/azure/server.ts";
import { outcome, variants } from "./variants.ts";

const WORKSPACE = "3f8a5c2e-1b4d-4e6f-9a7b-2c1d0e9f8a7b";
const LOOKBACK_MS = 180 * 60_000;
const END = Date.UTC(2026, 10, 24, 11, 0);

const clock = manualClock(END);
const fleet = emptyFleet(clock);
for (const s of ACCEPTANCE_SCENARIOS) addScenario(fleet, s);

let sim: AzureSim;
const wide = new Map<string, Snapshot>();

beforeAll(async () => {
  sim = await startAzureSim({ fleet });
  clock.set(END + 4 * 60_000);
  const arm = createArmFleet({
    subscriptionIds: fleet.subscriptions,
    credential: staticTokenCredential("metamorphic"),
    armEndpoint: sim.url,
    metricsBatchEndpointTemplate: sim.metricsBatchEndpointTemplate,
    logs: { endpoint: sim.logsEndpoint, workspaceId: WORKSPACE },
    ca: sim.ca,
    now: () => clock.now(),
  });
  const window = { start: END - LOOKBACK_MS, end: END + 4 * 60_000 };
  for (const s of ACCEPTANCE_SCENARIOS) {
    const r = await arm.resolveApp(scenarioExpectations[s].app);
    if (r.kind !== "found") throw new Error(`${s}: ${scenarioExpectations[s].app} not found`);
    wide.set(s, await arm.snapshot(r.app, window, { baseline: true }));
  }
}, 180_000);

afterAll(async () => {
  await sim?.close();
});

describe.each(ACCEPTANCE_SCENARIOS)("scenario %s: metamorphic variants", (s) => {
  it("every variant keeps the verdict, the primary rule and the first mitigation", () => {
    const snap = wide.get(s);
    if (!snap) throw new Error("not read");
    const { base, others } = variants(snap, END, LOOKBACK_MS);
    const want = outcome(diagnose(base.snapshot, { explicit: true, now: base.now }));
    const got = others.map((v) => `${v.name}: ${outcome(diagnose(v.snapshot, { explicit: true, now: v.now }))}`);
    expect(got).toEqual(others.map((v) => `${v.name}: ${want}`));
    expect(want).toContain(
      scenarioExpectations[s].primary === "none" ? "· — ·" : `· ${scenarioExpectations[s].primary} ·`,
    );
  });
});

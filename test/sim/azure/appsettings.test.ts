// App settings through the real SDK: list (an action, settings may be secrets) and replace, and the S3
// scenario recovering once WEBSITES_PORT matches the port the container listens on.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArmFleet } from "../../../src/azure/arm-fleet.ts";
import { staticTokenCredential } from "../../../src/azure/credentials.ts";
import { keyFigures } from "../../../src/core/figures.ts";
import { manualClock } from "../../../src/sim/azure/fleet.ts";
import { buildScenario } from "../../../src/sim/azure/scenarios/index.ts";
import { type AzureSim, startAzureSim } from "../../../src/sim/azure/server.ts";
import { clients } from "./fixture.ts";

const clock = manualClock(Date.UTC(2026, 10, 24, 11, 0));
const fleet = buildScenario("S3", clock);
let sim: AzureSim;

beforeAll(async () => {
  sim = await startAzureSim({ fleet });
});
afterAll(() => sim.close());

describe("app settings", () => {
  it("lists and replaces settings with the SDK's StringDictionary shape; the change lands on the timeline", async () => {
    const { web } = clients(sim, "dana@contoso.com", false, fleet.subscriptions[0]);
    const site = fleet.sites[0];
    const before = await web.webApps.listApplicationSettings(site.resourceGroup, site.name);
    expect(before.name).toBe("appsettings");
    expect(before.properties).toEqual(site.appSettings);
    expect(before.properties?.WEBSITES_PORT).toBeUndefined();

    const updated = await web.webApps.updateApplicationSettings(site.resourceGroup, site.name, {
      properties: { ...before.properties, WEBSITES_PORT: "3000" },
    });
    expect(updated.properties?.WEBSITES_PORT).toBe("3000");
    expect(site.timeline.at(-1)).toMatchObject({
      type: "appSettings",
      settings: { WEBSITES_PORT: "3000" },
      caller: "dana@contoso.com",
    });
    const route = sim.requests.filter((r) => r.route.startsWith("appsettings.")).map((r) => `${r.method} ${r.route}`);
    expect(route).toEqual(["POST appsettings.list", "PUT appsettings.put"]);
  });

  it("S3 recovers after the WEBSITES_PORT=3000 written above: 5xx stop within minutes", async () => {
    const arm = createArmFleet({
      subscriptionIds: fleet.subscriptions,
      credential: staticTokenCredential("t"),
      armEndpoint: sim.url,
      metricsBatchEndpointTemplate: sim.metricsBatchEndpointTemplate,
      ca: sim.ca,
      now: () => clock.now(),
    });
    const r = await arm.resolveApp(fleet.sites[0].name);
    if (r.kind !== "found") throw new Error("S3 app not found");
    const failing = keyFigures(await arm.snapshot(r.app, { start: clock.now() - 15 * 60_000, end: clock.now() }));
    expect(failing.errorRate).toBeGreaterThan(0.9);
    clock.advance(20 * 60_000);
    arm.invalidate?.();
    const after = keyFigures(await arm.snapshot(r.app, { start: clock.now() - 10 * 60_000, end: clock.now() }));
    expect(after.errorRate).toBeLessThan(0.01);
  });
});

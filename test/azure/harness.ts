// Starts the HTTPS Azure simulator for a fleet and builds an ArmFleet pointed at it (real SDK clients).
import { type ArmFleetOptions, createArmFleet } from "../../src/azure/arm-fleet.ts";
import { staticTokenCredential } from "../../src/azure/credentials.ts";
import type { SimFleet } from "../../src/sim/azure/fleet.ts";
import { startAzureSim } from "../../src/sim/azure/server.ts";

export type Sim = Awaited<ReturnType<typeof startAzureSim>>;

export async function startSim(
  fleet: SimFleet,
  opts: Omit<Parameters<typeof startAzureSim>[0], "fleet"> = {},
): Promise<Sim> {
  return startAzureSim({ fleet, ...opts });
}

export function armFleetFor(sim: Sim, fleet: SimFleet, overrides: Partial<ArmFleetOptions> = {}) {
  return createArmFleet({
    subscriptionIds: fleet.subscriptions,
    credential: staticTokenCredential("test-token"),
    armEndpoint: sim.url,
    metricsBatchEndpointTemplate: sim.metricsBatchEndpointTemplate,
    ca: sim.ca,
    now: () => fleet.clock.now(),
    ...overrides,
  });
}

/** Requests the simulator saw since `from` (an index into sim.requests). */
export function since(sim: Sim, from: number) {
  return sim.requests.slice(from);
}

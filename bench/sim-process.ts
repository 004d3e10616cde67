// Starts bench/sim-host.ts as a child process and talks to it over IPC.
import { fork } from "node:child_process";
import { createInterface } from "node:readline";
import { type ArmFleet, type ArmFleetOptions, createArmFleet } from "../src/azure/arm-fleet.ts";
import { staticTokenCredential } from "../src/azure/credentials.ts";
import type { FleetSpec } from "../src/azure/fleet-spec.ts";
import type { SimHostInfo } from "./sim-host.ts";

const TOKEN = "bench-token";

/** An ArmFleet (real SDK clients) on the simulator process, on its clock. */
export function simFleet(sim: SimHostInfo, extra: Partial<ArmFleetOptions> = {}): ArmFleet {
  return createArmFleet({
    subscriptionIds: sim.subscriptions,
    credential: staticTokenCredential(TOKEN),
    armEndpoint: sim.url,
    metricsBatchEndpointTemplate: sim.metricsBatchEndpointTemplate,
    ca: sim.ca,
    now: () => sim.now,
    ...extra,
  });
}

/** The same fleet as data, for a worker's own fleet (metrics-off-thread.ts). */
export function simFleetSpec(sim: SimHostInfo): FleetSpec {
  return {
    subscriptionIds: sim.subscriptions,
    armEndpoint: sim.url,
    metricsBatchEndpointTemplate: sim.metricsBatchEndpointTemplate,
    ca: sim.ca,
    credential: { staticToken: TOKEN },
  };
}

export interface SimProcess extends SimHostInfo {
  /** Requests served so far, in total and by route id. */
  requests(): Promise<{ requests: number; byRoute: Record<string, number> }>;
  close(): Promise<void>;
}

export async function startSimProcess(args: string[]): Promise<SimProcess> {
  const child = fork(new URL("./sim-host.ts", import.meta.url), args, { stdio: ["ignore", "pipe", "inherit", "ipc"] });
  if (!child.stdout) throw new Error("simulator process has no stdout");
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise<SimHostInfo>((resolve, reject) => {
    lines.once("line", (l) => resolve(JSON.parse(l) as SimHostInfo));
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return {
    ...info,
    requests: () =>
      new Promise((resolve) => {
        child.once("message", (m) => resolve(m as { requests: number; byRoute: Record<string, number> }));
        child.send("requests");
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

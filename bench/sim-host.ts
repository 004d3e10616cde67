// Runs the Azure simulator in its own process for benchmarks, so its CPU work does not share the
// client's event loop (a real Azure is remote). Prints one JSON line with what a client needs.
import { MINUTE, manualClock, wallClock } from "../src/sim/azure/fleet.ts";
import { addScenario, buildScenario, generateFleet } from "../src/sim/azure/scenarios/index.ts";
import { startAzureSim } from "../src/sim/azure/server.ts";

export interface SimHostInfo {
  url: string;
  metricsBatchEndpointTemplate: string;
  ca: string;
  now: number;
  subscriptions: string[];
  /** What a separately started bot needs to reach this simulator (see envLines in src/sim/azure/cli.ts). */
  identityEndpoint: string;
  identityHeader: string;
  caPath: string;
  logsEndpoint: string;
  /** Kudu hosts under the sim (`{host}`), and the blob container dumps go to. */
  scmEndpointTemplate: string;
  dumpsContainerUrl: string;
}

const [
  scenario = "S1",
  latency = "100",
  clockMs = String(Date.UTC(2026, 10, 24, 11, 0)),
  throttle = "",
  maxDumpBytes = "",
] = process.argv.slice(2);
// "wall": the clock runs on with wall time from the last whole minute (for a bot that reads Date.now()).
const clock = clockMs === "wall" ? wallClock(Math.floor(Date.now() / MINUTE) * MINUTE) : manualClock(Number(clockMs));
const fleet = scenario.startsWith("fleet:")
  ? (() => {
      const [, apps, subs, regions] = scenario.split(":");
      return generateFleet(clock, {
        apps: Number(apps),
        subscriptions: Array.from({ length: Number(subs) }, (_, i) => `00000000-0000-0000-0000-00000000000${i + 1}`),
        regions: ["West Europe", "North Europe", "East US", "West US 2"].slice(0, Number(regions)),
        incidents: 8,
      });
    })()
  : (() => {
      // "S5+S3": several scenarios in one fleet.
      const [first, ...rest] = scenario.split("+");
      const f = buildScenario(first, clock);
      for (const s of rest) addScenario(f, s);
      return f;
    })();
const sim = await startAzureSim({
  fleet,
  latencyMs: Number(latency),
  ...(throttle ? { throttle: { readsPerSecond: Number(throttle), burst: Number(throttle) * 10 } } : {}),
  ...(maxDumpBytes ? { maxDumpBytes: Number(maxDumpBytes) } : {}),
});
const info: SimHostInfo = {
  url: sim.url,
  metricsBatchEndpointTemplate: sim.metricsBatchEndpointTemplate,
  ca: sim.ca,
  now: clock.now(),
  subscriptions: fleet.subscriptions,
  identityEndpoint: sim.identityEndpoint,
  identityHeader: sim.identityHeader,
  caPath: sim.caPath,
  logsEndpoint: sim.logsEndpoint,
  scmEndpointTemplate: sim.scmEndpointTemplate,
  dumpsContainerUrl: sim.dumpsContainerUrl,
};
process.stdout.write(`${JSON.stringify(info)}\n`);
process.on("message", async (m) => {
  if (m === "requests") process.send?.({ requests: sim.requests.length, byRoute: countRoutes() });
});
function countRoutes(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of sim.requests) out[r.route] = (out[r.route] ?? 0) + 1;
  return out;
}
process.on("SIGTERM", () => void sim.close().then(() => process.exit(0)));

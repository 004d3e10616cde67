// `npm run sim [-- --scenario NAME]`: serves a scenario fleet (default "demo") on SIM_PORT (default: a free port) with a
// clock that follows wall time from the end of the scenario's lookback, and prints the environment to point the
// bot at it. Stops cleanly on SIGINT/SIGTERM.

import type { SimClock, SimFleet } from "./fleet.ts";
import { MINUTE, wallClock } from "./fleet.ts";
import { startAzureSim } from "./server.ts";

/** Any fixed GUID: the sim answers every workspace. */
export const SIM_WORKSPACE_ID = "3f8a5c2e-1b4d-4e6f-9a7b-2c1d0e9f8a7b";

interface ScenarioModule {
  buildScenario(name: string, clock: SimClock, opts?: { seed?: number }): SimFleet;
  scenarioNames: readonly string[];
}

export function parseArgs(argv: string[]): { scenario: string; seed?: number } {
  let scenario = "demo";
  let seed: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--scenario") scenario = argv[++i] ?? scenario;
    else if (a.startsWith("--scenario=")) scenario = a.slice("--scenario=".length);
    else if (a === "--seed") seed = Number(argv[++i]);
    else if (a.startsWith("--seed=")) seed = Number(a.slice("--seed=".length));
  }
  return { scenario, seed };
}

/** The `export X=…` lines for the bot (values are not secret except IDENTITY_HEADER, a per-run sim value). */
export function envLines(sim: {
  url: string;
  metricsBatchEndpointTemplate: string;
  logsEndpoint: string;
  identityEndpoint: string;
  identityHeader: string;
  caPath: string;
  fleet: SimFleet;
}): string[] {
  const env: Record<string, string> = {
    AZURE_SUBSCRIPTION_IDS: sim.fleet.subscriptions.join(","),
    AZURE_RESOURCE_MANAGER_ENDPOINT: sim.url,
    AZURE_METRICS_BATCH_ENDPOINT: sim.metricsBatchEndpointTemplate,
    AZURE_LOG_ANALYTICS_ENDPOINT: sim.logsEndpoint,
    AZURE_LOG_ANALYTICS_WORKSPACE_ID: SIM_WORKSPACE_ID,
    IDENTITY_ENDPOINT: sim.identityEndpoint,
    IDENTITY_HEADER: sim.identityHeader,
    NODE_EXTRA_CA_CERTS: sim.caPath,
  };
  return Object.entries(env).map(([k, v]) => `export ${k}='${v}'`);
}

async function loadScenarios(): Promise<ScenarioModule> {
  // A variable specifier keeps the type checker from requiring the module while it is being written.
  const specifier = "./scenarios/index.ts";
  try {
    return (await import(specifier)) as ScenarioModule;
  } catch (e) {
    throw new Error(
      `Cannot load the simulator scenarios (src/sim/azure/scenarios/index.ts): ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

export const USAGE = `usage: npm run sim [-- --scenario NAME] [--seed N]
Serves the Azure simulator on loopback and prints the export lines that point the bot at it.
  --scenario  demo (default, 15 apps), S1…S8 or healthy
  --seed      a number: another random fleet of the same shape
Environment: SIM_PORT (HTTPS, default a free port), SIM_IDENTITY_PORT (managed identity endpoint, default free).`;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const args = parseArgs(argv);
  const scenarios = await loadScenarios();
  if (!scenarios.scenarioNames.some((n) => n.toLowerCase() === args.scenario.toLowerCase())) {
    throw new Error(`Unknown scenario '${args.scenario}'. Known: ${scenarios.scenarioNames.join(", ")}`);
  }
  // Scenarios end their lookback at clock.now() when built; the clock then runs on with wall time.
  const clock = wallClock(Math.floor(Date.now() / MINUTE) * MINUTE);
  const fleet = scenarios.buildScenario(
    args.scenario,
    clock,
    args.seed !== undefined ? { seed: args.seed } : undefined,
  );
  const port = Number(process.env.SIM_PORT || 0);
  const identityPort = process.env.SIM_IDENTITY_PORT ? Number(process.env.SIM_IDENTITY_PORT) : undefined;
  const sim = await startAzureSim({ fleet, port, identityPort });
  // Handlers first: whoever reads the printed environment may signal us right away.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`# ${signal}: stopping the Azure simulator\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.stdout.write(
    `# Azure simulator: scenario '${args.scenario}', ${fleet.sites.length} sites, ${fleet.plans.length} plans, at ${sim.url}\n${envLines(sim).join("\n")}\n`,
  );
}

if (import.meta.main) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}

// Public API of the simulator's scenarios: named worlds for tests, benchmarks and the playground.
// Shapes and expectations: docs/scenarios.md.

import type { SimClock, SimFleet, SimSite } from "../fleet.ts";
import { DEFAULT_SUBSCRIPTION } from "./build.ts";
import { addDemo } from "./demo.ts";
import { ACCEPTANCE_SCENARIOS } from "./library.ts";
import { addSingleScenario, emptyFleet, type ScenarioOptions } from "./registry.ts";

export { DEFAULT_SUBSCRIPTION, SECOND_SUBSCRIPTION } from "./build.ts";
export { type ContextFactory, contextFactory } from "./context.ts";
export { type ScenarioExpectation, scenarioExpectations } from "./expectations.ts";
export { generateFleet } from "./generate.ts";
export { workerName } from "./naming.ts";
export { skuFacts } from "./skus.ts";
export { emptyFleet, type ScenarioOptions };

export const scenarioNames: readonly string[] = [...ACCEPTANCE_SCENARIOS, "healthy", "demo"];

/**
 * A fleet holding just that scenario's app (and its plan), with T0 = clock.now() − 180 min rounded down
 * to 5 min, so the lookback [T0, T0+180] ends at "now". "demo" gives the mixed playground fleet.
 */
export function buildScenario(name: string, clock: SimClock, opts: ScenarioOptions = {}): SimFleet {
  const fleet = emptyFleet(clock, { seed: opts.seed, subscriptions: [opts.subscriptionId ?? DEFAULT_SUBSCRIPTION] });
  addScenario(fleet, name, opts);
  return fleet;
}

/**
 * Adds one scenario's app/plan/events to an existing fleet (to mix scenarios, e.g. a digest day) and
 * returns the site. For "demo" it adds the whole demo set and returns its first site (S1's).
 * Behaviours capture fleet.seed at this point.
 */
export function addScenario(fleet: SimFleet, name: string, opts: ScenarioOptions & { t0?: number } = {}): SimSite {
  if (name.toLowerCase() === "demo") return addDemo(fleet, { subscriptionId: opts.subscriptionId, t0: opts.t0 })[0];
  return addSingleScenario(fleet, name, opts);
}

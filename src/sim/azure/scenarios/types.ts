// What every scenario module exports: its default names and a function that adds its plan and site.

import type { SimFleet, SimSite } from "../fleet.ts";

export interface ScenarioArgs {
  fleet: SimFleet;
  /** Scenario time zero (epoch ms); shapes are described relative to it. */
  t0: number;
  subscriptionId: string;
  resourceGroup: string;
  appName: string;
  planName: string;
  location: string;
}

export interface ScenarioDef {
  appName: string;
  resourceGroup: string;
  location: string;
  add(a: ScenarioArgs): SimSite;
}

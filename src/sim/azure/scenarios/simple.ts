// The common part of the library scenarios (S9 on): one plan, one site, a profile and the minutes the
// scenario bends. Keeps each scenario file to its story.

import type { SampleContext, SimEvent, SimPlan, SimSite } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";
import { type BehaviourSpec, makeBehaviour } from "./behaviour.ts";
import { addPlan, addSite, siteConfig } from "./build.ts";
import { type Drivers, type Profile, profile, type SimOs } from "./defaults.ts";
import { type SiteHistory, siteHistory } from "./history.ts";
import type { ScenarioArgs } from "./types.ts";

/** A site event with `at` in minutes after T0. */
export type MinuteEvent = SimEvent extends infer E
  ? E extends SimEvent
    ? Omit<E, "at"> & { at: number }
    : never
  : never;

export interface SimpleSpec {
  os: SimOs;
  sku: string;
  capacity: number;
  profile: Partial<Profile> & { r5: number };
  config?: Record<string, unknown>;
  appSettings?: Record<string, string>;
  kind?: string;
  tags?: Record<string, string>;
  logs?: boolean;
  state?: "Running" | "Stopped";
  /** Site events; `at` in minutes after T0. */
  timeline?: Array<MinuteEvent>;
  /** Bends one instance-minute; `m` is minutes after T0. */
  adjust?(ctx: SampleContext, d: Drivers, m: number, p: Profile): void;
  failureRows?: BehaviourSpec["failureRows"];
  platform?: BehaviourSpec["platform"];
  console?: BehaviourSpec["console"];
  /** Whether an instance is in rotation in minute m (out of rotation: it reports nothing). */
  serves?(instance: string, m: number): boolean;
  /** Called with the plan before the site is added (plan events, a neighbour on the plan). */
  onPlan?(plan: SimPlan, history: SiteHistory): void;
}

/** Minutes after T0 → epoch ms. */
export const at = (a: ScenarioArgs, m: number) => a.t0 + m * MINUTE;

export function addSimple(a: ScenarioArgs, spec: SimpleSpec): SimSite {
  const plan = addPlan(a.fleet, {
    subscriptionId: a.subscriptionId,
    resourceGroup: a.resourceGroup,
    name: a.planName,
    location: a.location,
    os: spec.os,
    sku: spec.sku,
    capacity: spec.capacity,
  });
  const config = siteConfig(plan, spec.config ?? {});
  const appSettings = spec.appSettings ?? {};
  const history = siteHistory(config, appSettings);
  spec.onPlan?.(plan, history);
  const p = profile({ os: spec.os, ...spec.profile });
  const adjust = spec.adjust;
  const site = addSite(a.fleet, {
    plan,
    resourceGroup: a.resourceGroup,
    name: a.appName,
    ...(spec.kind ? { kind: spec.kind } : {}),
    config,
    appSettings,
    tags: spec.tags ?? { env: "prod" },
    ...(spec.state ? { state: spec.state } : {}),
    timeline: (spec.timeline ?? []).map((e) => ({ ...e, at: at(a, e.at) }) as SimEvent),
    logsEnabled: spec.logs ?? false,
    behaviour: makeBehaviour({
      profile: p,
      history,
      seed: a.fleet.seed,
      ...(adjust ? { adjust: (ctx, d) => adjust(ctx, d, (ctx.t - a.t0) / MINUTE, p) } : {}),
      ...(spec.failureRows ? { failureRows: spec.failureRows } : {}),
      ...(spec.platform ? { platform: spec.platform } : {}),
      ...(spec.console ? { console: spec.console } : {}),
    }),
  });
  const serves = spec.serves;
  if (serves) {
    const sample = site.behaviour.sample;
    site.behaviour = {
      ...site.behaviour,
      sample: (ctx) => (serves(ctx.instance, (ctx.t - a.t0) / MINUTE) ? sample(ctx) : {}),
    };
  }
  return site;
}

/** Errors on a share of this minute's requests, with a status and latency. */
export function fail(d: Drivers, share: number, status: number, rt?: number): void {
  d.http5xx = Math.round(d.requests * Math.max(0, share + 0.01 * d.nz("err")));
  d.failStatus = status;
  if (rt !== undefined) d.failRt = rt;
}

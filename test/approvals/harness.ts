// A world for the approval use cases: the HTTPS Azure simulator with chosen scenarios, the real ArmFleet and
// ArmWriter over it, a real store (SQLite in a temp dir unless given), all on the simulator's manual clock.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ActionDeps, ActorContext, Authorizer, Decision } from "../../src/approvals/deps.ts";
import { type ArmFleet, createArmFleet } from "../../src/azure/arm-fleet.ts";
import { staticTokenCredential } from "../../src/azure/credentials.ts";
import { ArmWriter } from "../../src/azure/writes.ts";
import { diagnose } from "../../src/core/diagnose.ts";
import type { Diagnosis } from "../../src/core/diagnosis.ts";
import type { AppRef, Snapshot } from "../../src/core/snapshot.ts";
import { MINUTE, manualClock, type SimClock, type SimFleet } from "../../src/sim/azure/fleet.ts";
import { addScenario, emptyFleet, type ScenarioOptions } from "../../src/sim/azure/scenarios/index.ts";
import { type AzureSim, startAzureSim } from "../../src/sim/azure/server.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { Approval, Store } from "../../src/store/store.ts";

export const START = Date.UTC(2026, 2, 10, 10, 0);
export const DEV: ActorContext = { user: "U_DEV", channel: "C_OPS" };
export const LEAD: ActorContext = { user: "U_LEAD", channel: "C_OPS" };
export const LEAD2: ActorContext = { user: "U_LEAD2", channel: "C_OPS" };
export const OUTSIDER: ActorContext = { user: "U_GUEST", channel: "C_OPS" };
export const TTL_MS = 15 * MINUTE;

/** A small real policy for tests: anyone in C_OPS may ask; only the named approvers may approve. */
export function teamPolicy(approvers: string[], opts: { selfApproval?: boolean } = {}): Authorizer {
  const allowed = new Set(approvers);
  return {
    request(ctx): Decision {
      return ctx.channel === "C_OPS"
        ? { allowed: true, policy: { channel: "C_OPS", approvers } }
        : { allowed: false, reason: `Changes are not enabled in <#${ctx.channel}>.` };
    },
    approve(ctx, a: Approval): Decision {
      if (!allowed.has(ctx.user))
        return { allowed: false, reason: `<@${ctx.user}> is not an approver for ${a.target.app}.` };
      if (!opts.selfApproval && ctx.user === a.requestedBy)
        return { allowed: false, reason: "policy: requester cannot approve" };
      return { allowed: true, policy: { approvers } };
    },
    cancel(ctx, a: Approval): Decision {
      if (ctx.user === a.requestedBy || allowed.has(ctx.user)) return { allowed: true };
      return { allowed: false, reason: "Only the requester or an approver can cancel this request." };
    },
  };
}

export interface LogLine {
  level: "info" | "warn";
  obj: object;
  msg?: string;
}

export interface World {
  clock: SimClock;
  fleet: SimFleet;
  sim: AzureSim;
  arm: ArmFleet;
  writer: ArmWriter;
  store: Store;
  dataDir: string;
  logs: LogLine[];
  deps(over?: Partial<ActionDeps>): ActionDeps;
  app(name: string): Promise<AppRef>;
  /** A fresh snapshot of the last `minutes` (default 180) and its diagnosis. */
  look(name: string, minutes?: number): Promise<{ snapshot: Snapshot; diagnosis: Diagnosis }>;
  /** Requests the simulator saw on a route. */
  count(route: string): number;
  /** Closes and reopens the SQLite store (a bot restart). */
  reopenStore(): Promise<Store>;
  close(): Promise<void>;
}

export type ScenarioSpec = [name: string, opts?: ScenarioOptions & { t0?: number; minutesIn?: number }];

/** `minutesIn`: how far into the scenario "now" is (T0 = now − minutesIn). */
export async function openWorld(scenarios: ScenarioSpec[], opts: { store?: Store } = {}): Promise<World> {
  const clock = manualClock(START);
  const fleet = emptyFleet(clock);
  for (const [name, o = {}] of scenarios) {
    const t0 = o.t0 ?? (o.minutesIn !== undefined ? START - o.minutesIn * MINUTE : undefined);
    addScenario(fleet, name, { ...o, ...(t0 !== undefined ? { t0 } : {}) });
  }
  const sim = await startAzureSim({ fleet });
  const arm = createArmFleet({
    subscriptionIds: fleet.subscriptions,
    credential: staticTokenCredential("actions-test"),
    armEndpoint: sim.url,
    metricsBatchEndpointTemplate: sim.metricsBatchEndpointTemplate,
    ca: sim.ca,
    now: () => clock.now(),
  });
  const writer = new ArmWriter({
    credential: staticTokenCredential("actions-test"),
    armEndpoint: sim.url,
    ca: sim.ca,
    timeoutMs: 10_000,
    pollIntervalMs: 50,
  });
  const dataDir = mkdtempSync(join(tmpdir(), "appsvc-actions-"));
  const open = () => openStore({ kind: "sqlite", dataDir }, { now: () => clock.now() });
  let store = opts.store ?? (await open());
  const logs: LogLine[] = [];
  const log = {
    info: (obj: object, msg?: string) => logs.push({ level: "info", obj, msg }),
    warn: (obj: object, msg?: string) => logs.push({ level: "warn", obj, msg }),
  };
  const world: World = {
    clock,
    fleet,
    sim,
    arm,
    writer,
    get store() {
      return store;
    },
    dataDir,
    logs,
    deps: (over = {}) => ({
      store,
      fleet: arm,
      writer,
      authorize: teamPolicy(["U_LEAD", "U_LEAD2"]),
      ttlMs: () => TTL_MS,
      now: () => clock.now(),
      log,
      owner: "replica-1",
      ...over,
    }),
    async app(name) {
      const r = await arm.resolveApp(name);
      if (r.kind !== "found") throw new Error(`${name}: ${r.kind}`);
      return r.app;
    },
    async look(name, minutes = 180) {
      const app = await world.app(name);
      const now = clock.now();
      const snapshot = await arm.snapshot(app, { start: now - minutes * MINUTE, end: now });
      return { snapshot, diagnosis: diagnose(snapshot, { explicit: true, now }) };
    },
    count: (route) => sim.requests.filter((r) => r.route === route).length,
    async reopenStore() {
      await store.close();
      store = await open();
      return store;
    },
    async close() {
      await store.close().catch(() => undefined);
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

/** A `sleep` for verify that moves the simulator's clock instead of waiting. */
export const simSleep = (clock: SimClock) => async (ms: number) => {
  clock.advance(ms);
};

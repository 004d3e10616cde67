// The digest feature's world for tests: the Slack emulator (real WebClient), the Azure simulator with a
// mixed simulated day (S1, S2, S5, healthy) read through the ArmFleet, and a real SQLite store — wired as
// bot.ts wires SlackOut and UserTimeZones, without the Bolt app. Replicas share the store and the emulator.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderFleetChart } from "../../../../src/charts/index.ts";
import type { Fleet } from "../../../../src/core/fleet.ts";
import { createLogger, type Logger } from "../../../../src/log.ts";
import type { Policy } from "../../../../src/policy/index.ts";
import { manualClock, type SimFleet } from "../../../../src/sim/azure/fleet.ts";
import { addScenario, emptyFleet } from "../../../../src/sim/azure/scenarios/index.ts";
import { type SlackEmulator, startSlackEmulator } from "../../../../src/sim/slack/server.ts";
import { SlackOut } from "../../../../src/slack/post.ts";
import { createDigestFeature, type DigestFeatureDeps } from "../../../../src/slack/presenters/digests/feature.ts";
import { UserTimeZones } from "../../../../src/slack/timezone.ts";
import { ChannelPacer, createSlackClient } from "../../../../src/slack/web-client.ts";
import { openStore } from "../../../../src/store/open-store.ts";
import type { Store } from "../../../../src/store/store.ts";
import { armFleetFor, type Sim, startSim } from "../../../azure/harness.ts";
import { FakeCron } from "../../../schedule/fake-cron.ts";

/** Tue 2 Jun 2026 09:00 CEST: the simulated day ends here. */
export const NOW = Date.UTC(2026, 5, 2, 7, 0);
export const ALICE = "U0ALICE"; // Europe/Berlin
export const BOB = "U0BOB"; // America/New_York

export interface World {
  emu: SlackEmulator;
  /** The ArmFleet over the simulator, as the replicas read it. */
  fleet: Fleet;
  sim: Sim;
  simFleet: SimFleet;
  store: Store;
  /** The feature clock (store and scheduler); the simulator's day stays at NOW. */
  clock: { t: number; now: () => number };
  logs: string[];
  log: Logger;
  replica(id: string, over?: Partial<DigestFeatureDeps>): Replica;
  channel(): string;
  close(): Promise<void>;
}

export interface Replica {
  feature: ReturnType<typeof createDigestFeature>;
  cron: FakeCron;
  /** The poll callback the scheduler registered (fires what the timer would). */
  tick(): void;
}

let seq = 0;

export async function startWorld(): Promise<World> {
  const simFleet = emptyFleet(manualClock(NOW));
  for (const s of ["S1", "S2", "S5", "healthy"]) addScenario(simFleet, s);
  const sim = await startSim(simFleet);
  const emu = await startSlackEmulator();
  emu.users.add({ id: ALICE, name: "alice", tz: "Europe/Berlin" });
  emu.users.add({ id: BOB, name: "bob", tz: "America/New_York" });
  const dir = mkdtempSync(join(tmpdir(), "appsvc-digest-feature-"));
  const clock = {
    t: NOW - 3_600_000,
    now: () => clock.t,
  };
  const store = await openStore({ kind: "sqlite", dataDir: dir }, { now: () => clock.t });
  const logs: string[] = [];
  const log = createLogger({ level: "debug", destination: { write: (s: string) => void logs.push(s) } });
  const fleet = armFleetFor(sim, simFleet);
  const client = createSlackClient({ botToken: emu.botToken, apiUrl: emu.apiUrl, retryConfig: { retries: 0 }, log });
  const replica = (id: string, over: Partial<DigestFeatureDeps> = {}): Replica => {
    const cron = new FakeCron();
    let tick: () => void = () => undefined;
    const feature = createDigestFeature({
      store,
      fleet,
      // Each replica has its own client and pacer, as separate processes would.
      out: new SlackOut(createSlackClient({ botToken: emu.botToken, apiUrl: emu.apiUrl, log }), {
        pacer: new ChannelPacer(0),
        log,
      }),
      zones: new UserTimeZones((user) => client.users.info({ user }).then((r) => r.user?.tz)),
      log,
      now: clock.now,
      replicaId: id,
      cron: cron.factory,
      every: (_ms, fn) => {
        tick = fn;
        return () => undefined;
      },
      // In-process rendering: no worker thread to stop between test files.
      renderChart: renderFleetChart,
      ...over,
    });
    return { feature, cron, tick: () => tick() };
  };
  return {
    fleet,
    emu,
    sim,
    simFleet,
    store,
    clock,
    logs,
    log,
    replica,
    channel() {
      const id = `C0DG${(++seq).toString().padStart(4, "0")}`;
      emu.channels.add({ id, name: `digest-${seq}`, is_member: true });
      return id;
    },
    async close() {
      await store.close();
      await emu.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type { Policy };

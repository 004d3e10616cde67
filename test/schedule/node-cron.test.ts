// The scheduler with the real node-cron 4 under fake timers (it only uses Date and setTimeout): the task
// fires at 09:00 in the subscription's zone, two schedulers sharing one store post once, and a subscription
// made elsewhere is scheduled within a minute by the default poll.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type DigestRun, DigestScheduler } from "../../src/schedule/scheduler.ts";
import { openStore } from "../../src/store/open-store.ts";
import type { Store } from "../../src/store/store.ts";
import { subscriptionMother } from "../store/harness.ts";

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe("DigestScheduler with node-cron", () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "appsvc-cron-"));
    // The store's clock is Date.now, faked below with everything else.
    store = await openStore({ kind: "sqlite", dataDir: dir });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("fires at 09:00 Europe/Berlin and posts once with two schedulers on one store", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    vi.setSystemTime(new Date("2026-06-01T06:58:00Z")); // 08:58 CEST
    const sub = await store.createSubscription(subscriptionMother({ time: "09:00", timeZone: "Europe/Berlin" }));
    const runs: Array<DigestRun & { by: string }> = [];
    const make = (id: string) =>
      new DigestScheduler({
        store,
        replicaId: id,
        logger: quiet,
        run: async (r) => {
          runs.push({ ...r, by: id });
          return null;
        },
      });
    const a = make("a");
    const b = make("b");
    await a.start();
    await b.start();
    expect(a.scheduled()[0].nextRun?.toISOString()).toBe("2026-06-01T07:00:00.000Z");
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    await a.idle();
    await b.idle();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ slot: Date.parse("2026-06-01T07:00:00Z"), localDate: "2026-06-01", late: false });
    expect(runs[0].subscription.id).toBe(sub.id);
    expect((await store.listRuns({ limit: 5 })).map((c) => c.owner)).toEqual([runs[0].by]);
    await a.stop();
    await b.stop();
  });

  it("schedules a subscription created on another replica within a minute", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
    vi.setSystemTime(new Date("2026-06-01T05:00:00Z"));
    const s = new DigestScheduler({ store, replicaId: "a", logger: quiet, run: async () => null });
    await s.start();
    expect(s.scheduled()).toEqual([]);
    const sub = await store.createSubscription(subscriptionMother({ time: "10:30", timeZone: "America/New_York" }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.scheduled().map((x) => [x.id, x.nextRun?.toISOString()])).toEqual([[sub.id, "2026-06-01T14:30:00.000Z"]]);
    await s.stop();
  });
});

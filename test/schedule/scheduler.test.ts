// The digest scheduler on real stores: exactly once per subscription and local date with two replicas on
// one PostgreSQL and across a restart (SQLite reopened), catch-up within the grace window only, pickup of
// subscriptions made or removed on another replica by polling. Slots are fired through an injected cron.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type DigestRun, DigestScheduler } from "../../src/schedule/scheduler.ts";
import { openStore } from "../../src/store/open-store.ts";
import { PostgresStore } from "../../src/store/postgres-store.ts";
import { DEFAULT_RUN_LEASE_MS, type Store } from "../../src/store/store.ts";
import { subscriptionMother, TestClock } from "../store/harness.ts";
import { type PgServer, startPostgres } from "../store/pg-server.ts";
import { FakeCron } from "./fake-cron.ts";

const MIN = 60_000;
/** Mon 1 Jun 2026 09:00 Europe/Berlin (CEST). */
const SLOT = Date.UTC(2026, 5, 1, 7, 0);
const DAY = 86_400_000;

interface Replica {
  scheduler: DigestScheduler;
  cron: FakeCron;
  runs: DigestRun[];
  poll: () => void;
}

function replica(
  store: Store,
  id: string,
  clock: TestClock,
  opts: { graceMs?: number; run?: (r: DigestRun) => Promise<string | null> } = {},
): Replica {
  const cron = new FakeCron();
  const runs: DigestRun[] = [];
  let tick: () => void = () => undefined;
  const scheduler = new DigestScheduler({
    store,
    replicaId: id,
    cron: cron.factory,
    now: clock.now,
    every: (_ms, fn) => {
      tick = fn;
      return () => undefined;
    },
    run: async (r) => {
      if (opts.run) return opts.run(r);
      // A digest takes a while: a second replica must not slip in meanwhile.
      await new Promise((res) => setTimeout(res, 20));
      runs.push(r);
      return `ts-${id}-${r.localDate}`;
    },
    ...(opts.graceMs !== undefined ? { graceMs: opts.graceMs } : {}),
  });
  return { scheduler, cron, runs, poll: () => tick() };
}

describe("DigestScheduler on one PostgreSQL with two replicas", () => {
  let server: PgServer;
  const schema = `t_sched_${process.pid}`;
  const stores: Store[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await server?.stop();
  });

  it("posts each subscription once per local date, whichever replica fires first", async () => {
    const clock = new TestClock(SLOT - DAY);
    const open = async () => {
      const s = new PostgresStore({ url: server.url, schema, now: clock.now, poolSize: 4 });
      await s.migrate();
      stores.push(s);
      return s;
    };
    const [sa, sb] = [await open(), await open()];
    const sub = await sa.createSubscription(
      subscriptionMother({ time: "09:00", timeZone: "Europe/Berlin", days: "daily" }),
    );
    const a = replica(sa, "replica-a", clock);
    const b = replica(sb, "replica-b", clock);
    await a.scheduler.start();
    await b.scheduler.start();
    expect(a.cron.task(sub.id)?.options).toMatchObject({
      timezone: "Europe/Berlin",
      noOverlap: true,
      distributed: true,
    });
    expect(a.cron.task(sub.id)?.expression).toBe("0 9 * * *");

    for (const day of [0, 1, 2]) {
      clock.t = SLOT + day * DAY;
      const elected = await Promise.all([a.cron.fire(sub.id, clock.t), b.cron.fire(sub.id, clock.t)]);
      expect(elected.filter(Boolean)).toHaveLength(1);
      // A late tick and both polls (catch-up) of the same day change nothing.
      await Promise.all([a.cron.fire(sub.id, clock.t), a.scheduler.poll(), b.scheduler.poll()]);
    }
    await Promise.all([a.scheduler.idle(), b.scheduler.idle()]);
    const runs = [...a.runs, ...b.runs].map((r) => r.localDate).sort();
    expect(runs).toEqual(["2026-06-01", "2026-06-02", "2026-06-03"]);
    const claims = await sa.listRuns({ subscriptionId: sub.id, limit: 10 });
    expect(claims.map((c) => c.localDate).sort()).toEqual(runs);
    expect(new Set(claims.map((c) => c.owner)).size).toBeGreaterThanOrEqual(1);
    await a.scheduler.stop();
    await b.scheduler.stop();
  });
});

describe("DigestScheduler leases on one PostgreSQL with three replicas (issue 13)", () => {
  let server: PgServer;
  const schema = `t_lease_${process.pid}`;
  const stores: Store[] = [];
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
    await server?.stop();
  });
  const open = async (clock: TestClock) => {
    const s = new PostgresStore({ url: server.url, schema, now: clock.now, poolSize: 4 });
    await s.migrate();
    stores.push(s);
    return s;
  };

  it("a run whose owner died after claiming it is taken over by exactly one replica and posted late", async () => {
    const clock = new TestClock(SLOT - DAY);
    const [sa, sb, sc] = [await open(clock), await open(clock), await open(clock)];
    const sub = await sa.createSubscription(
      subscriptionMother({ time: "09:00", timeZone: "Europe/Berlin", days: "daily" }),
    );
    // A claims the run and dies while building the digest: its run never ends and its store is gone.
    let claimed!: () => void;
    const dying = new Promise<void>((r) => {
      claimed = r;
    });
    const a = replica(sa, "replica-a", clock, {
      run: () => {
        claimed();
        return new Promise(() => undefined);
      },
    });
    const b = replica(sb, "replica-b", clock);
    const c = replica(sc, "replica-c", clock);
    for (const r of [a, b, c]) await r.scheduler.start();
    clock.t = SLOT;
    void a.cron.fire(sub.id, SLOT); // never returns: the run hangs
    await dying;
    await sa.close();
    // Before the lease lapses nobody takes over.
    clock.t = SLOT + 30_000;
    await Promise.all([b.scheduler.poll(), c.scheduler.poll()]);
    expect([...b.runs, ...c.runs]).toEqual([]);
    clock.t = SLOT + DEFAULT_RUN_LEASE_MS + 1;
    await Promise.all([b.scheduler.poll(), c.scheduler.poll(), b.scheduler.poll(), c.scheduler.poll()]);
    await Promise.all([b.scheduler.idle(), c.scheduler.idle()]);
    const taken = [...b.runs, ...c.runs];
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ localDate: "2026-06-01", late: true, takeover: true });
    const run = await sb.getRun(sub.id, "2026-06-01");
    expect(run).toMatchObject({ takeovers: 1, postedTs: expect.stringMatching(/^ts-replica-[bc]-2026-06-01$/) });
    // Done: later polls and ticks change nothing.
    clock.t = SLOT + 10 * MIN;
    await Promise.all([b.scheduler.poll(), c.scheduler.poll(), b.cron.fire(sub.id, SLOT)]);
    await Promise.all([b.scheduler.idle(), c.scheduler.idle()]);
    expect([...b.runs, ...c.runs]).toHaveLength(1);
    await Promise.all([b.scheduler.stop(), c.scheduler.stop()]);
  });

  it("stop(deadline) returns by its deadline and releases the lease of a run that cannot finish", async () => {
    const clock = new TestClock(SLOT - DAY);
    const [sa, sb] = [await open(clock), await open(clock)];
    const sub = await sa.createSubscription(
      subscriptionMother({ time: "09:00", timeZone: "Europe/Berlin", days: "daily" }),
    );
    let aborted = false;
    const a = replica(sa, "replica-a", clock, {
      // Slow batch reads: the digest would take minutes, but it stops when told to.
      run: (r) =>
        new Promise((_, reject) =>
          r.signal.addEventListener("abort", () => {
            aborted = true;
            reject(r.signal.reason);
          }),
        ),
    });
    const b = replica(sb, "replica-b", clock);
    await a.scheduler.start();
    await b.scheduler.start();
    clock.t = SLOT;
    const fired = a.cron.fire(sub.id, SLOT);
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await a.scheduler.stop(300);
    expect(await fired).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(aborted).toBe(true);
    expect(await sb.getRun(sub.id, "2026-06-01")).toMatchObject({ owner: "replica-a", leaseUntil: SLOT, doneAt: null });
    // Released: the other replica takes it over at its next poll, without waiting for the lease to lapse.
    await b.scheduler.poll();
    await b.scheduler.idle();
    expect(b.runs.map((r) => [r.localDate, r.takeover])).toEqual([["2026-06-01", true]]);
    await b.scheduler.stop();
  });
  it("a stop that lands between the claim and the run's start releases the lease at once (no lapse)", async () => {
    const clock = new TestClock(SLOT - DAY);
    const [sa, sb] = [await open(clock), await open(clock)];
    const sub = await sa.createSubscription(
      subscriptionMother({ time: "09:00", timeZone: "Europe/Berlin", days: "daily" }),
    );
    const a = replica(sa, "replica-a", clock);
    const b = replica(sb, "replica-b", clock);
    await a.scheduler.start();
    await b.scheduler.start();
    clock.t = SLOT;
    // node-cron elects (the claim) and only later calls the task: SIGTERM can arrive in between.
    const task = a.cron.task(sub.id);
    if (!task) throw new Error("no task");
    const elected = await task.options.runCoordinator.shouldRun(`digest:${sub.id}:${new Date(SLOT).toISOString()}`, 1);
    expect(elected).toBe(true);
    await a.scheduler.stop(300);
    // The claimed run never started here; its lease is handed back, not left to lapse for leaseMs.
    expect(await sb.getRun(sub.id, "2026-06-01")).toMatchObject({ owner: "replica-a", leaseUntil: SLOT, doneAt: null });
    await b.scheduler.poll();
    await b.scheduler.idle();
    expect(b.runs.map((r) => [r.localDate, r.takeover])).toEqual([["2026-06-01", true]]);
    expect(a.runs).toEqual([]);
    await b.scheduler.stop();
  });
});

describe("DigestScheduler on SQLite", () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  const site = () => {
    const d = mkdtempSync(join(tmpdir(), "appsvc-sched-"));
    dirs.push(d);
    return d;
  };
  const open = async (dataDir: string, clock: TestClock) => {
    const s = await openStore({ kind: "sqlite", dataDir }, { now: clock.now });
    stores.push(s);
    return s;
  };
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close().catch(() => undefined)));
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("does not post again after a restart (the claim survives the reopen)", async () => {
    const dir = site();
    const clock = new TestClock(SLOT - DAY);
    const first = await open(dir, clock);
    const sub = await first.createSubscription(subscriptionMother({ days: "weekdays" }));
    const a = replica(first, "pod-1", clock);
    await a.scheduler.start();
    clock.t = SLOT;
    expect(await a.cron.fire(sub.id, SLOT)).toBe(true);
    await a.scheduler.stop();
    await first.close();

    clock.t = SLOT + 10 * MIN;
    const again = await open(dir, clock);
    const b = replica(again, "pod-1-restarted", clock);
    await b.scheduler.start(); // catch-up sees today's claim
    expect(await b.cron.fire(sub.id, SLOT)).toBe(false);
    await b.scheduler.idle();
    expect(a.runs.map((r) => r.localDate)).toEqual(["2026-06-01"]);
    expect(b.runs).toEqual([]);
    await b.scheduler.stop();
  });

  it("catches up a missed slot within the grace window, late, under the same claim", async () => {
    const clock = new TestClock(SLOT - DAY);
    const store = await open(site(), clock);
    const sub = await store.createSubscription(subscriptionMother({ days: "weekdays" }));
    clock.t = SLOT + 45 * MIN; // the replica was down at 09:00 (a deploy)
    const a = replica(store, "pod-a", clock);
    await a.scheduler.start();
    await a.scheduler.idle();
    expect(a.runs).toHaveLength(1);
    expect(a.runs[0]).toMatchObject({ slot: SLOT, localDate: "2026-06-01", late: true });
    expect(a.runs[0].subscription.id).toBe(sub.id);
    // The cron tick of that slot (or another replica's catch-up) finds the claim.
    expect(await a.cron.fire(sub.id, SLOT)).toBe(false);
    const b = replica(store, "pod-b", clock);
    await b.scheduler.start();
    await b.scheduler.idle();
    expect(b.runs).toEqual([]);
    await a.scheduler.stop();
    await b.scheduler.stop();
  });

  it("does not catch up beyond the grace window, nor a slot before the subscription existed", async () => {
    const clock = new TestClock(SLOT - DAY);
    const store = await open(site(), clock);
    const sub = await store.createSubscription(subscriptionMother({ days: "weekdays" }));
    clock.t = SLOT + 2 * 3_600_000 + MIN; // 2 h 1 min late
    const a = replica(store, "pod-a", clock);
    await a.scheduler.start();
    await a.scheduler.idle();
    expect(a.runs).toEqual([]);
    expect(await store.listRuns({ subscriptionId: sub.id, limit: 5 })).toEqual([]);
    // Created at 09:30 for 09:00: today's slot predates it.
    clock.t = SLOT + DAY + 30 * MIN;
    const late = await store.createSubscription(subscriptionMother({ channel: "C_NEW", days: "weekdays" }));
    await a.scheduler.poll();
    await a.scheduler.idle();
    expect(a.runs.filter((r) => r.subscription.id === late.id)).toEqual([]);
    // … but the still-open slot of the older subscription (within grace) is caught up on the poll.
    expect(a.runs.map((r) => [r.subscription.id, r.localDate])).toEqual([[sub.id, "2026-06-02"]]);
    await a.scheduler.stop();
  });

  it("picks up subscriptions created or removed on another replica at the next poll", async () => {
    const clock = new TestClock(SLOT - DAY);
    const store = await open(site(), clock);
    const a = replica(store, "pod-a", clock);
    await a.scheduler.start();
    expect(a.cron.live()).toEqual([]);
    // "Another replica" writes through the same database.
    const sub = await store.createSubscription(subscriptionMother({ time: "08:30", timeZone: "Asia/Kolkata" }));
    a.poll();
    await a.scheduler.poll();
    expect(a.scheduler.scheduled().map((s) => [s.id, s.expression, s.timeZone])).toEqual([
      [sub.id, "30 8 * * 1-5", "Asia/Kolkata"],
    ]);
    expect(await store.deleteSubscription(sub.id, "C_OPS")).toBe(true);
    await a.scheduler.poll();
    expect(a.cron.live()).toEqual([]);
    expect(a.cron.tasks[0].destroyed).toBe(true);
    // A claim for a removed subscription fails even if a stale task fires.
    expect(
      await a.cron.tasks[0].options.runCoordinator.shouldRun(`digest:${sub.id}:${new Date(SLOT).toISOString()}`, 1),
    ).toBe(false);
    await a.scheduler.stop();
  });
});

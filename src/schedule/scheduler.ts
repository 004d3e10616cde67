// The digest scheduler: one node-cron task per subscription in its IANA zone, `noOverlap`, and a run
// coordinator that is the store's claim on (subscription, local date), so each digest runs exactly once
// across replicas and restarts. A claim is a lease, renewed while the digest is built and posted; a run
// whose owner died (or let go at shutdown) is taken over by the catch-up of any replica, late. node-cron
// never replays missed runs, so a catch-up (at start and on every poll) posts a digest whose slot passed
// within the grace window and is still owed, under the same claim. Subscriptions made or removed on
// another replica are picked up by polling subscriptionsVersion().
import { keepRenewing } from "../core/keep-renewing.ts";
import { DEFAULT_RUN_LEASE_MS, type DigestSubscription, type Store } from "../store/store.ts";
import { type CronFactory, type CronTask, nodeCronFactory, slotOfKey } from "./cron.ts";
import { localDate } from "./local-time.ts";
import { cronExpression, type Days, previousOccurrence, type ScheduleSpec } from "./occurrences.ts";

export const DEFAULT_GRACE_MS = 2 * 3_600_000;
export const DEFAULT_POLL_MS = 60_000;
/** A run this long after its slot is reported as late. */
const LATE_AFTER_MS = 60_000;

export interface DigestRun {
  subscription: DigestSubscription;
  /** The scheduled instant. */
  slot: number;
  /** The subscription's local date of the slot: the claim key. */
  localDate: string;
  /** Posted by the catch-up (or a late tick), not on time. */
  late: boolean;
  /** Another owner held this run and did not finish it (it died or stopped). */
  takeover: boolean;
  /** Aborted when this replica stops before the run is done (its lease is then released). */
  signal: AbortSignal;
}

export interface SchedulerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface DigestSchedulerOptions {
  store: Pick<
    Store,
    "listSubscriptions" | "subscriptionsVersion" | "claimRun" | "renewRun" | "finishRun" | "releaseRun" | "getRun"
  >;
  /** Who claims: recorded on the claim row. */
  replicaId: string;
  /**
   * Builds and posts one digest; called only while this replica holds the run's lease. Resolves with the
   * posted message's ts (null: nothing to post), recorded on the run so a takeover never posts twice.
   */
  run(run: DigestRun): Promise<string | null>;
  /** Lease of a claimed run, renewed every third of it (default 60 s). */
  leaseMs?: number;
  cron?: CronFactory;
  now?: () => number;
  graceMs?: number;
  pollMs?: number;
  /** Repeats `fn` every `ms`; returns a cancel function. Default: an unref'd setInterval. */
  every?: (ms: number, fn: () => void) => () => void;
  logger?: SchedulerLogger;
}

interface Scheduled {
  sub: DigestSubscription;
  signature: string;
  task: CronTask;
}

const defaultEvery = (ms: number, fn: () => void) => {
  const t = setInterval(fn, ms);
  t.unref();
  return () => clearInterval(t);
};

export function specOf(sub: Pick<DigestSubscription, "time" | "timeZone" | "days">): ScheduleSpec {
  return { time: sub.time, timeZone: sub.timeZone, days: sub.days as Days };
}

export class DigestScheduler {
  readonly #o: Required<Omit<DigestSchedulerOptions, "logger">> & { logger?: SchedulerLogger };
  readonly #tasks = new Map<string, Scheduled>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #aborts = new Set<AbortController>();
  /** Runs claimed here whose work has not started yet ("subscription|date"): released if we stop first. */
  readonly #claimed = new Set<string>();
  #version: number | undefined;
  #cancelPoll: (() => void) | undefined;
  #polling: Promise<void> | undefined;
  #stopped = false;

  constructor(opts: DigestSchedulerOptions) {
    this.#o = {
      cron: nodeCronFactory,
      now: Date.now,
      graceMs: DEFAULT_GRACE_MS,
      pollMs: DEFAULT_POLL_MS,
      every: defaultEvery,
      leaseMs: DEFAULT_RUN_LEASE_MS,
      ...opts,
    };
  }

  /** Loads the subscriptions, schedules them, catches up missed slots, then polls for changes. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.#reload(await this.#o.store.subscriptionsVersion());
    await this.catchUp();
    this.#cancelPoll = this.#o.every(this.#o.pollMs, () => {
      this.poll().catch((err) => this.#o.logger?.error({ err: String(err) }, "digest poll failed"));
    });
  }

  /**
   * Stops scheduling and waits for runs in progress, at most `deadlineMs`: a run still going then is
   * aborted and its lease released, so another replica (or the next start) takes it over.
   */
  async stop(deadlineMs = Number.POSITIVE_INFINITY): Promise<void> {
    this.#stopped = true;
    this.#cancelPoll?.();
    this.#cancelPoll = undefined;
    // Armed first, so nothing below (a poll in progress, a cron task) can hold the runs past the deadline.
    const timer = Number.isFinite(deadlineMs)
      ? setTimeout(() => {
          for (const ac of this.#aborts) ac.abort(new Error("the bot is shutting down"));
        }, deadlineMs)
      : undefined;
    try {
      await this.#polling;
      for (const s of this.#tasks.values()) await s.task.destroy();
      this.#tasks.clear();
      // node-cron elects (claims) before it calls the task: a run claimed but not started is handed back
      // now instead of being left to lapse.
      for (const key of [...this.#claimed]) {
        this.#claimed.delete(key);
        const [sub, date] = key.split("|");
        await this.#o.store.releaseRun(sub, date, this.#o.replicaId).catch(() => false);
        this.#o.logger?.warn(
          { subscription: sub, localDate: date },
          "digest run claimed but not started; lease released",
        );
      }
      await this.idle();
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves when no digest run of this scheduler is in progress. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /** One poll: reload when another replica changed the subscriptions, then catch up. Never overlaps itself. */
  poll(): Promise<void> {
    this.#polling ??= (async () => {
      try {
        const v = await this.#o.store.subscriptionsVersion();
        if (v !== this.#version && !this.#stopped) await this.#reload(v);
        if (!this.#stopped) await this.catchUp();
      } finally {
        this.#polling = undefined;
      }
    })();
    return this.#polling;
  }

  /** What is scheduled now: id, cron expression, zone and next run. */
  scheduled(): Array<{ id: string; expression: string; timeZone: string; nextRun: Date | null }> {
    return [...this.#tasks.values()].map((s) => ({
      id: s.sub.id,
      expression: cronExpression(specOf(s.sub)),
      timeZone: s.sub.timeZone,
      nextRun: s.task.getNextRun(),
    }));
  }

  /**
   * For each subscription, the latest slot at or before now: when it passed within the grace window, was
   * not before the subscription existed, and nobody claimed its date, claim it and post late.
   */
  async catchUp(): Promise<DigestRun[]> {
    const now = this.#o.now();
    const started: DigestRun[] = [];
    for (const { sub } of [...this.#tasks.values()]) {
      const slot = previousOccurrence(specOf(sub), now);
      if (slot === undefined || now - slot > this.#o.graceMs || slot <= sub.createdAt) continue;
      const date = localDate(slot, sub.timeZone);
      if (!(await this.#claim(sub.id, date))) continue;
      const run = await this.#runFor(sub, slot, date);
      started.push(run);
      this.#launch(run);
    }
    return started;
  }

  async #claim(subscriptionId: string, date: string): Promise<boolean> {
    try {
      const won = await this.#o.store.claimRun(subscriptionId, date, this.#o.replicaId, this.#o.leaseMs);
      if (won) this.#claimed.add(`${subscriptionId}|${date}`);
      return won;
    } catch (err) {
      // Fail closed: the next poll's catch-up tries again within the grace window.
      this.#o.logger?.warn({ subscription: subscriptionId, err: String(err) }, "digest claim failed");
      return false;
    }
  }

  /** The run this replica just claimed: a takeover when someone held it before. */
  async #runFor(sub: DigestSubscription, slot: number, date: string): Promise<DigestRun> {
    const claim = await this.#o.store.getRun(sub.id, date).catch(() => undefined);
    const ac = new AbortController();
    this.#aborts.add(ac);
    return {
      subscription: sub,
      slot,
      localDate: date,
      late: this.#o.now() - slot > LATE_AFTER_MS,
      takeover: (claim?.takeovers ?? 0) > 0,
      signal: ac.signal,
    };
  }

  #launch(run: DigestRun): Promise<void> {
    const { store, replicaId, leaseMs, logger } = this.#o;
    const sub = run.subscription.id;
    this.#claimed.delete(`${sub}|${run.localDate}`);
    const p = (async () => {
      if (this.#stopped) {
        // Claimed while stopping: hand it straight back for another replica or the next start.
        await store.releaseRun(sub, run.localDate, replicaId).catch(() => false);
        this.#abortRun(run);
        return;
      }
      // Renewed while the digest is built and posted; a lost lease stops this run (someone else has it).
      const renewal = keepRenewing(
        () => store.renewRun(sub, run.localDate, replicaId, leaseMs),
        Math.max(250, Math.floor(leaseMs / 3)),
        {
          lost: () => {
            logger?.warn({ subscription: sub, localDate: run.localDate }, "digest lease lost; stopping this run");
            this.#abortRun(run, new Error("the digest lease was lost"));
          },
          error: (err) => logger?.warn({ subscription: sub, err: String(err) }, "digest lease renewal failed"),
        },
      );
      try {
        logger?.info(
          { subscription: sub, localDate: run.localDate, late: run.late, takeover: run.takeover },
          "posting digest",
        );
        const ts = await this.#o.run(run);
        renewal.stop();
        await store.finishRun(sub, run.localDate, replicaId, ts);
      } catch (err) {
        renewal.stop();
        if (run.signal.aborted) {
          // Shutting down (or the lease was lost): let another replica or the next start take it over.
          await store.releaseRun(sub, run.localDate, replicaId).catch(() => false);
          logger?.warn({ subscription: sub, localDate: run.localDate }, "digest run stopped; lease released");
        } else {
          // As before leases: a failed digest is reported in the log, not retried all day.
          await store.finishRun(sub, run.localDate, replicaId, null).catch(() => false);
          logger?.error({ subscription: sub, err: String(err) }, "digest run failed");
        }
      } finally {
        this.#abortRun(run);
      }
    })();
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
    return p;
  }

  /** Aborts `run` (with `reason`), or with no reason only forgets its controller. */
  #abortRun(run: DigestRun, reason?: Error): void {
    for (const ac of this.#aborts) {
      if (ac.signal !== run.signal) continue;
      if (reason) ac.abort(reason);
      else this.#aborts.delete(ac);
    }
  }

  async #reload(version: number): Promise<void> {
    const subs = await this.#o.store.listSubscriptions();
    this.#version = version;
    const wanted = new Map(subs.map((s) => [s.id, s]));
    for (const [id, s] of this.#tasks) {
      const now = wanted.get(id);
      if (!now || signatureOf(now) !== s.signature) {
        await s.task.destroy();
        this.#tasks.delete(id);
      }
    }
    for (const sub of subs) {
      if (this.#tasks.has(sub.id)) continue;
      try {
        this.#tasks.set(sub.id, { sub, signature: signatureOf(sub), task: this.#schedule(sub) });
      } catch (err) {
        this.#o.logger?.error({ subscription: sub.id, err: String(err) }, "digest subscription not scheduled");
      }
    }
  }

  #schedule(sub: DigestSubscription): CronTask {
    return this.#o.cron(
      cronExpression(specOf(sub)),
      async ({ date }) => {
        const slot = date.getTime();
        await this.#launch(await this.#runFor(sub, slot, localDate(slot, sub.timeZone)));
      },
      {
        name: `digest:${sub.id}`,
        timezone: sub.timeZone,
        noOverlap: true,
        distributed: true,
        unref: true,
        runCoordinator: {
          shouldRun: (key) => {
            const slot = slotOfKey(key) ?? this.#o.now();
            return this.#claim(sub.id, localDate(slot, sub.timeZone));
          },
        },
      },
    );
  }
}

const signatureOf = (s: DigestSubscription) => `${s.time}|${s.timeZone}|${s.days}`;

// The digest scheduler: one node-cron task per subscription in its IANA zone, `noOverlap`, and a run
// coordinator that is the store's claim on (subscription, local date), so each digest runs exactly once
// across replicas and restarts. node-cron never replays missed runs, so a catch-up (at start and on every
// poll) posts a digest whose slot passed within the grace window without a claim, under the same claim.
// Subscriptions made or removed on another replica are picked up by polling subscriptionsVersion().
import type { DigestSubscription, Store } from "../store/store.ts";
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
}

export interface SchedulerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface DigestSchedulerOptions {
  store: Pick<Store, "listSubscriptions" | "subscriptionsVersion" | "claimRun">;
  /** Who claims: recorded on the claim row. */
  replicaId: string;
  /** Builds and posts one digest; called only after this replica won the claim. */
  run(run: DigestRun): Promise<void>;
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

  /** Stops scheduling and waits for runs in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelPoll?.();
    this.#cancelPoll = undefined;
    await this.#polling;
    for (const s of this.#tasks.values()) await s.task.destroy();
    this.#tasks.clear();
    await this.idle();
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
      const run = {
        subscription: sub,
        slot,
        localDate: localDate(slot, sub.timeZone),
        late: now - slot > LATE_AFTER_MS,
      };
      if (!(await this.#claim(run))) continue;
      started.push(run);
      this.#launch(run);
    }
    return started;
  }

  async #claim(run: DigestRun): Promise<boolean> {
    try {
      return await this.#o.store.claimRun(run.subscription.id, run.localDate, this.#o.replicaId);
    } catch (err) {
      // Fail closed: the next poll's catch-up tries again within the grace window.
      this.#o.logger?.warn({ subscription: run.subscription.id, err: String(err) }, "digest claim failed");
      return false;
    }
  }

  #launch(run: DigestRun): Promise<void> {
    const p = (async () => {
      try {
        this.#o.logger?.info(
          { subscription: run.subscription.id, localDate: run.localDate, late: run.late },
          "posting digest",
        );
        await this.#o.run(run);
      } catch (err) {
        this.#o.logger?.error({ subscription: run.subscription.id, err: String(err) }, "digest run failed");
      }
    })();
    this.#inFlight.add(p);
    void p.finally(() => this.#inFlight.delete(p));
    return p;
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
        const now = this.#o.now();
        await this.#launch({
          subscription: sub,
          slot,
          localDate: localDate(slot, sub.timeZone),
          late: now - slot > LATE_AFTER_MS,
        });
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
            return this.#claim({ subscription: sub, slot, localDate: localDate(slot, sub.timeZone), late: false });
          },
        },
      },
    );
  }
}

const signatureOf = (s: DigestSubscription) => `${s.time}|${s.timeZone}|${s.days}`;

// A cron factory for tests: records the tasks the scheduler creates and fires a slot on demand the way
// node-cron 4 does for a `distributed` task (coordinator first, with key `${name}:${slot ISO}`, then the
// function only when elected). No timers, so two schedulers can fire the same slot at the same moment.
import type { CronFactory, CronOptions } from "../../src/schedule/cron.ts";

export interface FakeTask {
  expression: string;
  options: CronOptions;
  fn: (ctx: { date: Date }) => Promise<void>;
  destroyed: boolean;
}

export class FakeCron {
  readonly tasks: FakeTask[] = [];

  readonly factory: CronFactory = (expression, fn, options) => {
    const task: FakeTask = { expression, fn, options, destroyed: false };
    this.tasks.push(task);
    return {
      getNextRun: () => null,
      destroy: () => {
        task.destroyed = true;
      },
    };
  };

  live(): FakeTask[] {
    return this.tasks.filter((t) => !t.destroyed);
  }

  task(subscriptionId: string): FakeTask | undefined {
    return this.live().find((t) => t.options.name === `digest:${subscriptionId}`);
  }

  /** Fires `slot` for the subscription's live task; true when this replica was elected and ran it. */
  async fire(subscriptionId: string, slot: number): Promise<boolean> {
    const t = this.task(subscriptionId);
    if (!t) throw new Error(`no live task for ${subscriptionId}`);
    const key = `${t.options.name}:${new Date(slot).toISOString()}`;
    const elected = await t.options.runCoordinator.shouldRun(key, 30_000);
    if (elected) await t.fn({ date: new Date(slot) });
    return elected;
  }
}

// Periodic jobs (the approval sweeps): one run at a time, unref'd timers, errors logged, stopped by the
// returned function. Beside the cron schedules of digests, so every timed job starts from src/schedule.
import type { Logger } from "../log.ts";

export function startPeriodic(name: string, everyMs: number, run: () => Promise<unknown>, log: Logger): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    run()
      .catch((e: unknown) => log.warn({ err: e, job: name }, "periodic job failed"))
      .finally(() => {
        running = false;
      });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return () => clearInterval(timer);
}

// The cron port: what the digest scheduler needs from node-cron 4, so tests can inject a fake that fires
// slots on demand (deterministic tests). The default is node-cron itself.
import { schedule } from "node-cron";

/** node-cron's RunCoordinator: `key` is `${name}:${slot ISO}`, the same on every replica. */
export interface RunCoordinator {
  shouldRun(key: string, ttlMs: number): boolean | Promise<boolean>;
}

export interface CronOptions {
  name: string;
  /** IANA zone: the expression matches wall-clock time there. */
  timezone: string;
  /** In-process only: a tick while the previous run is pending is skipped. */
  noOverlap: boolean;
  /** Wraps each run in `runCoordinator.shouldRun` (fail-closed when it throws). */
  distributed: true;
  runCoordinator: RunCoordinator;
  /** Don't keep the process alive for the schedule alone. */
  unref?: boolean;
  logger?: {
    info(m: string): void;
    warn(m: string): void;
    error(m: string | Error, e?: Error): void;
    debug(m: string | Error): void;
  };
}

export interface CronTask {
  getNextRun(): Date | null;
  destroy(): void | Promise<void>;
}

/** `fn` receives the scheduled slot (not "now"). */
export type CronFactory = (
  expression: string,
  fn: (ctx: { date: Date }) => Promise<void>,
  options: CronOptions,
) => CronTask;

export const nodeCronFactory: CronFactory = (expression, fn, options) => schedule(expression, fn, options);

/** The slot instant in a coordinator key (`digest:<id>:2026-06-02T07:00:00.000Z`). */
export function slotOfKey(key: string): number | undefined {
  const m = /:(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)$/.exec(key);
  const t = m ? Date.parse(m[1]) : Number.NaN;
  return Number.isFinite(t) ? t : undefined;
}

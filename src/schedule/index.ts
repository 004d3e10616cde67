// Digest scheduling: pure schedule math and validation, and the claim-coordinated node-cron scheduler.
export { type CronFactory, type CronTask, nodeCronFactory } from "./cron.ts";
export { canonicalTimeZone, isTimeZone, localDate } from "./local-time.ts";
export {
  cronExpression,
  type Days,
  nextOccurrence,
  nextOccurrences,
  previousOccurrence,
  type ScheduleSpec,
  slotOn,
} from "./occurrences.ts";
export {
  DEFAULT_GRACE_MS,
  DEFAULT_POLL_MS,
  type DigestRun,
  DigestScheduler,
  type DigestSchedulerOptions,
} from "./scheduler.ts";
export { type SubscriptionCheck, type SubscriptionInput, validateSubscription } from "./validate.ts";

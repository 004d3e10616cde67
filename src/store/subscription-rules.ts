// Validation of digest subscriptions and run dates, as pure functions shared by both adapters.

import type { NewSubscription } from "./store.ts";

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const LOCAL_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

/** Returns every problem with a new subscription (empty when valid). */
export function subscriptionProblems(s: NewSubscription): string[] {
  const problems: string[] = [];
  if (!s.channel) problems.push("channel is empty");
  if (!HH_MM.test(s.time)) problems.push(`time "${s.time}" is not HH:MM (00:00–23:59)`);
  if (!isValidTimeZone(s.timeZone)) problems.push(`time zone "${s.timeZone}" is not an IANA time zone`);
  if (s.days !== "weekdays" && s.days !== "daily") problems.push(`days "${s.days}" is not weekdays or daily`);
  if (!s.createdBy) problems.push("createdBy is empty");
  return problems;
}

export function assertValidSubscription(s: NewSubscription): void {
  const problems = subscriptionProblems(s);
  if (problems.length > 0) throw new Error(`invalid digest subscription: ${problems.join("; ")}`);
}

export function assertLocalDate(d: string): void {
  if (!LOCAL_DATE.test(d)) throw new Error(`local date "${d}" is not YYYY-MM-DD`);
}

// The time and day rule of a new digest subscription, each on its own: what the user typed, else the channel
// binding's `digest` default from the policy, else 09:00 on weekdays. Pure; the sources feed the answer.
import type { DigestDays } from "../command/intent.ts";
/** Where a digest time or days value came from: typed, the channel's policy defaults, or ours. */
export type DigestValueSource = "given" | "channel" | "default";
type ValueSource = DigestValueSource;

export const FALLBACK_TIME = "09:00";
export const FALLBACK_DAYS: DigestDays = "weekdays";

export interface ResolvedDigestDefaults {
  time: string;
  timeSource: ValueSource;
  days: DigestDays;
  daysSource: ValueSource;
}

export function resolveDigestDefaults(
  typed: { time?: string; days?: DigestDays },
  /** The channel binding's `digest` (channelDefaults(…).digest); absent without a policy or binding. */
  channel: { time?: string; days?: DigestDays } | undefined,
): ResolvedDigestDefaults {
  const [time, timeSource] = pick(typed.time, channel?.time, FALLBACK_TIME);
  const [days, daysSource] = pick(typed.days, channel?.days, FALLBACK_DAYS);
  return { time, timeSource, days, daysSource };
}

function pick<T>(typed: T | undefined, bound: T | undefined, fallback: T): [T, ValueSource] {
  if (typed !== undefined) return [typed, "given"];
  if (bound !== undefined) return [bound, "channel"];
  return [fallback, "default"];
}

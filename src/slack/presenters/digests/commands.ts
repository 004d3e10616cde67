// `/appsvc digest subscribe|list|unsubscribe`: validate (validateSubscription: time, zone, DST gap), store,
// and answer with the views of digest-commands.ts. The zone defaults to the caller's Slack zone
// (users.info), then the channel's zone from the policy, then UTC; the time and days to the channel's
// `digest` defaults from the policy, then 09:00 on weekdays (defaults.ts).

import { resolveDigestDefaults } from "../../../digests/defaults.ts";
import { describeDigestScope, scopeFromJson, scopeToJson } from "../../../digests/scope.ts";
import { canRead, channelDefaults, type Policy } from "../../../policy/index.ts";
import { nextOccurrence, nextOccurrences, validateSubscription } from "../../../schedule/index.ts";
import type { Store } from "../../../store/store.ts";
import type { UserTimeZones } from "../../timezone.ts";
import {
  digestRefusedView,
  subscribedView,
  subscribeRefusedView,
  subscriptionListView,
  unsubscribedView,
  type ZoneSource,
} from "../../views/digest-commands.ts";
import type { SlackMessage } from "../../views/types.ts";
import type { DigestIntent } from "./seam.ts";

export interface CommandDeps {
  store: Pick<Store, "createSubscription" | "deleteSubscription" | "listSubscriptions">;
  zones: Pick<UserTimeZones, "get">;
  policy?: Policy;
  now: () => number;
}

type Subscribe = Extract<DigestIntent, { action: "subscribe" }>;

/** Which zone a subscription without one gets, and where it came from. */
export async function defaultZone(
  deps: Pick<CommandDeps, "zones" | "policy">,
  channel: string,
  user: string,
): Promise<{ timeZone: string; source: ZoneSource }> {
  const mine = await deps.zones.get(user);
  if (mine) return { timeZone: mine, source: "user" };
  const bound = channelDefaults(deps.policy, channel).timeZone;
  if (bound) return { timeZone: bound, source: "channel" };
  return { timeZone: "UTC", source: "default" };
}

export async function subscribe(
  deps: CommandDeps,
  intent: Subscribe,
  ctx: { channel: string; user: string },
): Promise<SlackMessage> {
  const read = canRead(deps.policy, ctx.channel);
  if (!read.allowed) return digestRefusedView(read.reason);
  const zone = intent.timeZone
    ? { timeZone: intent.timeZone, source: "given" as const }
    : await defaultZone(deps, ctx.channel, ctx.user);
  const when = resolveDigestDefaults(intent, channelDefaults(deps.policy, ctx.channel).digest);
  const now = deps.now();
  const check = validateSubscription({ time: when.time, timeZone: zone.timeZone, days: when.days }, now);
  if (!check.ok || !check.normalized) return subscribeRefusedView(check.errors);
  const { time, timeZone, days } = check.normalized;
  const sub = await deps.store.createSubscription({
    channel: ctx.channel,
    time,
    timeZone,
    days,
    scope: scopeToJson(intent.scope),
    createdBy: ctx.user,
  });
  return subscribedView({
    id: sub.id,
    time,
    timeZone,
    zoneSource: zone.source,
    timeSource: when.timeSource,
    days,
    daysSource: when.daysSource,
    scope: describeDigestScope(intent.scope),
    nextRuns: nextOccurrences({ time, timeZone, days }, now, 3),
    warnings: check.warnings,
    notes: check.notes,
  });
}

export async function list(deps: CommandDeps, channel: string): Promise<SlackMessage> {
  const now = deps.now();
  const subs = (await deps.store.listSubscriptions()).filter((s) => s.channel === channel);
  return subscriptionListView(
    subs.map((s) => {
      let nextRun: number | undefined;
      try {
        nextRun = nextOccurrence({ time: s.time, timeZone: s.timeZone, days: s.days }, now);
      } catch {
        nextRun = undefined;
      }
      return {
        id: s.id,
        time: s.time,
        timeZone: s.timeZone,
        days: s.days,
        scope: describeDigestScope(scopeFromJson(s.scope)),
        nextRun,
        createdBy: s.createdBy,
      };
    }),
  );
}

/** Only the channel's own subscriptions can be removed from it (the store checks the channel). */
export async function unsubscribe(deps: CommandDeps, id: string, channel: string): Promise<SlackMessage> {
  return unsubscribedView(id, await deps.store.deleteSubscription(id, channel));
}

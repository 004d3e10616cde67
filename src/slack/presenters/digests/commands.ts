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

/** JSON with sorted keys: a scope read back from PostgreSQL (jsonb) may list its keys in another order. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b)))
      : x,
  );

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
  const scope = scopeToJson(intent.scope);
  // The same digest twice in one channel would post twice each morning: refuse and name the existing one.
  const same = (await deps.store.listSubscriptions()).find(
    (s) =>
      s.channel === ctx.channel &&
      s.time === time &&
      s.timeZone === timeZone &&
      s.days === days &&
      canonical(s.scope) === canonical(scope),
  );
  if (same) {
    return subscribeRefusedView(
      [`this channel already has that digest (ID ${same.id}).`],
      `/appsvc digest list shows it; /appsvc digest unsubscribe ${same.id} removes it.`,
    );
  }
  const sub = await deps.store.createSubscription({
    channel: ctx.channel,
    time,
    timeZone,
    days,
    scope,
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

// A channel sees only the apps its binding covers: the Fleet as one channel is allowed to read it.
// Without a policy the bot is read-only and every app is visible, so the fleet is returned as it is.
import { lookupText } from "../core/app-query.ts";
import { DomainError } from "../core/errors.ts";
import type { Fleet, Resolution } from "../core/fleet.ts";
import { canSee, visibleApps } from "./evaluate.ts";
import type { Policy } from "./policy.ts";

/**
 * `channels`: the channel asking, or (App Home) every channel whose binding names the user; an app is
 * visible when any of them may see it.
 */
export function scopedFleet(fleet: Fleet, policy: Policy | undefined, channels: string | readonly string[]): Fleet {
  if (!policy) return fleet;
  const list = typeof channels === "string" ? [channels] : channels;
  const channel = list[0] ?? "";
  const visible = <T extends Parameters<typeof visibleApps>[2][number]>(apps: T[]) =>
    list.length === 1
      ? visibleApps(policy, channel, apps)
      : apps.filter((a) => list.some((c) => canSee(policy, c, a).allowed));
  return {
    listApps: async (o) => visible(await fleet.listApps(o)),
    resolveApp: async (query, o): Promise<Resolution> => {
      const r = await fleet.resolveApp(query, o);
      if (r.kind === "found") {
        const seen = canSee(policy, channel, r.app);
        if (seen.allowed || list.some((c) => canSee(policy, c, r.app).allowed)) return r;
        throw new DomainError({
          kind: "forbidden",
          userMessage: `${r.app.name} is outside what this channel may see: ${seen.reason}.`,
          hint: "Ask in a channel bound to this app, or widen this channel's scope in the policy file (APPSVC_CONFIG).",
        });
      }
      if (r.kind === "ambiguous") {
        const candidates = visible(r.candidates);
        if (candidates.length === 1) return { kind: "found", app: candidates[0] };
        if (candidates.length === 0) return { kind: "unknown", query: lookupText(query), suggestions: [] };
        return { kind: "ambiguous", candidates };
      }
      return { ...r, suggestions: visible(r.suggestions) };
    },
    snapshot: (app, window, o) => fleet.snapshot(app, window, o),
    appParts: (app, window, parts, o) => fleet.appParts(app, window, parts, o),
    fleetMetrics: (apps, window, o) => fleet.fleetMetrics(visible(apps), window, o),
    ...(fleet.fleetFacts ? { fleetFacts: (apps, o) => fleet.fleetFacts!(visible(apps), o) } : {}),
    ...(fleet.invalidate ? { invalidate: (id) => fleet.invalidate!(id) } : {}),
  };
}

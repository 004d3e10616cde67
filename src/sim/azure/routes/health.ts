// Resource Health (api-version 2022-10-01): availabilityStatuses/current for a resource (not flattened by the SDK;
// note the real `occuredTime` spelling) and Service Health events per subscription.

import { type Ctx, ok, type Reply } from "../http.ts";
import { SIM_IDENTITY } from "../identity.ts";
import { isoSeconds, parseIsoInstant } from "../wire/time.ts";
import { checkSubscription, resolveResource, same } from "../world.ts";

const AVAILABLE_SUMMARY = "There aren't any known Azure platform problems affecting this resource.";

export function currentAvailability(ctx: Ctx): Reply {
  const target = resolveResource(ctx.state.fleet, ctx.params.resource);
  const site = target.kind === "site" ? target.site : undefined;
  const declared = site?.resourceHealth;
  const stopped = site !== undefined && site.state === "Stopped";
  const lastChange =
    site?.timeline.filter((e) => e.at <= ctx.now).reduce((t, e) => Math.max(t, e.at), 0) || ctx.now - 86_400_000;
  const state = declared?.availabilityState ?? (stopped ? "Unavailable" : "Available");
  const properties: Record<string, unknown> = {
    availabilityState: state,
    title: declared?.title ?? (stopped ? "Stopped" : "Available"),
    summary: declared?.summary ?? (stopped ? "This web app has been stopped by a user." : AVAILABLE_SUMMARY),
    reasonType: declared?.reasonType ?? (stopped ? "Customer Initiated" : ""),
    context: state === "Available" ? "" : "Platform Initiated",
    category: state === "Available" ? "" : "Unplanned",
    reasonChronicity: "Persistent",
    detailedStatus: "",
    occuredTime: isoSeconds(lastChange),
    reportedTime: isoSeconds(ctx.now),
    recommendedActions: [
      {
        action:
          state === "Available"
            ? "To learn more, review the Resource Health documentation."
            : "Check the app's diagnose and solve problems blade.",
        actionUrl: "https://aka.ms/rhdocs",
        actionUrlText: "Resource Health documentation",
      },
    ],
  };
  if (state !== "Available") properties.rootCauseAttributionTime = isoSeconds(lastChange);
  return ok({
    id: `${target.id}/providers/Microsoft.ResourceHealth/availabilityStatuses/current`,
    name: "current",
    type: "Microsoft.ResourceHealth/AvailabilityStatuses",
    location: target.location.toLowerCase().replace(/\s+/g, ""),
    properties,
  });
}

export function listServiceHealthEvents(ctx: Ctx): Reply {
  const sub = ctx.params.sub;
  checkSubscription(ctx.state.fleet, sub);
  const since = parseIsoInstant(ctx.query.queryStartTime);
  const events = ctx.state.fleet.serviceHealth.filter(
    (e) => same(e.subscriptionId, sub) && e.start <= ctx.now && (since === undefined || (e.end ?? ctx.now) >= since),
  );
  const value = events.map((e) => {
    const updated = isoSeconds(Math.min(ctx.now, e.end ?? ctx.now));
    return {
      id: `/subscriptions/${sub}/providers/Microsoft.ResourceHealth/events/${e.id}`,
      name: e.id,
      type: "/providers/Microsoft.ResourceHealth/events",
      properties: {
        eventType: e.eventType,
        eventSource: "ServiceHealth",
        status: e.end !== undefined && e.end <= ctx.now ? "Resolved" : e.status,
        title: e.title,
        summary: `<p>${e.title}</p>`,
        header: e.title,
        level: e.eventType === "ServiceIssue" ? "Warning" : "Informational",
        eventLevel: e.eventType === "ServiceIssue" ? "Warning" : "Informational",
        article: { articleContent: `<p>${e.title}</p>` },
        links: [],
        impactStartTime: isoSeconds(e.start),
        impactMitigationTime: e.end !== undefined ? isoSeconds(e.end) : undefined,
        impact: [
          {
            impactedService: e.service,
            impactedRegions: e.regions.map((r) => ({
              impactedRegion: r,
              status: e.status,
              impactedSubscriptions: [sub],
              impactedTenants: [SIM_IDENTITY.tenantId],
              lastUpdateTime: updated,
              updates: [],
            })),
          },
        ],
        isHIR: false,
        enableMicrosoftSupport: true,
        enableChatWithUs: false,
        platformInitiated: true,
        priority: e.eventType === "ServiceIssue" ? 2 : 20,
        lastUpdateTime: updated,
      },
    };
  });
  return ok({ value });
}

// App Home: the apps in scope with their state and last verdict (from status/diagnose answers), pending
// approvals and recent actions from the approval store. Bolt acks events before this runs.
import type { App } from "@slack/bolt";
import { withDeadline } from "../../reads/deadline.ts";
import { listApps } from "../../reads/list-apps.ts";
import type { BotContext } from "../context.ts";
import { homeActivity } from "../home-activity.ts";
import { homeView } from "../views/index.ts";
import { newCommandId } from "./command.ts";

export async function publishHome(bot: BotContext, user: string): Promise<void> {
  // With a policy, the tab lists the apps of the channels whose binding names the user (door.ts).
  const ctx = await bot.door.open({ via: "home", user, fields: { commandId: newCommandId() } });
  const log = ctx.log;
  const zone = bot.zones.get(user);
  let items: Awaited<ReturnType<typeof listApps>>;
  try {
    items = await withDeadline(bot.readDeadlineMs, "the app list", () => listApps(ctx.fleet, bot.verdicts));
  } catch (e) {
    // An empty "Apps in scope" would be wrong; the tab keeps its previous content instead.
    log.warn({ err: e }, "App Home not published: the app list could not be read");
    return;
  }
  // The store is the source of truth, so every replica shows the same lists.
  const rt = bot.approvals;
  const activity = rt
    ? await homeActivity(
        rt.deps.store,
        user,
        async (a) => (await rt.deps.authorize.approve({ channel: a.channel, user }, a)).allowed,
        async (a, op) => {
          const d = await rt.deps.authorize.limits?.({ channel: a.channel, user }, op);
          return d && !d.allowed ? d.reason : undefined;
        },
      ).catch((e: unknown) => {
        log.warn({ err: e }, "App Home: approvals could not be read");
        return { pendingApprovals: [], recentActions: [] };
      })
    : { pendingApprovals: [], recentActions: [] };
  const view = homeView({
    user,
    apps: items.map((i) => ({
      app: i.app,
      state: i.state ?? "",
      ...(i.verdict ? { lastVerdict: i.verdict } : {}),
      ...(i.checkedAt !== undefined ? { lastCheckedAt: i.checkedAt } : {}),
    })),
    ...activity,
    now: bot.now(),
    ...((await zone) ? { timeZone: await zone } : {}),
  });
  await bot.out.publishHome(user, view, log);
  log.info({ apps: items.length }, "App Home published");
}

export function registerHome(app: App, bot: BotContext): void {
  app.event("app_home_opened", async ({ event }) => {
    if (event.tab && event.tab !== "home") return;
    bot.lifecycle.run(() =>
      publishHome(bot, event.user).catch((e: unknown) => bot.log.warn({ err: e }, "App Home publish failed")),
    );
  });
}

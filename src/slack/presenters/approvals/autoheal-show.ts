// `/appsvc autoheal <app> show`: the app's auto-heal rules as Azure has them (a read).

import { type AppQuery, appQueryText } from "../../../command/index.ts";
import type { RequestContext } from "../../../door/request-context.ts";
import { withDeadline } from "../../../reads/deadline.ts";
import type { Answer } from "../../answer.ts";
import type { BotContext } from "../../context.ts";
import { fmtJson } from "../../views/format.ts";
import { code, escapeMrkdwn, resolutionView } from "../../views/index.ts";

/** Reads through the request's fleet, so an app outside the channel's scope is refused like any read. */
export async function autohealShow(bot: BotContext, ctx: RequestContext, app: AppQuery): Promise<Answer> {
  const q = appQueryText(app);
  const now = bot.now();
  return withDeadline(bot.readDeadlineMs, `the reads for ${q}`, async (signal) => {
    const r = await ctx.fleet.resolveApp(app, app.slot ? { slot: app.slot } : undefined);
    if (r.kind !== "found") return { message: resolutionView(r, q, "autoheal") };
    const s = await ctx.fleet.snapshot(r.app, { start: now - 15 * 60_000, end: now }, { signal });
    const name = escapeMrkdwn(r.app.slot ? `${r.app.name}/${r.app.slot}` : r.app.name);
    // Read without `configOptional`, so the config is there (or the read failed and said why); never "disabled" by default.
    const cfg = s.config;
    const rules = cfg?.autoHealRules ? fmtJson(cfg.autoHealRules) : "none";
    const text = !cfg
      ? `*Auto-heal on ${name}: unknown* (the site configuration could not be read).`
      : cfg.autoHealEnabled
        ? `*Auto-heal on ${name}: enabled.*\nRules: ${code(rules.slice(0, 2500))}`
        : `*Auto-heal on ${name}: disabled.* Enable it with ${code(`/appsvc autoheal ${name} enable <preset>`)}.`;
    return {
      message: { text: text.replace(/\*/g, ""), blocks: [{ type: "section", text: { type: "mrkdwn", text } }] },
    };
  });
}

// `/appsvc audit [app] [--days n] [--json]`: the store's audit trail for the app (site name) or everything.
import { auditHistory } from "../../../approvals/audit.ts";
import { type AuditTargetKey, auditTargetKey } from "../../../approvals/audit-scope.ts";
import type { Intent } from "../../../command/index.ts";
import type { RequestContext } from "../../../door/request-context.ts";
import type { Answer } from "../../answer.ts";
import type { BotContext } from "../../context.ts";
import { auditView } from "../../views/index.ts";

export type AuditIntent = Extract<Intent, { verb: "audit" }>;

const DAY_MS = 86_400_000;

/** The trail as the channel may see it: only entries about apps its binding covers. */
export async function answerAudit(bot: BotContext, ctx: RequestContext, intent: AuditIntent): Promise<Answer> {
  const app = intent.app?.name;
  const entries = await auditHistory(
    bot.approvals.deps.store,
    { ...(app ? { app } : {}), sinceMs: bot.now() - intent.days * DAY_MS, limit: intent.json ? 5_000 : 200 },
    ctx.policy ? await visibleTo(ctx) : undefined,
  );
  const timeZone = await bot.zones.get(ctx.user);
  return {
    message: auditView({
      entries,
      ...(app ? { app } : {}),
      days: intent.days,
      json: intent.json,
      ...(timeZone ? { timeZone } : {}),
    }),
  };
}

/** The apps the channel's scoped fleet lists, as audit targets. */
async function visibleTo(ctx: RequestContext): Promise<Set<AuditTargetKey>> {
  const apps = await ctx.fleet.listApps();
  return new Set(apps.map((a) => auditTargetKey(a)));
}

// `/appsvc audit [app] [--days n] [--json]`: the store's audit trail for the app (site name) or everything.
import { auditHistory } from "../../../approvals/audit.ts";
import type { Intent } from "../../../command/index.ts";
import type { Answer } from "../../answer.ts";
import type { BotContext } from "../../context.ts";
import { auditView } from "../../views/index.ts";

export type AuditIntent = Extract<Intent, { verb: "audit" }>;

const DAY_MS = 86_400_000;

export async function answerAudit(bot: BotContext, intent: AuditIntent, user: string): Promise<Answer> {
  const app = intent.app?.name;
  const entries = await auditHistory(bot.approvals.deps.store, {
    ...(app ? { app } : {}),
    sinceMs: bot.now() - intent.days * DAY_MS,
    limit: intent.json ? 5_000 : 200,
  });
  const timeZone = await bot.zones.get(user);
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

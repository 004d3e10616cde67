// Buttons on status and diagnose answers. Both are acknowledged at once. Diagnose answers in the thread of
// the message it sits on; the fix buttons say plainly that approvals are still to come (nothing changes).
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { requestLogger } from "../../log.ts";
import { answerInPlace } from "../answer.ts";
import type { BotContext } from "../context.ts";
import { restartingMessage } from "../notices.ts";
import { answerRead } from "../reads.ts";
import {
  DIAGNOSE_ACTION,
  MITIGATE_ACTION_PREFIX,
  mitigationPendingView,
  progressView,
  type SlackMessage,
  usageErrorView,
} from "../views/index.ts";
import { newCommandId } from "./command.ts";

const MITIGATE = new RegExp(`^${MITIGATE_ACTION_PREFIX}\\d+$`);
const DEFAULT_WINDOW_MS = 3 * 3_600_000;
const MAX_WINDOW_MS = 30 * 86_400_000;

function parseValue(v: string | undefined): Record<string, unknown> {
  try {
    const parsed = JSON.parse(v ?? "") as unknown;
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** The button value's app id and window, validated: only an ARM site ID and a sane window pass. */
export function diagnoseTarget(value: string | undefined): { appId: string; windowMs: number } | undefined {
  const v = parseValue(value);
  const appId = typeof v.appId === "string" ? v.appId : "";
  if (
    !/^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Web\/sites\/[^/]+(\/slots\/[^/]+)?$/i.test(
      appId,
    )
  )
    return undefined;
  const w = typeof v.windowMs === "number" && Number.isFinite(v.windowMs) ? v.windowMs : DEFAULT_WINDOW_MS;
  return { appId, windowMs: Math.min(Math.max(w, 5 * 60_000), MAX_WINDOW_MS) };
}

/** Mitigation kinds → the command verb that will carry them (the pending view speaks in verbs). */
export function verbOfKind(kind: unknown): string {
  const k = typeof kind === "string" ? kind : "";
  if (k === "scaleOut" || k === "scaleUp") return "scale";
  if (k === "autoHeal") return "autoheal";
  if (k === "healthCheck") return "healthcheck";
  return k || "change";
}

function appNameOf(id: unknown): string | undefined {
  if (typeof id !== "string") return undefined;
  const m = /\/sites\/([^/]+)(?:\/slots\/([^/]+))?$/i.exec(id);
  return m ? (m[2] ? `${m[1]}/${m[2]}` : m[1]) : undefined;
}

const ephemeral = (m: SlackMessage) => ({
  response_type: "ephemeral" as const,
  replace_original: false,
  text: m.text,
  blocks: m.blocks,
});

export function registerActions(app: App, bot: BotContext): void {
  app.action<BlockAction<ButtonAction>>(DIAGNOSE_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const user = body.user.id;
    const channel = body.channel?.id ?? body.container?.channel_id;
    const messageTs = body.message?.ts ?? body.container?.message_ts;
    const target = diagnoseTarget(action.value);
    const log = requestLogger(bot.log, { commandId: newCommandId(), user, channel, app: target?.appId });
    if (!channel || !messageTs || !target) {
      log.warn("diagnose button without channel, message or a valid app");
      await respond(
        ephemeral(usageErrorView({ message: "That button no longer works; run /appsvc diagnose <app>.", usage: "" })),
      );
      return;
    }
    const threadTs = (body.message as { thread_ts?: string } | undefined)?.thread_ts ?? messageTs;
    const name = appNameOf(target.appId) ?? "the app";
    const accepted = bot.lifecycle.run(async () => {
      await bot.admission.turn();
      log.info({ verb: "diagnose", via: "button" }, "button accepted");
      const intent = {
        verb: "diagnose" as const,
        app: { kind: "resourceId" as const, id: target.appId, subscriptionId: "", resourceGroup: "", name },
        window: { ms: target.windowMs, label: "", defaulted: false },
      };
      await answerInPlace(
        bot.out,
        { channel, user, threadTs, respond, bot: bot.identity(), log },
        progressView(name, "diagnose"),
        () => answerRead(bot, intent, { user, log }),
      );
    });
    if (!accepted) await respond(ephemeral(restartingMessage())).catch(() => undefined);
  });

  app.action<BlockAction<ButtonAction>>(MITIGATE, async ({ ack, action, body, respond }) => {
    await ack();
    const v = parseValue(action.value);
    const log = requestLogger(bot.log, { commandId: newCommandId(), user: body.user.id, channel: body.channel?.id });
    log.info({ kind: v.kind }, "fix button: approvals not available yet");
    const app = appNameOf(v.appId);
    await respond(ephemeral(mitigationPendingView({ verb: verbOfKind(v.kind), ...(app ? { app } : {}) }))).catch(
      (e: unknown) => log.warn({ err: e }, "could not answer the fix button"),
    );
  });
}

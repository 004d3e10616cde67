// `/appsvc …`: parsed (pure, microseconds) and acknowledged at once. Help, usage errors and the verbs that
// are not here yet are the ack itself (ephemeral); read verbs ack empty and answer in the channel after the
// ack, tracked by the Lifecycle so a SIGTERM lets them finish.
import { randomUUID } from "node:crypto";
import type { App, RespondArguments } from "@slack/bolt";
import { requestLogger } from "../../log.ts";
import { answerInPlace } from "../answer.ts";
import { appQueryText, helpData, type Intent, parseCommand } from "../command/index.ts";
import type { BotContext } from "../context.ts";
import { comingSoonMessage, restartingMessage } from "../notices.ts";
import { answerRead, isReadIntent, progressLabel } from "../reads.ts";
import { helpView, mitigationPendingView, progressView, type SlackMessage, usageErrorView } from "../views/index.ts";

/** The command as the manifest names it; a suffixed copy (/appsvc-staging) is answered too. */
export const COMMAND = /^\/appsvc(?:[-_][a-z0-9-]+)?$/;

export function newCommandId(): string {
  return randomUUID().slice(0, 8);
}

/** The answer that is the ack itself, for everything that needs no Azure read. */
export function immediateAnswer(text: string): { intent?: Intent; message?: SlackMessage } {
  const parsed = parseCommand(text);
  if (!parsed.ok) return { message: usageErrorView(parsed.error) };
  const intent = parsed.intent;
  switch (intent.verb) {
    case "help":
      return { intent, message: helpView(helpData(), intent.topic ? { topic: intent.topic } : {}) };
    case "restart":
    case "start":
    case "stop":
    case "scale":
    case "autoheal":
    case "healthcheck":
      return { intent, message: mitigationPendingView({ verb: intent.verb, app: appQueryText(intent.app) }) };
    case "audit":
    case "digest":
      return { intent, message: comingSoonMessage(intent.verb) };
    default:
      return { intent };
  }
}

const ephemeral = (m: SlackMessage): RespondArguments => ({
  response_type: "ephemeral",
  text: m.text,
  blocks: m.blocks,
});

export function registerCommand(app: App, bot: BotContext): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    const commandId = newCommandId();
    const { intent, message } = immediateAnswer(command.text ?? "");
    const log = requestLogger(bot.log, {
      commandId,
      user: command.user_id,
      channel: command.channel_id,
      ...(intent && "app" in intent && intent.app ? { app: appQueryText(intent.app) } : {}),
    });
    if (message || !intent || !isReadIntent(intent)) {
      await ack(ephemeral(message ?? usageErrorView({ message: "Nothing to do.", usage: "" })));
      log.info({ verb: intent?.verb ?? "invalid" }, "command answered in the ack");
      return;
    }
    await ack();
    const started = performance.now();
    const accepted = bot.lifecycle.run(async () => {
      await bot.admission.turn();
      log.info({ verb: intent.verb }, "command accepted");
      const done = await answerInPlace(
        bot.out,
        { channel: command.channel_id, user: command.user_id, respond, bot: bot.identity(), log },
        progressView(progressLabel(intent), intent.verb),
        () => answerRead(bot, intent, { user: command.user_id, log }),
      );
      log.info({ verb: intent.verb, ms: Math.round(performance.now() - started), ...done }, "command answered");
    });
    if (!accepted) await respond(ephemeral(restartingMessage())).catch(() => undefined);
  });
}

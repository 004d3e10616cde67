// `/appsvc …`: parsed (pure, microseconds) and acknowledged at once. Help, usage errors and writes without a
// policy are the ack itself (ephemeral); reads and audit ack empty and answer in the channel after the
// ack; writes with a policy ack empty and post a proposal (or tell the asker why not). All of it is
// tracked by the Lifecycle so a SIGTERM lets it finish.
import { randomUUID } from "node:crypto";
import type { App, RespondArguments, RespondFn } from "@slack/bolt";
import { appQueryText, helpData, type Intent, parseCommand } from "../../command/index.ts";
import { callerOf } from "../../door/policy-authorizer.ts";
import type { Logger } from "../../log.ts";
import { requestLogger } from "../../log.ts";
import { allowedVerbs } from "../../policy/index.ts";
import { answerInPlace } from "../answer.ts";
import type { BotContext } from "../context.ts";
import { restartingMessage, writesDisabledMessage } from "../notices.ts";
import { type AuditIntent, answerAudit } from "../presenters/approvals/audit-answer.ts";
import { autohealShow } from "../presenters/approvals/autoheal-show.ts";
import { proposeFromCommand, type WriteIntent } from "../presenters/approvals/propose-flow.ts";
import { answerCollect } from "../presenters/collect.ts";
import { answerRead, isReadIntent, progressLabel } from "../presenters/reads.ts";
import { helpView, progressView, refusalView, type SlackMessage, usageErrorView } from "../views/index.ts";

/** The command as the manifest names it; a suffixed copy (/appsvc-staging) is answered too. */
export const COMMAND = /^\/appsvc(?:[-_][a-z0-9-]+)?$/;

export function newCommandId(): string {
  return randomUUID().slice(0, 8);
}

/**
 * The answer that is the ack itself, for everything that needs neither Azure nor the store. `writes`: a
 * policy is loaded (writes become proposals, answered after the ack).
 */
export function immediateAnswer(
  text: string,
  opts: { writes?: boolean } = {},
): { intent?: Intent; message?: SlackMessage } {
  const parsed = parseCommand(text);
  if (!parsed.ok) return { message: usageErrorView(parsed.error) };
  const intent = parsed.intent;
  if (isWriteIntent(intent) && !opts.writes)
    return { intent, message: writesDisabledMessage(intent.verb, appQueryText(intent.app)) };
  switch (intent.verb) {
    case "help":
      return { intent, message: helpView(helpData(), intent.topic ? { topic: intent.topic } : {}) };
    default:
      return { intent };
  }
}

export function isWriteIntent(i: Intent): i is WriteIntent {
  return (i as { write?: unknown }).write === true;
}

const ephemeral = (m: SlackMessage): RespondArguments => ({
  response_type: "ephemeral",
  text: m.text,
  blocks: m.blocks,
});

/** Help shows only the verbs this caller may use in this channel. */
async function helpFor(bot: BotContext, channel: string, user: string, topic?: string): Promise<SlackMessage> {
  const caller = await callerOf(bot.approvals.gate, channel, user);
  const verbs = allowedVerbs(bot.approvals.gate.policy, caller);
  return helpView(helpData(verbs), topic ? { topic } : {});
}

export function registerCommand(app: App, bot: BotContext): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    const commandId = newCommandId();
    const policy = bot.approvals.gate.policy;
    const { intent, message } = immediateAnswer(command.text ?? "", { writes: policy !== undefined });
    const channel = command.channel_id;
    const user = command.user_id;
    const log = requestLogger(bot.log, {
      commandId,
      user,
      channel,
      ...(intent && "app" in intent && intent.app ? { app: appQueryText(intent.app) } : {}),
    });
    if (intent?.verb === "help" && policy) {
      await ack(
        ephemeral(await helpFor(bot, channel, user, intent.topic).catch(() => message ?? helpView(helpData()))),
      );
      return;
    }
    if (message || !intent) {
      await ack(ephemeral(message ?? usageErrorView({ message: "Nothing to do.", usage: "" })));
      log.info({ verb: intent?.verb ?? "invalid" }, "command answered in the ack");
      return;
    }
    await ack();
    const accepted = bot.lifecycle.run(async () => {
      await bot.admission.turn();
      log.info({ verb: intent.verb }, "command accepted");
      await afterAck(bot, intent, { channel, user, respond, log });
    });
    if (!accepted) await respond(ephemeral(restartingMessage())).catch(() => undefined);
  });
}

async function afterAck(
  bot: BotContext,
  intent: Intent,
  s: { channel: string; user: string; respond: RespondFn; log: Logger },
): Promise<void> {
  const tell = (m: SlackMessage) =>
    s.respond(ephemeral(m)).then(
      () => undefined,
      (e: unknown) => s.log.warn({ err: e }, "could not answer the asker"),
    );
  const started = performance.now();
  const surface = { channel: s.channel, user: s.user, respond: s.respond, bot: bot.identity(), log: s.log };
  if (isWriteIntent(intent)) {
    await proposeFromCommand(bot, intent, { ...s, tell }).catch(async (e: unknown) => {
      s.log.error({ err: e }, "proposal failed");
      await tell(refusalView(`Could not propose that: ${e instanceof Error ? e.message : String(e)}`));
    });
    return;
  }
  if (intent.verb === "digest") {
    const answer = await bot.digest
      .handle(intent, { channel: s.channel, user: s.user, log: s.log })
      .catch((e: unknown) => {
        s.log.error({ err: e }, "digest command failed");
        return refusalView(`The digest command failed: ${e instanceof Error ? e.message : String(e)}`);
      });
    await tell(answer);
    return;
  }
  if (intent.verb === "audit") {
    await answerInPlace(bot.out, surface, progressView("the audit trail", "audit"), () =>
      answerAudit(bot, intent as AuditIntent, s.user),
    );
    return;
  }
  if (intent.verb === "autoheal") {
    await answerInPlace(bot.out, surface, progressView(appQueryText(intent.app), "autoheal"), () =>
      autohealShow(bot, intent.app),
    );
    return;
  }
  if (intent.verb === "collect") {
    const label = intent.app.slot ? `${appQueryText(intent.app)} (slot ${intent.app.slot})` : appQueryText(intent.app);
    const done = await answerInPlace(bot.out, surface, progressView(label, "collect"), () =>
      answerCollect(bot, intent, { user: s.user, channel: s.channel, log: s.log }),
    );
    s.log.info({ verb: "collect", ms: Math.round(performance.now() - started), ...done }, "command answered");
    return;
  }
  if (!isReadIntent(intent)) return;
  const done = await answerInPlace(bot.out, surface, progressView(progressLabel(intent), intent.verb), () =>
    answerRead(bot, intent, { user: s.user, channel: s.channel, log: s.log }),
  );
  s.log.info({ verb: intent.verb, ms: Math.round(performance.now() - started), ...done }, "command answered");
}

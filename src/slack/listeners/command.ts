// `/appsvc …`: parsed (pure, microseconds) and acknowledged at once. Help, usage errors and writes without a
// policy are the ack itself (ephemeral); reads and audit ack empty and answer in the channel after the
// ack; writes with a policy ack empty and post a proposal (or tell the asker why not). All of it is
// tracked by the Lifecycle so a SIGTERM lets it finish.
import { randomUUID } from "node:crypto";
import type { App, RespondArguments, RespondFn } from "@slack/bolt";
import { appQueryText, helpData, type Intent, parseCommand } from "../../command/index.ts";
import { allowedVerbs, permissionFor } from "../../door/permissions.ts";
import type { RequestContext } from "../../door/request-context.ts";
import { answerInPlace } from "../answer.ts";
import type { BotContext } from "../context.ts";
import { cutOffMessage, restartingMessage, writesDisabledMessage } from "../notices.ts";
import { type AuditIntent, answerAudit } from "../presenters/approvals/audit-answer.ts";
import { autohealShow } from "../presenters/approvals/autoheal-show.ts";
import { proposeFromCommand, type WriteIntent } from "../presenters/approvals/propose-flow.ts";
import { answerCollect } from "../presenters/collect.ts";
import { answerRead, isReadIntent, progressLabel } from "../presenters/reads.ts";
import { doctorView, helpView, progressView, refusalView, type SlackMessage, usageErrorView } from "../views/index.ts";

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

/** Help shows only the verbs this caller may use in this channel (without a policy: the reads, and why). */
async function helpFor(ctx: RequestContext, topic?: string): Promise<SlackMessage> {
  const verbs = allowedVerbs(ctx.policy, await ctx.caller());
  const notes = ctx.policy ? [] : [READ_ONLY_NOTE];
  return helpView(helpData(verbs), { ...(topic ? { topic } : {}), ...(notes.length ? { notes } : {}) });
}

const READ_ONLY_NOTE =
  "This bot is read-only: it runs without a policy file, so restart, scale and the other changes are off. An admin enables them with APPSVC_CONFIG (README, Policy).";

export function registerCommand(app: App, bot: BotContext): void {
  app.command(COMMAND, async ({ command, ack, respond }) => {
    const commandId = newCommandId();
    const policy = bot.door.policy;
    const { intent, message } = immediateAnswer(command.text ?? "", { writes: policy !== undefined });
    const ctx = await bot.door.open({
      via: "command",
      user: command.user_id,
      channel: command.channel_id,
      fields: {
        commandId,
        ...(intent && "app" in intent && intent.app ? { app: appQueryText(intent.app) } : {}),
      },
    });
    if (intent?.verb === "help") {
      await ack(ephemeral(await helpFor(ctx, intent.topic).catch(() => message ?? helpView(helpData([])))));
      return;
    }
    if (message || !intent) {
      await ack(ephemeral(message ?? usageErrorView({ message: "Nothing to do.", usage: "" })));
      ctx.log.info({ verb: intent?.verb ?? "invalid" }, "command answered in the ack");
      return;
    }
    await ack();
    const tell = (m: SlackMessage) =>
      respond(ephemeral(m)).then(
        () => undefined,
        (e: unknown) => ctx.log.warn({ err: e }, "could not answer the asker"),
      );
    const accepted = bot.lifecycle.run(async (signal) => {
      await bot.admission.turn();
      // One door: the verb's row of the permission table, before any use case runs.
      const about = "app" in intent && intent.app ? appQueryText(intent.app) : undefined;
      const admitted = await bot.door.authorise(ctx, permissionFor(intent), about);
      if (!admitted.allowed) {
        ctx.log.info({ verb: intent.verb, refused: admitted.code }, "command refused");
        await tell(refusalView(admitted.reason));
        return;
      }
      ctx.log.info({ verb: intent.verb }, "command accepted");
      await afterAck(bot, intent, ctx, {
        respond,
        tell,
        signal,
        command: `/appsvc ${command.text ?? ""}`.trim(),
      });
    });
    if (!accepted) await respond(ephemeral(restartingMessage())).catch(() => undefined);
  });
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, onAbort: () => T): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.resolve(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = () => resolve(onAbort());
    signal.addEventListener("abort", abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}

async function afterAck(
  bot: BotContext,
  intent: Intent,
  ctx: RequestContext,
  s: { respond: RespondFn; tell(m: SlackMessage): Promise<void>; signal?: AbortSignal; command?: string },
): Promise<void> {
  const channel = ctx.channel ?? "";
  const log = ctx.log;
  const started = performance.now();
  const surface = {
    channel,
    user: ctx.user,
    respond: s.respond,
    bot: bot.identity(),
    log,
    ...(s.signal ? { signal: s.signal } : {}),
    ...(s.command ? { command: s.command } : {}),
  };
  if (isWriteIntent(intent)) {
    await proposeFromCommand(bot, ctx, intent, s.tell).catch(async (e: unknown) => {
      log.error({ err: e }, "proposal failed");
      await s.tell(refusalView(`Could not propose that: ${e instanceof Error ? e.message : String(e)}`));
    });
    return;
  }
  if (intent.verb === "digest") {
    const handled = bot.digest.handle(intent, { channel, user: ctx.user, log }).catch((e: unknown) => {
      log.error({ err: e }, "digest command failed");
      return refusalView(`The digest command failed: ${e instanceof Error ? e.message : String(e)}`);
    });
    // `digest now` reads the whole fleet: cut off by a shutdown, the asker is told rather than left waiting.
    await s.tell(await untilAborted(handled, s.signal, () => cutOffMessage(s.command ?? "/appsvc digest now")));
    return;
  }
  if (intent.verb === "doctor") {
    const checks = await bot.doctor().catch((e: unknown) => {
      log.error({ err: e }, "doctor failed");
      return [
        { ok: false, name: "doctor", detail: e instanceof Error ? e.message : String(e), fix: "see the bot's log" },
      ];
    });
    await s.tell(doctorView(checks));
    return;
  }
  if (intent.verb === "audit") {
    await answerInPlace(bot.out, surface, progressView({ ours: "the audit trail" }, "audit"), () =>
      answerAudit(bot, ctx, intent as AuditIntent),
    );
    return;
  }
  if (intent.verb === "autoheal") {
    await answerInPlace(bot.out, surface, progressView({ theirs: appQueryText(intent.app) }, "autoheal"), () =>
      autohealShow(bot, ctx, intent.app),
    );
    return;
  }
  if (intent.verb === "collect") {
    const label = { theirs: appQueryText(intent.app), ...(intent.app.slot ? { note: `slot ${intent.app.slot}` } : {}) };
    const done = await answerInPlace(bot.out, surface, progressView(label, "collect"), () =>
      answerCollect(bot, intent, ctx),
    );
    log.info({ verb: "collect", ms: Math.round(performance.now() - started), ...done }, "command answered");
    return;
  }
  if (!isReadIntent(intent)) return;
  const done = await answerInPlace(bot.out, surface, progressView(progressLabel(intent), intent.verb), () =>
    answerRead(bot, intent, ctx),
  );
  log.info({ verb: intent.verb, ms: Math.round(performance.now() - started), ...done }, "command answered");
}

// Buttons: Diagnose (answers in the thread of its message), the fix buttons on status and diagnose (open a
// proposal, like the write commands) and Approve/Cancel on proposals. Every click is acknowledged at once.
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { requestLogger } from "../../log.ts";
import { answerInPlace } from "../answer.ts";
import type { BotContext } from "../context.ts";
import { restartingMessage, writesDisabledMessage } from "../notices.ts";
import { onApprove, onCancel } from "../presenters/approvals/decide.ts";
import { proposeFromButton, proposeFromCommand } from "../presenters/approvals/propose-flow.ts";
import { answerCollect } from "../presenters/collect.ts";
import { answerRead } from "../presenters/reads.ts";
import {
  APPROVE_ACTION,
  CANCEL_ACTION,
  COLLECT_ACTION,
  DIAGNOSE_ACTION,
  DUMP_ACTION,
  MITIGATE_ACTION_PREFIX,
  progressView,
  refusalView,
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
  for (const verb of ["diagnose", "collect"] as const) registerThreadRead(app, bot, verb);
  registerFixes(app, bot);
  registerDump(app, bot);
}

/** The Dump button on collect's process table: a dump proposal for that instance and PID, like the command. */
function registerDump(app: App, bot: BotContext): void {
  app.action<BlockAction<ButtonAction>>(DUMP_ACTION, async ({ ack, action, body, respond }) => {
    await ack();
    const user = body.user.id;
    const channel = body.channel?.id ?? body.container?.channel_id;
    const v = parseValue(action.value);
    const target = diagnoseTarget(action.value);
    const log = requestLogger(bot.log, { commandId: newCommandId(), user, channel });
    const tell = (m: SlackMessage) =>
      respond(ephemeral(m)).then(
        () => undefined,
        (e: unknown) => log.warn({ err: e }, "could not answer the dump button"),
      );
    if (!bot.approvals.gate.policy) return tell(writesDisabledMessage("dump", appNameOf(v.appId)));
    const instance = typeof v.instance === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(v.instance) ? v.instance : "";
    const pid = typeof v.pid === "number" && Number.isInteger(v.pid) && v.pid > 0 ? v.pid : 0;
    if (!channel || !target || !instance || !pid)
      return tell(refusalView("That button no longer works; run /appsvc dump <app> --instance <id> instead."));
    const accepted = bot.lifecycle.run(async () => {
      await bot.admission.turn();
      log.info({ instance, pid }, "dump button: proposing");
      const intent = {
        verb: "dump" as const,
        write: true as const,
        app: { kind: "resourceId" as const, id: target.appId, subscriptionId: "", resourceGroup: "", name: "" },
        instance,
        process: String(pid),
      };
      await proposeFromCommand(bot, intent, { channel, user, log, tell }).catch((e: unknown) => {
        log.error({ err: e }, "dump proposal from a button failed");
        return tell(refusalView(`Could not propose that: ${e instanceof Error ? e.message : String(e)}`));
      });
    });
    if (!accepted) await tell(restartingMessage());
  });
}

/** Diagnose and Collect: a read answered in the thread of the button's message. */
function registerThreadRead(app: App, bot: BotContext, verb: "diagnose" | "collect"): void {
  app.action<BlockAction<ButtonAction>>(
    verb === "diagnose" ? DIAGNOSE_ACTION : COLLECT_ACTION,
    async ({ ack, body, action, respond }) => {
      await ack();
      const user = body.user.id;
      const channel = body.channel?.id ?? body.container?.channel_id;
      const messageTs = body.message?.ts ?? body.container?.message_ts;
      const target = diagnoseTarget(action.value);
      const log = requestLogger(bot.log, { commandId: newCommandId(), user, channel, app: target?.appId });
      if (!channel || !messageTs || !target) {
        log.warn(`${verb} button without channel, message or a valid app`);
        await respond(
          ephemeral(usageErrorView({ message: `That button no longer works; run /appsvc ${verb} <app>.`, usage: "" })),
        );
        return;
      }
      const threadTs = (body.message as { thread_ts?: string } | undefined)?.thread_ts ?? messageTs;
      const name = appNameOf(target.appId) ?? "the app";
      const accepted = bot.lifecycle.run(async () => {
        await bot.admission.turn();
        log.info({ verb, via: "button" }, "button accepted");
        const common = {
          app: { kind: "resourceId" as const, id: target.appId, subscriptionId: "", resourceGroup: "", name },
          window: { ms: target.windowMs, label: "", defaulted: false },
        };
        const req = { user, channel, log };
        await answerInPlace(
          bot.out,
          { channel, user, threadTs, respond, bot: bot.identity(), log },
          progressView(name, verb),
          () =>
            verb === "diagnose"
              ? answerRead(bot, { verb, ...common }, req)
              : answerCollect(bot, { verb, ...common }, req),
        );
      });
      if (!accepted) await respond(ephemeral(restartingMessage())).catch(() => undefined);
    },
  );
}

function registerFixes(app: App, bot: BotContext): void {
  app.action<BlockAction<ButtonAction>>(MITIGATE, async ({ ack, action, body, respond }) => {
    await ack();
    const user = body.user.id;
    const channel = body.channel?.id ?? body.container?.channel_id;
    const v = parseValue(action.value);
    const log = requestLogger(bot.log, { commandId: newCommandId(), user, channel });
    const tell = (m: SlackMessage) =>
      respond(ephemeral(m)).then(
        () => undefined,
        (e: unknown) => log.warn({ err: e }, "could not answer the fix button"),
      );
    const target = diagnoseTarget(action.value);
    const n = Number(action.action_id.slice(MITIGATE_ACTION_PREFIX.length));
    if (!bot.approvals.gate.policy) {
      log.info({ kind: v.kind }, "fix button without a policy");
      return tell(writesDisabledMessage(verbOfKind(v.kind), appNameOf(v.appId)));
    }
    if (!channel || !target || typeof v.kind !== "string") {
      return tell(refusalView("That button no longer works; run /appsvc diagnose <app> again."));
    }
    const params = v.params && typeof v.params === "object" ? (v.params as Record<string, unknown>) : undefined;
    const accepted = bot.lifecycle.run(async () => {
      await bot.admission.turn();
      log.info({ kind: v.kind, n, reduced: v.reduced === true }, "fix button: proposing");
      await proposeFromButton(
        bot,
        { appId: target.appId, kind: v.kind as string, n, ...(params && v.reduced !== true ? { params } : {}) },
        { channel, user, log, tell },
      ).catch((e: unknown) => {
        log.error({ err: e }, "proposal from a fix button failed");
        return tell(refusalView(`Could not propose that: ${e instanceof Error ? e.message : String(e)}`));
      });
    });
    if (!accepted) await tell(restartingMessage());
  });

  for (const [id, handler] of [
    [APPROVE_ACTION, onApprove],
    [CANCEL_ACTION, onCancel],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(id, async ({ ack, action, body, respond }) => {
      await ack();
      const user = body.user.id;
      const channel = body.channel?.id ?? body.container?.channel_id ?? "";
      const messageTs = body.message?.ts ?? body.container?.message_ts;
      const log = requestLogger(bot.log, { commandId: newCommandId(), user, channel });
      const tell = (m: SlackMessage) =>
        respond(ephemeral(m)).then(
          () => undefined,
          (e: unknown) => log.warn({ err: e }, "could not answer the click"),
        );
      const accepted = bot.lifecycle.run(() =>
        handler(bot, { approvalId: action.value ?? "", user, channel, messageTs, log, tell }).catch((e: unknown) => {
          log.error({ err: e, action: id }, "approval click failed");
          return tell(refusalView("Something went wrong handling that click; nothing was sent to Azure by it."));
        }),
      );
      if (!accepted) await tell(restartingMessage());
    });
  }
}

// Buttons: Diagnose and Collect (answer in the thread of their message), the fix buttons on status and
// diagnose and the Dump buttons on collect (open a proposal, like the write commands) and Approve/Cancel on
// proposals. Every click goes through the door like a command. Clicks are acknowledged at once, except
// Approve and Cancel: their ack waits until the decision is stored (at most DECISION_ACK_MS), so a bot that
// dies in between leaves Slack's "didn't respond" on the button, not a silently lost approval.
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { CHANGES, changeKindOf } from "../../core/changes.ts";
import { BUTTON_PERMISSIONS, type Permission } from "../../door/permissions.ts";
import type { RequestContext } from "../../door/request-context.ts";
import { toPolicyAction } from "../../policy/policy.ts";
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

/** A change kind → the command verb that carries it (the pending view speaks in verbs). */
export function verbOfKind(kind: unknown): string {
  const k = typeof kind === "string" ? changeKindOf(kind) : undefined;
  return (k && CHANGES[k].verb) || (typeof kind === "string" && kind) || "change";
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
  registerDecisions(app, bot);
}

/** Opens the click's request context; only who and where come from the click. */
function openClick(bot: BotContext, user: string, channel: string | undefined, app?: string): Promise<RequestContext> {
  return bot.door.open({
    via: "button",
    user,
    ...(channel ? { channel } : {}),
    fields: { commandId: newCommandId(), ...(app ? { app } : {}) },
  });
}

/** The door's answer for a click, told to the clicker when it refuses. */
async function admitted(
  bot: BotContext,
  ctx: RequestContext,
  p: Permission,
  tell: (m: SlackMessage) => Promise<void>,
  about?: string,
): Promise<boolean> {
  const a = await bot.door.authorise(ctx, p, about);
  if (a.allowed) return true;
  ctx.log.info({ refused: a.code }, "button refused at the door");
  await tell(refusalView(p.kind === "request" ? `Not proposed: ${a.reason}` : a.reason));
  return false;
}

const tellerFor =
  (respond: (m: ReturnType<typeof ephemeral>) => Promise<unknown>, ctx: RequestContext, what: string) =>
  (m: SlackMessage) =>
    respond(ephemeral(m)).then(
      () => undefined,
      (e: unknown) => ctx.log.warn({ err: e }, `could not answer the ${what}`),
    );

/** The Dump button on collect's process table: a dump proposal for that instance and PID, like the command. */
function registerDump(app: App, bot: BotContext): void {
  app.action<BlockAction<ButtonAction>>(DUMP_ACTION, async ({ ack, action, body, respond }) => {
    await ack();
    const user = body.user.id;
    const channel = body.channel?.id ?? body.container?.channel_id;
    const v = parseValue(action.value);
    const target = diagnoseTarget(action.value);
    const ctx = await openClick(bot, user, channel, target?.appId);
    const tell = tellerFor(respond, ctx, "dump button");
    if (!bot.door.policy) return tell(writesDisabledMessage("dump", appNameOf(v.appId)));
    const instance = typeof v.instance === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(v.instance) ? v.instance : "";
    const pid = typeof v.pid === "number" && Number.isInteger(v.pid) && v.pid > 0 ? v.pid : 0;
    if (!channel || !target || !instance || !pid)
      return tell(refusalView("That button no longer works; run /appsvc dump <app> --instance <id> instead."));
    const accepted = bot.lifecycle.run(async () => {
      await bot.admission.turn();
      if (!(await admitted(bot, ctx, { kind: "request", actions: ["memoryDump"] }, tell, appNameOf(target.appId))))
        return;
      ctx.log.info({ instance, pid }, "dump button: proposing");
      const intent = {
        verb: "dump" as const,
        write: true as const,
        app: { kind: "resourceId" as const, id: target.appId, subscriptionId: "", resourceGroup: "", name: "" },
        instance,
        process: String(pid),
      };
      await proposeFromCommand(bot, ctx, intent, tell).catch((e: unknown) => {
        ctx.log.error({ err: e }, "dump proposal from a button failed");
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
      const ctx = await openClick(bot, user, channel, target?.appId);
      const tell = tellerFor(respond, ctx, `${verb} button`);
      if (!channel || !messageTs || !target) {
        ctx.log.warn(`${verb} button without channel, message or a valid app`);
        await tell(usageErrorView({ message: `That button no longer works; run /appsvc ${verb} <app>.`, usage: "" }));
        return;
      }
      const threadTs = (body.message as { thread_ts?: string } | undefined)?.thread_ts ?? messageTs;
      const name = appNameOf(target.appId) ?? "the app";
      const accepted = bot.lifecycle.run(async () => {
        await bot.admission.turn();
        if (!(await admitted(bot, ctx, BUTTON_PERMISSIONS[verb], tell))) return;
        ctx.log.info({ verb, via: "button" }, "button accepted");
        const common = {
          app: { kind: "resourceId" as const, id: target.appId, subscriptionId: "", resourceGroup: "", name },
          window: { ms: target.windowMs, label: "", defaulted: false },
        };
        await answerInPlace(
          bot.out,
          { channel, user, threadTs, respond, bot: bot.identity(), log: ctx.log },
          progressView({ theirs: name }, verb),
          () =>
            verb === "diagnose"
              ? answerRead(bot, { verb, ...common }, ctx)
              : answerCollect(bot, { verb, ...common }, ctx),
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
    const target = diagnoseTarget(action.value);
    const ctx = await openClick(bot, user, channel, target?.appId);
    const tell = tellerFor(respond, ctx, "fix button");
    const n = Number(action.action_id.slice(MITIGATE_ACTION_PREFIX.length));
    if (!bot.door.policy) {
      ctx.log.info({ kind: v.kind }, "fix button without a policy");
      return tell(writesDisabledMessage(verbOfKind(v.kind), appNameOf(v.appId)));
    }
    const asked = typeof v.kind === "string" ? toPolicyAction(v.kind) : undefined;
    if (!channel || !target || typeof v.kind !== "string" || !asked) {
      return tell(refusalView("That button no longer works; run /appsvc diagnose <app> again."));
    }
    const params = v.params && typeof v.params === "object" ? (v.params as Record<string, unknown>) : undefined;
    const accepted = bot.lifecycle.run(async () => {
      await bot.admission.turn();
      // The button's kind only narrows what is asked; the use case re-plans from a fresh diagnosis and the
      // authorizer judges the exact action on the resolved app.
      const permission: Permission = {
        kind: "request",
        actions: asked === "scaleOut" ? [asked, "autoscaleProfile"] : [asked],
      };
      if (!(await admitted(bot, ctx, permission, tell, appNameOf(target.appId)))) return;
      ctx.log.info({ kind: v.kind, n, reduced: v.reduced === true }, "fix button: proposing");
      await proposeFromButton(
        bot,
        ctx,
        { appId: target.appId, kind: v.kind as string, n, ...(params && v.reduced !== true ? { params } : {}) },
        tell,
      ).catch((e: unknown) => {
        ctx.log.error({ err: e }, "proposal from a fix button failed");
        return tell(refusalView(`Could not propose that: ${e instanceof Error ? e.message : String(e)}`));
      });
    });
    if (!accepted) await tell(restartingMessage());
  });
}

/** How long an Approve/Cancel ack may wait for its decision to be stored: inside Slack's 3 s, with margin. */
export const DECISION_ACK_MS = 2_000;

/** `ack` once: when `now()` is called, or after `ms` whatever happens. */
function ackOnce(ack: () => Promise<void>, ms: number): () => Promise<void> {
  let sent: Promise<void> | undefined;
  const now = () => {
    clearTimeout(timer);
    sent ??= ack();
    return sent;
  };
  const timer = setTimeout(() => void now().catch(() => undefined), ms);
  return now;
}

function registerDecisions(app: App, bot: BotContext): void {
  for (const [id, handler] of [
    [APPROVE_ACTION, onApprove],
    [CANCEL_ACTION, onCancel],
  ] as const) {
    app.action<BlockAction<ButtonAction>>(id, async ({ ack, action, body, respond }) => {
      const decided = ackOnce(ack, DECISION_ACK_MS);
      const user = body.user.id;
      const channel = body.channel?.id ?? body.container?.channel_id ?? "";
      const messageTs = body.message?.ts ?? body.container?.message_ts;
      // Only who and where come from the click; the decision is judged against the stored proposal's own
      // channel binding (policy-authorizer.ts), so a click naming another channel is refused and audited.
      const ctx = await openClick(bot, user, channel);
      const tell = tellerFor(respond, ctx, "click");
      const click = { approvalId: action.value ?? "", user, channel, messageTs, log: ctx.log, tell, decided };
      const accepted = bot.lifecycle.run((signal) =>
        handler(bot, { ...click, signal })
          .catch(async (e: unknown) => {
            ctx.log.error({ err: e, action: id }, "approval click failed");
            await decided();
            return tell(refusalView("Something went wrong handling that click; nothing was sent to Azure by it."));
          })
          .finally(decided),
      );
      if (!accepted) {
        await decided();
        await tell(restartingMessage());
      }
    });
  }
}

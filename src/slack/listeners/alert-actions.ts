// The buttons on an alert thread's message: Acknowledge, Mute this app for 1 h, Mute until resolved.
// Acknowledged at once; the change is recorded on the thread (the message shows it) and audited.
import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { BUTTON_PERMISSIONS } from "../../door/permissions.ts";
import type { BotContext } from "../context.ts";
import { restartingMessage } from "../notices.ts";
import type { AlertHandler } from "../presenters/alerts/handle.ts";
import {
  ALERT_ACK_ACTION,
  ALERT_MUTE_HOUR_ACTION,
  ALERT_MUTE_RESOLVED_ACTION,
  alertNoticeView,
} from "../views/alert.ts";
import { refusalView, type SlackMessage } from "../views/index.ts";
import { newCommandId } from "./command.ts";

const WHAT = {
  [ALERT_ACK_ACTION]: "acknowledge",
  [ALERT_MUTE_HOUR_ACTION]: "mute-hour",
  [ALERT_MUTE_RESOLVED_ACTION]: "mute-resolved",
} as const;

/** The thread ID in a button's value ({"threadId": …}); "" for anything else. */
export function threadIdOf(value: string | undefined): string {
  try {
    const v = JSON.parse(value ?? "") as { threadId?: unknown };
    return typeof v?.threadId === "string" && /^[0-9a-f-]{36}$/.test(v.threadId) ? v.threadId : "";
  } catch {
    return "";
  }
}

export function registerAlertActions(app: App, bot: BotContext, alerts: AlertHandler): void {
  for (const [id, what] of Object.entries(WHAT)) {
    app.action<BlockAction<ButtonAction>>(id, async ({ ack, action, body, respond }) => {
      await ack();
      const user = body.user.id;
      const channel = body.channel?.id ?? body.container?.channel_id;
      const ctx = await bot.door.open({
        via: "button",
        user,
        ...(channel ? { channel } : {}),
        fields: { commandId: newCommandId() },
      });
      const log = ctx.log;
      const tell = (m: SlackMessage) =>
        respond({ response_type: "ephemeral", replace_original: false, text: m.text, blocks: m.blocks }).then(
          () => undefined,
          (e: unknown) => log.warn({ err: e }, "could not answer the alert button"),
        );
      const accepted = bot.lifecycle.run(async () => {
        const admitted = await bot.door.authorise(ctx, BUTTON_PERMISSIONS[what]);
        if (!admitted.allowed) {
          log.info({ what, refused: admitted.code }, "alert button refused at the door");
          await tell(refusalView(admitted.reason));
          return;
        }
        const req = { threadId: threadIdOf(action.value), user, what, channel: channel ?? "" };
        const said = await alerts.respond(req, log).catch((e: unknown) => {
          log.error({ err: e, what }, "alert button failed");
          return "Something went wrong recording that; try again.";
        });
        await tell(alertNoticeView(said));
      });
      if (!accepted) await tell(restartingMessage());
    });
  }
}

// Acknowledge and mute, from the buttons on an incident thread's message: recorded on the thread (its message
// shows who), and in the audit log. Answers what to tell the person who clicked.

import { MUTE_MS, stateOf } from "../../../alerts/threads.ts";
import type { Logger } from "../../../log.ts";
import type { Store } from "../../../store/store.ts";
import { escapeMrkdwn } from "../../views/escape.ts";
import type { ThreadWriter } from "./thread-writer.ts";

export type Response = "acknowledge" | "mute-hour" | "mute-resolved";

export async function respondToThread(
  store: Store,
  writer: ThreadWriter,
  now: () => number,
  req: { threadId: string; user: string; what: Response; channel: string },
  log: Logger,
): Promise<string> {
  const { threadId, user, what } = req;
  const t = await store.getAlertThread(threadId);
  if (!t) return "That alert thread is no longer known to the bot.";
  // Judged against the thread's own stored channel, never the channel a click claims.
  if (t.channel !== req.channel)
    return "This button belongs to an alert thread in another channel. Nothing was changed.";
  if (t.resolvedAt !== null) return "That incident is already resolved.";
  const at = now();
  const s0 = stateOf(t);
  if (what === "acknowledge" && s0.ack) return `Already acknowledged by <@${s0.ack.user}>.`;
  const after = await writer.mutate(
    t,
    (s) =>
      what === "acknowledge"
        ? { ...s, ack: s.ack ?? { user, at } }
        : { ...s, mute: { until: what === "mute-hour" ? at + MUTE_MS : null, by: user, at } },
    { log },
  );
  if (!after) return "The thread changed too often to record that; try again.";
  const state = stateOf(after);
  await store.appendAudit({
    kind: what === "acknowledge" ? "acknowledgement" : "mute",
    correlationId: threadId,
    actor: user,
    ...(state.appId ? { app: state.title } : {}),
    detail: {
      threadId,
      channel: after.channel,
      alerts: Object.keys(state.alerts),
      ...(what === "acknowledge" ? {} : { until: state.mute?.until ?? "resolved" }),
    },
  });
  log.info({ threadId, what }, "alert thread responded to");
  if (what === "acknowledge") return "Acknowledged: your name is on the alert.";
  return what === "mute-hour"
    ? `Muted ${escapeMrkdwn(state.title)} for 1 h: new alerts for it are not posted until then (repeats still update this thread).`
    : `Muted ${escapeMrkdwn(state.title)} until this incident resolves.`;
}

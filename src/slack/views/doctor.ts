// `/appsvc doctor`: the set-up checks as one list of ✅/❌, each failure with its fix (sent ephemeral: it names
// subscriptions and scopes). Pure.
import type { Check } from "../../doctor/check.ts";
import { context, finalize, header, packLines } from "./blocks.ts";
import { escapeMrkdwn } from "./escape.ts";
import type { SlackMessage } from "./types.ts";

export function doctorView(checks: Check[]): SlackMessage {
  const failed = checks.filter((c) => !c.ok).length;
  const summary = failed
    ? `appsvc doctor: ${failed} of ${checks.length} checks failed.`
    : `appsvc doctor: all ${checks.length} checks passed.`;
  const lines = checks.flatMap((c) => [
    `${c.ok ? "✅" : "❌"} *${escapeMrkdwn(c.name)}* — ${escapeMrkdwn(c.detail)}`,
    ...(c.fix ? [`      ↳ _fix:_ ${escapeMrkdwn(c.fix)}`] : []),
  ]);
  return finalize(
    [header("appsvc doctor"), ...packLines(lines), context([escapeMrkdwn(summary.replace("appsvc doctor: ", ""))])],
    summary,
  );
}

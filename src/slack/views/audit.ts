// `/appsvc audit [app] [--days n] [--json]`: the bot's recent actions, newest first, one line each, and
// with --json the export as a file. Pure.
import type { AuditEntry } from "../../store/store.ts";
import { context, finalize, packLines, section } from "./blocks.ts";
import { clip, code, escapeMrkdwn } from "./escape.ts";
import { fmtDateTime } from "./format.ts";
import type { SlackMessage } from "./types.ts";

export interface AuditViewInput {
  entries: AuditEntry[];
  app?: string;
  days: number;
  json: boolean;
  timeZone?: string;
}

/** Lines shown in the message; the file (with --json) has them all. */
const MAX_LINES = 60;

const actorText = (a: string) =>
  /^[UW][A-Z0-9]+$/.test(a) ? `<@${a}>` : a === "system" ? "the bot" : escapeMrkdwn(clip(a, 40));

function detailText(e: AuditEntry): string {
  const d = (e.detail ?? {}) as Record<string, unknown>;
  const s = (v: unknown) => (typeof v === "string" ? v : undefined);
  const bits = [
    s(d.title),
    s(d.reason),
    s(d.state),
    typeof d.recovered === "boolean" ? (d.recovered ? "recovered" : "not recovered") : undefined,
    s(d.summary),
    s((d.error as { message?: unknown } | undefined)?.message),
  ].filter((x): x is string => !!x);
  return escapeMrkdwn(clip(bits.join(" · "), 300));
}

export function auditLine(e: AuditEntry, timeZone?: string): string {
  const detail = detailText(e);
  return `${fmtDateTime(e.at, timeZone)} · *${escapeMrkdwn(e.kind)}* · ${escapeMrkdwn(e.app ?? "—")} · ${actorText(e.actor)}${detail ? ` · ${detail}` : ""}`;
}

export function auditView(input: AuditViewInput): SlackMessage {
  const what = input.app ? ` for ${code(input.app)}` : "";
  const head = `*Audit${what}, last ${input.days} day${input.days === 1 ? "" : "s"}:* ${input.entries.length} entr${input.entries.length === 1 ? "y" : "ies"}`;
  if (input.entries.length === 0) {
    const text = `${head}. The bot changed nothing and refused nothing in that time.`;
    return finalize([section(text)], text.replace(/\*/g, ""));
  }
  const shown = input.entries.slice(0, MAX_LINES).map((e) => auditLine(e, input.timeZone));
  const more = input.entries.length - shown.length;
  const blocks = [
    ...packLines(shown, head),
    ...(more > 0 ? [context([`${more} older entries not shown${input.json ? "" : ": add --json for all"}.`])] : []),
  ];
  const file = input.json
    ? {
        filename: `appsvc-audit${input.app ? `-${input.app.replace(/[^A-Za-z0-9._-]+/g, "-")}` : ""}.json`,
        title: `appsvc-bot audit${input.app ? ` of ${input.app}` : ""}, last ${input.days} days`,
        content: `${JSON.stringify(input.entries, null, 2)}\n`,
      }
    : undefined;
  return finalize(blocks, head.replace(/\*/g, ""), file ? { file } : {});
}

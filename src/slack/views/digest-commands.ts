// Answers to `/appsvc digest subscribe|list|unsubscribe|now` (ephemeral to the caller): the confirmation
// with the next runs in the subscription's own zone, the DST warnings, the channel's list, refusals. Pure.
import type { KnownBlock } from "@slack/types";
import { context, finalize, packLines, section } from "./blocks.ts";
import { code, escapeMrkdwn } from "./escape.ts";
import { fmtDateTime } from "./format.ts";
import type { SlackMessage } from "./types.ts";

export type ZoneSource = "given" | "user" | "channel" | "default";

/** Where the time or the day rule came from: typed, the channel's policy `digest`, or 09:00/weekdays. */
import type { DigestValueSource } from "../../digests/defaults.ts";

export type { DigestValueSource };

export interface SubscribedInput {
  id: string;
  time: string;
  timeZone: string;
  zoneSource: ZoneSource;
  /** Absent = typed. */
  timeSource?: DigestValueSource;
  days: "weekdays" | "daily";
  /** Absent = typed. */
  daysSource?: DigestValueSource;
  /** Plain text, e.g. "rg:rg-shop" or "the channel's scope". */
  scope: string;
  nextRuns: number[];
  /** Daylight-saving gap: days the digest is skipped. */
  warnings: string[];
  notes: string[];
}

const ZONE_FROM: Record<ZoneSource, string> = {
  given: "",
  user: " (your Slack time zone)",
  channel: " (the channel's time zone)",
  default: " (no time zone known for you: UTC)",
};

const daysText = (d: "weekdays" | "daily") => (d === "weekdays" ? "on weekdays (Mon–Fri)" : "every day");

const VALUE_FROM: Record<Exclude<DigestValueSource, "given">, string> = {
  channel: "from the channel's policy",
  default: "by default",
};

/** " Time and days from the channel's policy.", " Days by default.", … ; "" when both were typed. */
function valueSourcesText(time: DigestValueSource, days: DigestValueSource): string {
  const parts = (["channel", "default"] as const).flatMap((src) => {
    const fields = [time === src ? "time" : "", days === src ? "days" : ""].filter(Boolean);
    return fields.length ? [`${fields.join(" and ")} ${VALUE_FROM[src]}`] : [];
  });
  const text = parts.join(", ");
  return text ? ` ${text[0].toUpperCase()}${text.slice(1)}.` : "";
}

export function subscribedView(s: SubscribedInput): SlackMessage {
  const head = `✅ Digest subscribed: ${escapeMrkdwn(s.time)} ${escapeMrkdwn(s.timeZone)}${ZONE_FROM[s.zoneSource]} ${daysText(s.days)}, covering ${escapeMrkdwn(s.scope)}.${valueSourcesText(s.timeSource ?? "given", s.daysSource ?? "given")}`;
  const blocks: KnownBlock[] = [
    section(
      `${head}\nNext: ${s.nextRuns.map((t) => fmtDateTime(t, s.timeZone)).join(" · ") || "n/a"}\nID ${code(s.id)} · ${code(`/appsvc digest unsubscribe ${s.id}`)} stops it.`,
    ),
  ];
  if (s.warnings.length) blocks.push(section(s.warnings.map((w) => `⚠️ ${escapeMrkdwn(w)}`).join("\n")));
  if (s.notes.length) blocks.push(context(s.notes.map((n) => escapeMrkdwn(n))));
  return finalize(blocks, head.replace(/\*/g, ""));
}

/** Invalid time, zone or day rule (or a DST gap refused): nothing was stored. */
export function subscribeRefusedView(errors: string[], hint?: string): SlackMessage {
  const text = `⚠️ Digest not subscribed: ${escapeMrkdwn(errors.join(" "))}`;
  return finalize(
    [
      section(text),
      context([
        hint
          ? escapeMrkdwn(hint)
          : `Usage: ${code("/appsvc digest subscribe [HH:MM] [time zone] [weekdays|daily] [scope…]")}`,
      ]),
    ],
    text,
  );
}

export interface SubscriptionItem {
  id: string;
  time: string;
  timeZone: string;
  days: "weekdays" | "daily";
  scope: string;
  nextRun: number | undefined;
  createdBy: string;
}

const userRef = (id: string) => (/^[UW][A-Z0-9]{2,20}$/.test(id) ? `<@${id}>` : code(id));

export function subscriptionListView(items: SubscriptionItem[]): SlackMessage {
  if (items.length === 0)
    return finalize(
      [
        section("No digest subscription in this channel."),
        context([`${code("/appsvc digest subscribe 09:00")} posts one on weekdays at 09:00 in your time zone.`]),
      ],
      "No digest subscription in this channel.",
    );
  const lines = items.map(
    (s) =>
      `• ${code(s.id)} · ${escapeMrkdwn(s.time)} ${escapeMrkdwn(s.timeZone)} ${daysText(s.days)} · ${escapeMrkdwn(s.scope)} · next ${s.nextRun === undefined ? "n/a" : fmtDateTime(s.nextRun, s.timeZone)} · by ${userRef(s.createdBy)}`,
  );
  const title = `*Digest subscriptions in this channel (${items.length})*`;
  return finalize(
    packLines(lines, title),
    `${items.length} digest subscription${items.length === 1 ? "" : "s"} in this channel.`,
    { fileName: "digest-subscriptions.md", fileTitle: "Digest subscriptions" },
  );
}

export function unsubscribedView(id: string, removed: boolean): SlackMessage {
  const text = removed
    ? `🗑️ Digest ${code(id)} unsubscribed: it posts no more.`
    : `⚠️ No digest subscription ${code(id)} in this channel: nothing changed. ${code("/appsvc digest list")} shows this channel's IDs.`;
  return finalize([section(text)], text);
}

/** `digest now`: the digest itself went to the channel; this tells the caller. */
export function digestPostedView(apps: number, scope: string): SlackMessage {
  const text = `📬 Digest of ${apps} app${apps === 1 ? "" : "s"} (${escapeMrkdwn(scope)}) posted in this channel.`;
  return finalize([section(text)], text);
}

/** The channel may not read (policy), or the bot could not post. */
export function digestRefusedView(reason: string): SlackMessage {
  const text = `⚠️ ${escapeMrkdwn(reason)}`;
  return finalize([section(text)], text);
}

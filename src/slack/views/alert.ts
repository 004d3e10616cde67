// An Azure Monitor incident thread's top-level message (severity, app, rules, conditions, links, who
// acknowledged, buttons), its resolution recap, and the storm summary. Pure: the thread state in, Block Kit out.
import type { KnownBlock } from "@slack/types";
import type { AlertEntry, ThreadState } from "../../alerts/threads.ts";
import { actions, button, context, finalize, header, section } from "./blocks.ts";
import { clip, code, escapeMrkdwn, escapePlain, link } from "./escape.ts";
import { fmtCount, fmtDateTime, fmtDuration, fmtTime } from "./format.ts";
import { portalDiagnoseUrl } from "./links.ts";
import type { SlackMessage } from "./types.ts";

export const ALERT_ACK_ACTION = "appsvc_alert_ack";
export const ALERT_MUTE_HOUR_ACTION = "appsvc_alert_mute_1h";
export const ALERT_MUTE_RESOLVED_ACTION = "appsvc_alert_mute_resolved";

const SEV_EMOJI = ["🔴", "🟠", "🟡", "🔵", "⚪"];
const SEV_NAME = ["Critical", "Error", "Warning", "Informational", "Verbose"];
/** Alerts listed in the message; the rest are counted. */
const LISTED = 10;

export interface AlertThreadViewInput {
  threadId: string;
  state: ThreadState;
  /** Set when every alert of the thread is resolved. */
  resolvedAt: number | null;
  portalBase: string;
  timeZone?: string;
}

const OPERATORS: Record<string, string> = {
  GreaterThan: ">",
  GreaterThanOrEqual: "≥",
  LessThan: "<",
  LowerThan: "<",
  LessThanOrEqual: "≤",
  Equals: "=",
  GreaterOrLessThan: "> or <",
  "Greater Than": ">",
  "Less Than": "<",
};

export const severityLabel = (sev: number): string => `Sev${sev} ${SEV_NAME[sev] ?? ""}`.trim();

/** "Http5xx Total > 10 (observed 42) over 5 min", or the event's title for activity-log alerts. */
export function conditionLine(a: Pick<AlertEntry, "conditions" | "event" | "kind">): string {
  if (a.event) {
    const status = a.event.status ? ` (${escapeMrkdwn(a.event.status)})` : "";
    const detail = a.event.detail ? ` · ${escapeMrkdwn(clip(a.event.detail, 200))}` : "";
    return `${escapeMrkdwn(clip(a.event.title, 300))}${status}${detail}`;
  }
  if (!a.conditions.length) return "no condition details in the notification";
  return a.conditions
    .map((c) => {
      const op = escapeMrkdwn(OPERATORS[c.operator] ?? c.operator);
      const metric = a.kind === "log" ? `query ${code(clip(c.metric, 120))}` : escapeMrkdwn(clip(c.metric, 120));
      const agg = c.aggregation && a.kind !== "log" ? ` ${escapeMrkdwn(c.aggregation)}` : "";
      const observed = c.observed === undefined ? "" : ` (observed ${fmtCount(c.observed)})`;
      const windowText = c.windowSize ? ` over ${escapeMrkdwn(windowLabel(c.windowSize))}` : "";
      const dyn = c.dynamic ? " (dynamic threshold)" : "";
      return `${metric}${agg} ${op} ${escapeMrkdwn(c.threshold)}${dyn}${observed}${windowText}`;
    })
    .join("\n");
}

function windowLabel(iso: string): string {
  const m = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(iso);
  if (!m) return iso;
  return [m[1] ? `${m[1]} h` : "", m[2] ? `${m[2]} min` : ""].filter(Boolean).join(" ") || iso;
}

function alertLine(a: AlertEntry, tz: string | undefined): string {
  const state = a.resolvedAt !== undefined ? "✅" : (SEV_EMOJI[a.severity] ?? "⚪");
  const repeats = a.count > 1 ? ` · fired ${a.count}×, last ${fmtTime(a.lastFiredAt, tz)}` : "";
  const resolved = a.resolvedAt !== undefined ? ` · resolved ${fmtTime(a.resolvedAt, tz)}` : "";
  return `${state} *${escapeMrkdwn(clip(a.rule, 120))}* (Sev${a.severity}, ${escapeMrkdwn(a.monitoringService || a.kind)})${repeats}${resolved}\n${conditionLine(a)}`;
}

export function alertThreadView(input: AlertThreadViewInput): SlackMessage {
  const { state, resolvedAt, timeZone: tz } = input;
  const entries = Object.entries(state.alerts);
  const sev = Math.min(4, ...entries.map(([, a]) => a.severity));
  const first = Math.min(...entries.map(([, a]) => a.firedAt));
  const rules = [...new Set(entries.map(([, a]) => a.rule))];
  const title = escapePlain(clip(state.title, 80));
  const what = rules.length === 1 ? clip(rules[0], 90) : `${rules.length} alert rules`;
  const subject = state.title === what ? "" : `${title}: `;
  const head = resolvedAt
    ? `✅ Resolved · ${subject}${escapePlain(what)}`
    : `${SEV_EMOJI[sev] ?? "⚪"} Sev${sev} · ${subject}${escapePlain(what)}`;
  const blocks: KnownBlock[] = [header(head)];
  if (resolvedAt) {
    blocks.push(
      section(
        `*Resolved at ${fmtDateTime(resolvedAt, tz)}* after ${fmtDuration(resolvedAt - first)} (first fired ${fmtDateTime(first, tz)}).`,
      ),
    );
  }
  const lines = entries.slice(0, LISTED).map(([, a]) => alertLine(a, tz));
  if (entries.length > LISTED)
    lines.push(`… and ${entries.length - LISTED} more alerts for ${escapeMrkdwn(state.title)}`);
  for (const l of lines) blocks.push(section(l));
  const firstId = entries[0]?.[0];
  const links = [
    firstId?.startsWith("/subscriptions/")
      ? link(`${base(input.portalBase)}/#@/resource${encodeURI(firstId)}`, "Alert in the portal")
      : "",
    state.appId ? link(portalDiagnoseUrl(state.appId, input.portalBase), "Diagnose and solve problems") : "",
  ].filter(Boolean);
  const facts = [
    `${severityLabel(sev)} · first fired ${fmtDateTime(first, tz)}`,
    entries.length > 1 ? `${entries.length} alerts grouped` : "",
    ...links,
  ].filter(Boolean);
  blocks.push(context([facts.join(" · ")]));
  const who: string[] = [];
  if (state.ack) who.push(`👀 Acknowledged by <@${escapeMrkdwn(state.ack.user)}> at ${fmtTime(state.ack.at, tz)}`);
  if (state.mute)
    who.push(
      `🔕 Muted by <@${escapeMrkdwn(state.mute.by)}> ${state.mute.until === null ? "until resolved" : `until ${fmtTime(state.mute.until, tz)}`}`,
    );
  if (who.length) blocks.push(context([who.join(" · ")]));
  if (!resolvedAt) {
    const v = JSON.stringify({ threadId: input.threadId });
    blocks.push(
      actions([
        ...(state.ack ? [] : [button({ text: "Acknowledge", actionId: ALERT_ACK_ACTION, value: v, style: "primary" })]),
        ...(state.mute
          ? []
          : [
              button({ text: "Mute this app for 1 h", actionId: ALERT_MUTE_HOUR_ACTION, value: v }),
              button({ text: "Mute until resolved", actionId: ALERT_MUTE_RESOLVED_ACTION, value: v }),
            ]),
      ]),
    );
    if ((blocks.at(-1) as { elements?: unknown[] }).elements?.length === 0) blocks.pop();
  }
  const text = resolvedAt
    ? `Resolved: ${state.title}, ${what} (after ${fmtDuration(resolvedAt - first)})`
    : `Sev${sev} alert on ${state.title}: ${what}`;
  return finalize(blocks, escapeMrkdwn(text));
}

/** The one-line recap in the thread when the incident resolves. */
export function alertRecapView(state: ThreadState, resolvedAt: number, timeZone?: string): SlackMessage {
  const entries = Object.values(state.alerts);
  const first = Math.min(...entries.map((a) => a.firedAt));
  const notifications = entries.reduce((n, a) => n + a.count, 0);
  const ack = state.ack ? `, acknowledged by <@${escapeMrkdwn(state.ack.user)}>` : "";
  const line = `✅ Resolved at ${fmtTime(resolvedAt, timeZone)} after ${fmtDuration(resolvedAt - first)}: ${entries.length} alert${entries.length === 1 ? "" : "s"}, ${notifications} notification${notifications === 1 ? "" : "s"}${ack}.`;
  return finalize([section(line)], line);
}

/** Posted once per storm in a channel, updated as it grows. */
export function alertStormView(alerts: number, apps: number, since: number, timeZone?: string): SlackMessage {
  const line = `🌩️ *Alert storm:* ${alerts} alerts across ${apps} app${apps === 1 ? "" : "s"} since ${fmtTime(since, timeZone)}. Grouped into one thread per app; repeats update their thread instead of posting.`;
  return finalize([section(line)], line);
}

/** The evidence pack's header when the app could not be read (not an App Service app, or outside the fleet). */
export function alertNoEvidenceView(reason: string): SlackMessage {
  const line = `No evidence pack: ${escapeMrkdwn(reason)}`;
  return finalize([section(line)], line);
}

/** The ephemeral answer to an alert button (the text is the bot's own; app names are escaped by the caller). */
export function alertNoticeView(text: string): SlackMessage {
  return finalize([section(text)], text);
}

const base = (b: string) => b.replace(/\/+$/, "");

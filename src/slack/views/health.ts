// `/appsvc health`: Resource Health of one app (when named) and the Service Health events for App Service.
import type { KnownBlock } from "@slack/types";
import type { AppRef, ResourceHealthInfo, ServiceHealthEvent } from "../../core/snapshot.ts";
import { context, finalize, header, packLines, section } from "./blocks.ts";
import { escapeMrkdwn, escapePlain, link } from "./escape.ts";
import { fmtDateTime, zoneNote } from "./format.ts";
import type { SlackMessage } from "./types.ts";
import { appLabel, availabilityEmoji } from "./vocabulary.ts";

export interface HealthViewInput {
  app?: AppRef;
  resourceHealth?: ResourceHealthInfo;
  /** Absent: not read (the reason is in `notRead`), which is not "no events". */
  serviceHealth?: ServiceHealthEvent[];
  /** What was asked and not read: the signal (`resourceHealth`, `serviceHealth`) and the call with what happened. */
  notRead?: Array<{ signal: string; reason: string }>;
  timeZone?: string;
  now?: number;
}

/** " — availabilityStatuses.getByResource shop-api: throttled for 30 s" for a part not read, or "". */
function whyNot(input: HealthViewInput, signal: string): string {
  const reasons = (input.notRead ?? []).filter((n) => n.signal === signal).map((n) => escapeMrkdwn(n.reason));
  return reasons.length ? ` — ${reasons.join("; ")}` : "";
}

function eventLine(e: ServiceHealthEvent, tz?: string): string {
  const active = e.status === "Active";
  const emoji = !active ? "⚪" : e.eventType === "ServiceIssue" ? "🔴" : "🟠";
  const regions = e.regions?.length ? e.regions.map((r) => escapeMrkdwn(r)).join(", ") : "all regions";
  const when = [
    e.start !== undefined ? `since ${fmtDateTime(e.start, tz)}` : "",
    e.end !== undefined ? `until ${fmtDateTime(e.end, tz)}` : "",
  ]
    .filter((x) => x)
    .join(" ");
  const details = e.link ? ` · ${link(e.link, "details")}` : "";
  return `${emoji} *${escapeMrkdwn(e.title || e.id)}* — ${escapeMrkdwn(e.eventType)} · ${escapeMrkdwn(e.status)} · ${regions}${when ? ` · ${when}` : ""}${details}`;
}

export function healthView(input: HealthViewInput): SlackMessage {
  const tz = input.timeZone;
  const label = input.app ? appLabel(input.app) : undefined;
  const blocks: KnownBlock[] = [header(label ? `Azure health · ${escapePlain(label)}` : "Azure health · App Service")];
  const rh = input.resourceHealth;
  if (rh) {
    const lines = [
      `*Resource Health:* ${availabilityEmoji(rh.availabilityState)} ${escapeMrkdwn(rh.availabilityState)}${rh.reasonType ? ` (${escapeMrkdwn(rh.reasonType)})` : ""}`,
    ];
    if (rh.title) lines.push(escapeMrkdwn(rh.title));
    if (rh.summary) lines.push(escapeMrkdwn(rh.summary, { multiline: true }));
    if (rh.occurredTime !== undefined) lines.push(`Since ${fmtDateTime(rh.occurredTime, tz)}`);
    blocks.push(section(lines.join("\n")));
  } else if (input.app) {
    const why = whyNot(input, "resourceHealth");
    blocks.push(section(`*Resource Health:* not read${why || " (no answer, or no permission to read it)"}.`));
  }
  const shRead = input.serviceHealth !== undefined;
  const events = [...(input.serviceHealth ?? [])].sort(
    (a, b) => Number(b.status === "Active") - Number(a.status === "Active"),
  );
  const active = events.filter((e) => e.status === "Active");
  // Service Health read for only some subscriptions (no app named): the events found, and which reads failed.
  const partly = shRead && (input.notRead ?? []).some((n) => n.signal === "serviceHealth");
  if (!shRead) blocks.push(section(`*Service Health:* not read${whyNot(input, "serviceHealth")}.`));
  else if (events.length === 0 && !partly) blocks.push(section("*Service Health:* 🟢 no App Service events."));
  else if (events.length === 0)
    blocks.push(
      section(`*Service Health:* no App Service events where it was read; not read${whyNot(input, "serviceHealth")}.`),
    );
  else
    blocks.push(
      ...packLines(
        events.map((e) => eventLine(e, tz)),
        `*Service Health:* ${active.length} active event${active.length === 1 ? "" : "s"}`,
      ),
    );
  if (events.length)
    blocks.push(
      context([
        zoneNote(input.now ?? events[0].start ?? 0, tz),
        ...(partly ? [`Service Health not read${whyNot(input, "serviceHealth")}`] : []),
      ]),
    );
  const rhWord = rh
    ? `Resource Health ${escapeMrkdwn(rh.availabilityState)}`
    : input.app
      ? "Resource Health not read"
      : "";
  const lead = label ? `${escapeMrkdwn(label)}:` : "Azure health:";
  const shWord = shRead
    ? `${active.length} active Service Health event${active.length === 1 ? "" : "s"}`
    : "Service Health not read";
  const facts = [rhWord, shWord].filter((x) => x);
  const text = `${lead} ${facts.join(" · ")}.`;
  return finalize(blocks, text, { fileName: "azure-health.md", fileTitle: "Azure health" });
}

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
  serviceHealth: ServiceHealthEvent[];
  timeZone?: string;
  now?: number;
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
  } else if (input.app) blocks.push(section("*Resource Health:* not read (no answer, or no permission to read it)."));
  const events = [...(input.serviceHealth ?? [])].sort(
    (a, b) => Number(b.status === "Active") - Number(a.status === "Active"),
  );
  const active = events.filter((e) => e.status === "Active");
  if (events.length === 0) blocks.push(section("*Service Health:* 🟢 no App Service events."));
  else
    blocks.push(
      ...packLines(
        events.map((e) => eventLine(e, tz)),
        `*Service Health:* ${active.length} active event${active.length === 1 ? "" : "s"}`,
      ),
    );
  if (events.length) blocks.push(context([zoneNote(input.now ?? events[0].start ?? 0, tz)]));
  const rhWord = rh
    ? `Resource Health ${escapeMrkdwn(rh.availabilityState)}`
    : input.app
      ? "Resource Health not read"
      : "";
  const lead = label ? `${escapeMrkdwn(label)}:` : "Azure health:";
  const facts = [rhWord, `${active.length} active Service Health event${active.length === 1 ? "" : "s"}`].filter(
    (x) => x,
  );
  const text = `${lead} ${facts.join(" · ")}.`;
  return finalize(blocks, text, { fileName: "azure-health.md", fileTitle: "Azure health" });
}

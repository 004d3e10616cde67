// `/appsvc list`: the apps in scope grouped by subscription and resource group, each on one line with its
// state, plan and last verdict. Long lists collapse into an attached file (finalize).
import type { KnownBlock } from "@slack/types";
import type { AppRef } from "../../core/snapshot.ts";
import { context, finalize, header, packLines, section } from "./blocks.ts";
import { code, escapeMrkdwn, escapePlain } from "./escape.ts";
import { fmtDateTime } from "./format.ts";
import type { SlackMessage } from "./types.ts";
import { STOPPED_EMOJI, verdictStringLook } from "./vocabulary.ts";

export interface ListItem {
  app: AppRef;
  state?: string;
  sku?: string;
  instances?: number;
  verdict?: string;
  /** A stopped app: the last stop (Activity Log) the bot saw, and who did it. */
  stoppedSince?: number;
  stoppedBy?: string;
}

/** Case-insensitive substring over name, slot, resource group and region. */
export function matchesFilter(item: ListItem, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  if (!f) return true;
  const a = item.app;
  return [a.name, a.slot, a.resourceGroup, a.region, a.location].some((x) => x?.toLowerCase().includes(f));
}

function line(item: ListItem): string {
  const a = item.app;
  const look = verdictStringLook(item.verdict);
  const parts = [item.state ? escapeMrkdwn(item.state) : "state n/a"];
  if (item.stoppedSince !== undefined)
    parts[0] += ` since ${fmtDateTime(item.stoppedSince)}${item.stoppedBy ? ` by ${escapeMrkdwn(item.stoppedBy)}` : ""}`;
  if (item.sku) parts.push(`${escapeMrkdwn(item.sku)}${item.instances !== undefined ? ` × ${item.instances}` : ""}`);
  parts.push(escapeMrkdwn(a.region || a.location || "region n/a"));
  const name = a.slot ? `${a.name}/${a.slot}` : a.name;
  // A stopped app is a choice someone made, not a failure: its own symbol whatever the last verdict.
  const emoji = /^stopped$/i.test(item.state ?? "") ? STOPPED_EMOJI : look.emoji;
  return `${emoji} ${code(name)} · ${parts.join(" · ")}${item.verdict ? ` · ${look.word}` : ""}`;
}

const by = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());

export function listView(apps: ListItem[], filter?: string): SlackMessage {
  const items = (apps ?? []).filter((i) => i?.app && (!filter || matchesFilter(i, filter)));
  const title = filter
    ? `Apps matching “${escapePlain(filter)}” (${items.length})`
    : `Apps I can see (${items.length})`;
  if (items.length === 0) {
    const text = filter
      ? `No app matches ${code(filter)}. ${code("/appsvc list")} shows every app I can see.`
      : "I can see no apps. Check `AZURE_SUBSCRIPTION_IDS` and that the bot's identity has *Reader* on the subscriptions.";
    return finalize([section(text)], filter ? `No app matches ${escapeMrkdwn(filter)}.` : "No apps visible.");
  }
  const sorted = [...items].sort(
    (x, y) =>
      by(x.app.subscriptionId ?? "", y.app.subscriptionId ?? "") ||
      by(x.app.resourceGroup ?? "", y.app.resourceGroup ?? "") ||
      by(x.app.name ?? "", y.app.name ?? "") ||
      by(x.app.slot ?? "", y.app.slot ?? ""),
  );
  const blocks: KnownBlock[] = [header(title)];
  let sub: string | undefined;
  let group: ListItem[] = [];
  const flush = () => {
    if (!group.length) return;
    const rg = group[0].app.resourceGroup ?? "";
    blocks.push(
      ...packLines(
        group.map(line),
        `*${escapeMrkdwn(rg || "(no resource group)")}* · ${group.length} app${group.length > 1 ? "s" : ""}`,
      ),
    );
    group = [];
  };
  for (const item of sorted) {
    if (item.app.subscriptionId !== sub) {
      flush();
      sub = item.app.subscriptionId;
      blocks.push(context([`Subscription ${code(sub ?? "n/a")}`]));
    } else if (group.length && by(group[0].app.resourceGroup ?? "", item.app.resourceGroup ?? "") !== 0) flush();
    group.push(item);
  }
  flush();
  const groups = new Set(items.map((i) => `${i.app.subscriptionId}/${i.app.resourceGroup}`.toLowerCase())).size;
  const stopped = items.filter((i) => /^stopped$/i.test(i.state ?? "")).length;
  const red = items.filter(
    (i) => !/^stopped$/i.test(i.state ?? "") && verdictStringLook(i.verdict).tone === "red",
  ).length;
  const counts = [red ? `${red} 🔴` : "", stopped ? `${stopped} ${STOPPED_EMOJI} stopped` : ""].filter((x) => x);
  const text = `${items.length} app${items.length > 1 ? "s" : ""} in ${groups} resource group${groups > 1 ? "s" : ""}${counts.length ? ` (${counts.join(", ")})` : ""}${filter ? ` matching ${escapeMrkdwn(filter)}` : ""}.`;
  return finalize(blocks, text, { fileName: "appsvc-apps.md", fileTitle: "Apps in scope" });
}

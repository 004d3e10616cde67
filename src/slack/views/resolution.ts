// When a typed name does not pick exactly one app: list the candidates with the exact command for each, or
// suggest close names.
import type { KnownBlock } from "@slack/types";
import type { Resolution } from "../../core/fleet.ts";
import type { AppRef } from "../../core/snapshot.ts";
import { context, finalize, packLines, section } from "./blocks.ts";
import { code, escapeMrkdwn } from "./escape.ts";
import type { SlackMessage } from "./types.ts";
import { appLabel, appPath } from "./vocabulary.ts";

const MAX_LISTED = 20;

function candidateLine(a: AppRef, verb: string): string {
  const where = escapeMrkdwn(a.region || a.location || "region n/a");
  return `• ${code(`${a.resourceGroup}/${appLabel(a)}`)} (${where}) → ${code(`/appsvc ${verb} ${appPath(a)}`)}`;
}

export function resolutionView(resolution: Resolution, query: string, verb = "status"): SlackMessage {
  const q = code(query);
  if (resolution.kind === "found") {
    const a = resolution.app;
    return finalize(
      [section(`${q} is ${code(`${a.resourceGroup}/${appLabel(a)}`)}.`)],
      `${escapeMrkdwn(query)} found.`,
    );
  }
  if (resolution.kind === "ambiguous") {
    const c = resolution.candidates ?? [];
    const lines = c.slice(0, MAX_LISTED).map((a) => candidateLine(a, verb));
    if (c.length > MAX_LISTED)
      lines.push(`_… and ${c.length - MAX_LISTED} more: add the resource group to narrow it._`);
    const blocks = [
      ...packLines(lines, `${q} matches *${c.length}* apps. Run the one you mean:`),
      context(["Name an app as `rg/name`, `rg/name/slot` or by its resource ID."]),
    ];
    return finalize(blocks, `${escapeMrkdwn(query)} matches ${c.length} apps: name it as rg/name.`);
  }
  const s = resolution.suggestions ?? [];
  if (s.length === 0) {
    const text = `No app matches ${q}; ${code("/appsvc list")} shows the apps I can see.`;
    return finalize([section(text)], `No app matches ${escapeMrkdwn(query)}.`);
  }
  const blocks: KnownBlock[] = packLines(
    s.slice(0, MAX_LISTED).map((a) => candidateLine(a, verb)),
    `No app matches ${q}. Did you mean:`,
  );
  blocks.push(context([`${code("/appsvc list")} shows every app I can see.`]));
  return finalize(blocks, `No app matches ${escapeMrkdwn(query)}; ${s.length} similar name${s.length > 1 ? "s" : ""}.`);
}

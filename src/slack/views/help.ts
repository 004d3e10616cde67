// Help and usage errors, rendered from the parser's help data (src/command/usage.ts: groups of verbs
// with synopsis, summary, example and aliases), so the words live in one place.
import type { KnownBlock } from "@slack/types";
import type { HelpGroup, VerbHelp } from "../../command/usage.ts";
import { context, finalize, packLines, section } from "./blocks.ts";
import { clip, code, escapeMrkdwn } from "./escape.ts";
import type { SlackMessage } from "./types.ts";

export interface HelpViewOptions {
  /** A verb or alias: that command in detail. */
  topic?: string;
  /** Lines under the overview (how apps are named, window syntax). */
  notes?: string[];
}

const cmd = (synopsis: string) => code(`/appsvc ${synopsis}`);

function verbLines(v: VerbHelp): string {
  const alias = v.aliases?.length ? ` (also ${v.aliases.map((a) => code(a)).join(", ")})` : "";
  return `${(v.synopsis ?? []).map(cmd).join("\n")}${alias}\n${escapeMrkdwn(v.summary)}`;
}

function verbDetail(v: VerbHelp, write: boolean): string {
  const lines = [
    `*/appsvc ${escapeMrkdwn(v.verb)}*${write ? " · _needs approval_" : ""}`,
    ...(v.synopsis ?? []).map(cmd),
  ];
  lines.push(escapeMrkdwn(v.summary));
  if (v.aliases?.length) lines.push(`Aliases: ${v.aliases.map((a) => code(a)).join(", ")}`);
  if (v.defaultWindow) lines.push(`Default window: ${escapeMrkdwn(v.defaultWindow)}`);
  if (v.example) lines.push(`Example: ${code(v.example)}`);
  return lines.join("\n");
}

/** The overview (one section per group), or one command in detail when `topic` names a verb or alias. */
export function helpView(groups: HelpGroup[], opts: HelpViewOptions = {}): SlackMessage {
  const t = opts.topic?.trim().toLowerCase();
  if (t) {
    for (const g of groups ?? []) {
      const v = g.verbs.find((x) => x.verb.toLowerCase() === t || x.aliases?.some((a) => a.toLowerCase() === t));
      if (v)
        return finalize(
          [section(verbDetail(v, g.group === "act"))],
          `/appsvc ${escapeMrkdwn(v.verb)}: ${escapeMrkdwn(v.summary)}`,
        );
    }
  }
  const blocks: KnownBlock[] = t ? [section(`No command ${code(opts.topic ?? "")}. These are the ones I know:`)] : [];
  let count = 0;
  for (const g of groups ?? []) {
    count += g.verbs.length;
    blocks.push(...packLines(g.verbs.map(verbLines), `*${escapeMrkdwn(g.title)}*`));
  }
  if (count === 0) blocks.push(section("No commands are available to you here."));
  if (opts.notes?.length) blocks.push(context(opts.notes.map((n) => escapeMrkdwn(n))));
  return finalize(blocks, `appsvc-bot: ${count} commands. /appsvc help &lt;command&gt; shows one in detail.`, {
    fileName: "appsvc-help.md",
    fileTitle: "appsvc-bot help",
  });
}

export interface UsageErrorInput {
  message: string;
  /** The parser's usage text (may span lines). */
  usage: string;
  suggestions?: string[];
}

/** A parser error (sent ephemeral): what was wrong, the usage, and "did you mean". */
export function usageErrorView(input: UsageErrorInput): SlackMessage {
  const usage = escapeMrkdwn(clip(input.usage ?? "", 2000), { multiline: true }).replace(/```/g, "ˋˋˋ");
  const lines = [`⚠️ ${escapeMrkdwn(input.message)}`];
  if (usage.trim())
    lines.push(usage.includes("\n") ? `Usage:\n\`\`\`\n${usage}\n\`\`\`` : `Usage: ${code(input.usage)}`);
  const s = (input.suggestions ?? []).slice(0, 5);
  if (s.length) lines.push(`Did you mean ${s.map((x) => code(x)).join(" or ")}?`);
  return finalize(
    [section(lines.join("\n")), context([`${code("/appsvc help")} lists every command.`])],
    `⚠️ ${escapeMrkdwn(input.message)}`,
  );
}

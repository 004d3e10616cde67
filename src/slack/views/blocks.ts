// Block builders that stay within Block Kit limits by construction (Slack's Block Kit reference): every text is
// clipped to its limit, lists are capped, and finalize() moves overflow into an attached file.
import type {
  ActionsBlock,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from "@slack/types";
import { clip } from "./escape.ts";
import { blocksToMarkdown } from "./markdown.ts";
import type { HomeTab, SlackFile, SlackMessage } from "./types.ts";

export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  text: 3000,
  field: 2000,
  fields: 10,
  contextElements: 10,
  header: 150,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  actionsElements: 25,
  fallback: 3000,
} as const;

/** Slack rejects empty text objects: an em dash stands in. */
const nonEmpty = (s: string): string => (s.trim() === "" ? "—" : s);

export function mrkdwn(text: string, max: number = LIMITS.text): MrkdwnElement {
  return { type: "mrkdwn", text: clip(nonEmpty(text), max) };
}

export function plain(text: string, max: number = LIMITS.text): PlainTextElement {
  return { type: "plain_text", text: clip(nonEmpty(text), max), emoji: true };
}

export function section(text: string, accessory?: Button): SectionBlock {
  return { type: "section", text: mrkdwn(text), ...(accessory ? { accessory } : {}) };
}

/** Up to ten two-line fields ("*Label*\nvalue"); more collapse into the tenth. */
export function fields(items: string[], text?: string): SectionBlock {
  let list = items.length ? items : ["—"];
  if (list.length > LIMITS.fields) {
    list = [...list.slice(0, LIMITS.fields - 1), `… ${list.length - (LIMITS.fields - 1)} more`];
  }
  return {
    type: "section",
    ...(text ? { text: mrkdwn(text) } : {}),
    fields: list.map((f) => mrkdwn(f, LIMITS.field)),
  };
}

/** Small grey line(s); past ten elements the rest are joined into the last one. */
export function context(items: string[]): ContextBlock {
  let list = items.filter((s) => s.trim() !== "");
  if (list.length === 0) list = ["—"];
  if (list.length > LIMITS.contextElements) {
    list = [...list.slice(0, LIMITS.contextElements - 1), list.slice(LIMITS.contextElements - 1).join(" · ")];
  }
  return { type: "context", elements: list.map((t) => mrkdwn(t)) };
}

export function header(text: string): HeaderBlock {
  return { type: "header", text: plain(text, LIMITS.header) };
}

export function divider(): DividerBlock {
  return { type: "divider" };
}

export interface ButtonSpec {
  text: string;
  actionId: string;
  value?: string;
  style?: "primary" | "danger";
  url?: string;
}

export function button(b: ButtonSpec): Button {
  return {
    type: "button",
    text: plain(b.text, LIMITS.buttonText),
    action_id: b.actionId.slice(0, LIMITS.actionId),
    ...(b.value !== undefined ? { value: b.value.slice(0, LIMITS.buttonValue) } : {}),
    ...(b.style ? { style: b.style } : {}),
    ...(b.url ? { url: b.url.slice(0, 3000) } : {}),
  };
}

/** Up to 25 buttons with unique action_ids (Slack rejects duplicates within a block). */
export function actions(buttons: Button[]): ActionsBlock {
  const seen = new Set<string>();
  const elements = buttons.slice(0, LIMITS.actionsElements).map((b) => {
    let id = b.action_id ?? "appsvc_button";
    for (let n = 2; seen.has(id); n++) id = `${(b.action_id ?? "appsvc_button").slice(0, LIMITS.actionId - 6)}_${n}`;
    seen.add(id);
    return { ...b, action_id: id };
  });
  return { type: "actions", elements };
}

/** Packs lines into as few sections as fit (each ≤ 3000 characters); an over-long line is clipped. */
export function packLines(lines: string[], first = "", max: number = LIMITS.text): SectionBlock[] {
  const out: SectionBlock[] = [];
  let cur = first;
  for (const raw of lines) {
    const line = clip(raw, max);
    if (cur && cur.length + 1 + line.length > max) {
      out.push(section(cur));
      cur = line;
    } else cur = cur ? `${cur}\n${line}` : line;
  }
  if (cur) out.push(section(cur));
  return out;
}

/** Top-level text: never empty (it drives notifications and screen readers), ≤ 3000 characters. */
export function fallbackText(text: string): string {
  return clip(nonEmpty(text.trim() === "" ? "appsvc-bot" : text), LIMITS.fallback);
}

export interface FinalizeOptions {
  /** Full content to attach; when absent and blocks overflow, the blocks themselves become the file. */
  file?: SlackFile;
  /** Filename and title for a file built from overflowing blocks. */
  fileName?: string;
  fileTitle?: string;
  maxBlocks?: number;
}

/**
 * The message: at most 50 blocks. Overflow collapses into "… N more — see the attached file" (buttons at the
 * end stay) and the full content moves into `file`.
 */
export function finalize(blocks: KnownBlock[], text: string, opts: FinalizeOptions = {}): SlackMessage {
  const max = opts.maxBlocks ?? LIMITS.messageBlocks;
  let file = opts.file;
  let out = blocks;
  if (blocks.length > max) {
    const tail = blocks[blocks.length - 1]?.type === "actions" ? [blocks[blocks.length - 1]] : [];
    const keep = blocks.slice(0, max - 1 - tail.length);
    const hidden = blocks.length - keep.length - tail.length;
    out = [...keep, section(`… ${hidden} more — see the attached file`), ...tail];
    file ??= {
      filename: opts.fileName ?? "appsvc.md",
      title: opts.fileTitle ?? "appsvc-bot: full answer",
      content: blocksToMarkdown(blocks),
    };
  }
  return { text: fallbackText(text), blocks: out, ...(file ? { file } : {}) };
}

/** An App Home tab: at most 100 blocks; there is no file to attach, so overflow points at a command. */
export function finalizeHome(blocks: KnownBlock[], overflowHint: string): HomeTab {
  if (blocks.length <= LIMITS.viewBlocks) return { type: "home", blocks };
  const keep = blocks.slice(0, LIMITS.viewBlocks - 1);
  return { type: "home", blocks: [...keep, context([`… ${blocks.length - keep.length} more — ${overflowHint}`])] };
}

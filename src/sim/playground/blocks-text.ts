// Block Kit as terminal text, for the terminal playground: every block Slack would show (header, section text,
// fields and accessory, context, actions, image, divider, rich text, markdown), buttons as [Label] so they can
// be clicked by label, mrkdwn links as "label (url)", and Slack's three HTML entities decoded. Pure.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : "");

/** Slack escapes only &, < and >; links are <url|label>, mentions <@U…>, channels <#C…|name>, <!here>. */
export function mrkdwnToText(text: string): string {
  return (
    text
      .replace(/<([^<>]+)>/g, (_m, inner: string) => {
        const [target, label] = inner.split("|", 2);
        if (target.startsWith("@") || target.startsWith("#")) return label ? `${target[0]}${label}` : target;
        if (target.startsWith("!")) return `@${label ?? target.slice(1).replace(/\^.*/, "")}`;
        return label && label !== target ? `${label} (${target})` : target;
      })
      // *bold* reads as plain text in a terminal; `code` keeps its backticks (commands to copy).
      .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,;:!?])/g, "$1$2")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&")
  );
}

const textOf = (t: unknown): string =>
  isObj(t) ? (t.type === "mrkdwn" ? mrkdwnToText(str(t.text)) : str(t.text)) : "";

/** A button's label as the terminal shows (and `click` matches) it. */
export const buttonLabel = (el: Obj): string => textOf(el.text);

function element(el: unknown): string {
  if (!isObj(el)) return "";
  switch (el.type) {
    case "button": {
      const style = el.style === "primary" ? " ✓" : el.style === "danger" ? " !" : "";
      return `[${buttonLabel(el)}${style}]`;
    }
    case "image":
      return `(image: ${str(el.alt_text)})`;
    case "mrkdwn":
    case "plain_text":
      return textOf(el);
    case "overflow":
      return "[⋯]";
    default:
      return `[${el.type === undefined ? "?" : String(el.type).replace(/_/g, " ")}: ${textOf(el.placeholder) || "choose"}]`;
  }
}

function richText(el: unknown): string {
  if (!isObj(el)) return "";
  if (el.type === "text") return str(el.text);
  if (el.type === "link") return str(el.text) ? `${str(el.text)} (${str(el.url)})` : str(el.url);
  if (el.type === "emoji") return `:${str(el.name)}:`;
  if (el.type === "user") return `@${str(el.user_id)}`;
  if (el.type === "channel") return `#${str(el.channel_id)}`;
  const inner = Array.isArray(el.elements) ? el.elements.map(richText) : [];
  if (el.type === "rich_text_list") return inner.map((l) => `• ${l}`).join("\n");
  if (el.type === "rich_text_preformatted") return inner.join("");
  if (el.type === "rich_text_quote") return `> ${inner.join("")}`;
  return inner.join("");
}

/** Lines for one block. */
function block(b: unknown): string[] {
  if (!isObj(b)) return [];
  switch (b.type) {
    case "header":
      return [`▌ ${textOf(b.text)}`];
    case "section": {
      const lines: string[] = [];
      if (b.text) lines.push(...textOf(b.text).split("\n"));
      if (Array.isArray(b.fields)) {
        const cells = b.fields.map((f) => textOf(f).replace(/\n/g, " "));
        for (let i = 0; i < cells.length; i += 2) lines.push(cells.slice(i, i + 2).join("    "));
      }
      if (b.accessory) lines.push(`  ${element(b.accessory)}`);
      return lines;
    }
    case "context":
      return [Array.isArray(b.elements) ? b.elements.map(element).join("  ·  ") : ""];
    case "actions":
      return [Array.isArray(b.elements) ? b.elements.map(element).join(" ") : ""];
    case "divider":
      return ["────────────────────────"];
    case "image":
      return [`(image: ${str(b.alt_text)}${b.title ? ` — ${textOf(b.title)}` : ""}) ${str(b.image_url)}`];
    case "markdown":
      return str(b.text).split("\n");
    case "rich_text":
      return Array.isArray(b.elements) ? b.elements.map(richText).join("\n").split("\n") : [];
    default:
      return [`(${String(b.type)} block)`];
  }
}

/** The whole message as lines: its blocks when it has any (as Slack shows them), else its `text`. */
export function messageLines(msg: { text?: string; blocks?: unknown[] }): string[] {
  if (msg.blocks?.length) return msg.blocks.flatMap(block);
  return mrkdwnToText(msg.text ?? "").split("\n");
}

/** Every button of a message's blocks (section accessories and actions), in order. */
export function buttonsOf(blocks: unknown[] | undefined): Obj[] {
  const out: Obj[] = [];
  for (const b of blocks ?? []) {
    if (!isObj(b)) continue;
    if (isObj(b.accessory) && b.accessory.type === "button") out.push(b.accessory);
    if (b.type === "actions" && Array.isArray(b.elements)) {
      for (const el of b.elements) if (isObj(el) && el.type === "button") out.push(el);
    }
  }
  return out;
}

/** Folds case, emoji and punctuation so "approve" finds "✅ Approve". */
export const labelKey = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

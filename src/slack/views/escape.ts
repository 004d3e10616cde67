// Escaping for text that is not ours (user input, Azure names and messages): Slack parses `&`, `<`, `>` in
// mrkdwn and top-level text, so `<!channel>`, `<@U…>` and `<https://evil|label>` must never reach it raw
// (Slack's "Formatting text" docs: escaping &, <, >). Also defuses bare @channel/@here/@everyone and strips control characters.

/** C0/C1 controls (except tab/newline), bidi overrides and isolates (spoofing), and a stray ZWJ/WJ we add ourselves. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const ENTITY = /&(amp|lt|gt);/g;
const BROADCAST = /@(?=(?:channel|here|everyone)\b)/gi;
/** Zero-width joiner: `@‍channel` reads the same but no client expands it. */
export const ZWJ = "\u200D";

export interface EscapeOptions {
  /** Keep line breaks (log lines, summaries); by default they become spaces so one value stays one line. */
  multiline?: boolean;
}

function decodeEntities(s: string): string {
  return s.replace(ENTITY, (_, e: string) => (e === "amp" ? "&" : e === "lt" ? "<" : ">"));
}

/** Control characters out, lone surrogates replaced, line breaks kept or flattened. */
export function sanitize(value: unknown, opts: EscapeOptions = {}): string {
  const s = (typeof value === "string" ? value : value === undefined || value === null ? "" : String(value))
    .toWellFormed()
    .replace(/\r\n?/g, "\n")
    .replace(CONTROL, "");
  return opts.multiline ? s : s.replace(/[\n\t]+/g, " ");
}

/**
 * Escapes foreign text for mrkdwn or top-level `text`. Entities Slack may already have applied are decoded
 * first, so the result is the same whichever way the text arrived, and escaping twice changes nothing.
 */
export function escapeMrkdwn(value: unknown, opts: EscapeOptions = {}): string {
  return decodeEntities(sanitize(value, opts))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(BROADCAST, `@${ZWJ}`);
}

/** Escapes foreign text for plain_text objects (headers, buttons): same rules, so one value renders one way. */
export function escapePlain(value: unknown, opts: EscapeOptions = {}): string {
  return escapeMrkdwn(value, opts);
}

/** Inline code span around foreign text; a backtick inside would end the span, so it becomes a look-alike. */
export function code(value: unknown): string {
  const s = escapeMrkdwn(value).replace(/`/g, "ˋ");
  return s.trim() === "" ? "`—`" : `\`${s}\``;
}

/**
 * Shortens to at most `max` characters with an ellipsis, never cutting inside an entity (`&amp;`), a surrogate
 * pair or a link we built (`<…>`), and closing a ``` fence it would leave open.
 */
export function clip(s: string, max: number, ellipsis = "…"): string {
  if (s.length <= max) return s;
  const cut = (limit: number): string => {
    let t = s.slice(0, Math.max(0, limit));
    const last = t.charCodeAt(t.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) t = t.slice(0, -1);
    const amp = t.lastIndexOf("&");
    if (amp >= 0 && !t.slice(amp).includes(";") && t.length - amp < 6) t = t.slice(0, amp);
    const lt = t.lastIndexOf("<");
    if (lt >= 0 && !t.slice(lt).includes(">")) t = t.slice(0, lt);
    return t;
  };
  let t = cut(max - ellipsis.length);
  if ((t.split("```").length - 1) % 2 === 1) {
    const close = "\n```";
    t = cut(max - ellipsis.length - close.length);
    return (t.split("```").length - 1) % 2 === 1 ? `${t}${ellipsis}${close}` : `${t}${ellipsis}`;
  }
  return `${t}${ellipsis}`;
}

/**
 * `<url|label>` for an https URL; anything else (http, javascript:, credentials, unparsable) yields the escaped
 * label alone. Characters that would end the link early are percent-encoded; `|` and `>` leave the label.
 */
export function link(url: string, label: string): string {
  const text = escapeMrkdwn(label.replace(/[|>]/g, "")).trim() || "link";
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return text;
  }
  if (u.protocol !== "https:" || u.username || u.password || u.hostname === "") return text;
  const href = u.href
    .replace(/\|/g, "%7C")
    .replace(/</g, "%3C")
    .replace(/>/g, "%3E")
    .replace(/\s/g, "%20")
    .replace(BROADCAST, "%40")
    .replace(/&/g, "&amp;");
  return `<${href}|${text}>`;
}

/** For attached files (plain text, never parsed): entities back to characters, control sequences broken. */
export function fileSafe(s: string): string {
  return s
    .replace(/<(https:[^|<>\s]+)\|([^<>]*)>/g, (_, url: string, label: string) => `${label} (${url})`)
    .replace(ENTITY, (_, e: string) => (e === "amp" ? "&" : e === "lt" ? "<" : ">"))
    .replace(/<(?=[!@#]|https?:)/gi, `<${ZWJ}`)
    .replace(BROADCAST, `@${ZWJ}`);
}

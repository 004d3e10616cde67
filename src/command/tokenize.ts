// Command text → tokens. Slack and phones rewrite what people type: auto-links (`<https://…|label>`), entities
// (`&lt;`), smart quotes, non-breaking and zero-width spaces, `--` turned into an em dash. Undo all that first.

export interface Token {
  text: string;
  /** Started with a quote: never read as an option, even when it starts with `-`. */
  quoted: boolean;
}

export type Tokenized = { ok: true; tokens: Token[] } | { ok: false; problem: string };

/** C0/C1 controls (tab and line breaks are spaces by then), bidi overrides and isolates (spoofing). */
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const SPACES = /[\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\t\r\n]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\uFF02]/g;
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\uFF07]/g;
/** Slack's angle-bracket sequences: links, mentions, broadcasts (`<!channel>`), dates. */
const ANGLE = /<([^<>\s|]+)(?:\|([^<>]*))?>/g;

/**
 * A Slack link becomes plain text: a URL holding an ARM path (portal links) stays a URL so the app parser
 * can lift the resource ID out of it; otherwise the label, which is what the user saw and typed. Mentions and
 * broadcasts (`<@U1>`, `<#C1|ops>`, `<!here>`) are left alone: they are not commands, and the parser rejects
 * them with an escaped echo.
 */
function unwrapLinks(text: string): string {
  return text.replace(ANGLE, (whole, target: string, label: string | undefined) => {
    if (/^[@#!]/.test(target)) return whole;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) return whole;
    if (/\/subscriptions\//i.test(target)) return target;
    const shown = label?.trim();
    return shown ? shown : target.replace(/^mailto:/i, "");
  });
}

function decodeEntities(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) =>
    e === "amp" ? "&" : e === "lt" ? "<" : e === "gt" ? ">" : e === "quot" ? '"' : "'",
  );
}

/** Normalised text: well-formed, no control or zero-width characters, plain spaces and quotes. */
export function normalize(raw: string): string {
  return decodeEntities(
    unwrapLinks(
      raw
        .toWellFormed()
        .replace(SPACES, " ")
        .replace(CONTROL, "")
        .replace(ZERO_WIDTH, "")
        .replace(DOUBLE_QUOTES, '"')
        .replace(SINGLE_QUOTES, "'"),
    ),
  );
}

/** Shell-like splitting on spaces; '…' and "…" group words (also after "=": --path="/a b"). */
export function tokenize(raw: string): Tokenized {
  const text = normalize(raw);
  const tokens: Token[] = [];
  let cur = "";
  let inToken = false;
  let quoted = false;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
      else cur += ch;
      continue;
    }
    // An apostrophe inside a word ("don't") is a letter; it quotes only at a word's start or after "=".
    if (ch === '"' || (ch === "'" && (!inToken || cur.endsWith("=")))) {
      if (!inToken) quoted = true;
      quote = ch;
      inToken = true;
      continue;
    }
    if (ch === " ") {
      if (inToken) tokens.push(finish(cur, quoted));
      cur = "";
      inToken = false;
      quoted = false;
      continue;
    }
    cur += ch;
    inToken = true;
  }
  if (quote !== undefined) return { ok: false, problem: `A quote (${quote}) is not closed.` };
  if (inToken) tokens.push(finish(cur, quoted));
  return { ok: true, tokens };
}

/** Phones and macOS turn `--` into an en or em dash: read a dash before a letter as `--`. */
function finish(text: string, quoted: boolean): Token {
  return { text: quoted ? text : text.replace(/^[\u2013\u2014\u2212](?=\p{L})/u, "--"), quoted };
}

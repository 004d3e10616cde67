// Quoting what the user typed back in an error message. The token is bounded and Slack's three control
// characters are escaped (Slack's "Formatting text" docs: escaping &, <, >), so `<!channel>` typed into a command never pings anyone.
import { LIMITS } from "./grammar.ts";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const CONTROL = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/**
 * The token in curly quotes, at most `max` characters after escaping (an entity is never cut), control
 * characters dropped, backticks swapped for a look-alike (they would open a code span in mrkdwn) and
 * `@channel`-style words broken with a zero-width joiner.
 */
export function echo(token: string, max: number = LIMITS.echoChars): string {
  const clean = token.toWellFormed().replace(CONTROL, " ").replace(/`/g, "ˋ");
  let out = "";
  let i = 0;
  for (const ch of clean) {
    const piece = ESCAPES[ch] ?? ch;
    if (out.length + piece.length > max) break;
    out += piece;
    i += ch.length;
  }
  if (i < clean.length) out += "…";
  return `“${out.replace(/@(?=(?:channel|here|everyone)\b)/gi, "@\u200D")}”`;
}

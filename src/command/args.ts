// Splits a verb's tokens into positionals and options (`--window 6h`, `--window=6h`, `-w 6h`, `--soft`).
import { echo } from "./echo.ts";
import { FLAGS, type FlagName, type VerbSpec } from "./grammar.ts";
import { closest } from "./suggest.ts";
import type { Token } from "./tokenize.ts";

export interface Args {
  positionals: string[];
  flags: Map<FlagName, string | true>;
  /** `--help` / `-h` was given. */
  help: boolean;
}

export type ArgsResult = { ok: true; args: Args } | { ok: false; problem: string; suggestions?: string[] };

/**
 * An option is "-" or "--", a letter, then letters, digits and hyphens, maybe "=value". "-5" stays a (bad)
 * number and "-rg/app" an app, which the verb can explain.
 */
function looksLikeFlag(t: Token): boolean {
  return !t.quoted && /^--?\p{L}[\p{L}\p{N}-]*(?:=|$)/u.test(t.text);
}

function flagByWord(spec: VerbSpec, word: string): FlagName | undefined {
  const w = word.toLowerCase();
  return spec.flags.find((f) => FLAGS[f].long === w || FLAGS[f].short === w);
}

export function splitArgs(spec: VerbSpec, tokens: Token[]): ArgsResult {
  const positionals: string[] = [];
  const flags = new Map<FlagName, string | true>();
  let help = false;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (!tok.quoted && tok.text === "--") {
      positionals.push(...tokens.slice(i + 1).map((t) => t.text));
      break;
    }
    if (!looksLikeFlag(tok)) {
      positionals.push(tok.text);
      continue;
    }
    const eq = tok.text.indexOf("=");
    const word = eq >= 0 ? tok.text.slice(0, eq) : tok.text;
    const inline = eq >= 0 ? tok.text.slice(eq + 1) : undefined;
    if (/^(?:--help|-h)$/i.test(word)) {
      help = true;
      continue;
    }
    const name = flagByWord(spec, word);
    if (name === undefined) return unknownFlag(spec, word);
    const f = FLAGS[name];
    if (flags.has(name)) return { ok: false, problem: `${f.long} is given twice.` };
    if (f.example === undefined) {
      if (inline !== undefined) return { ok: false, problem: `${f.long} takes no value.` };
      flags.set(name, true);
      continue;
    }
    let value = inline;
    if (value === undefined && i + 1 < tokens.length && !looksLikeFlag(tokens[i + 1])) value = tokens[++i].text;
    if (value === undefined || value === "") {
      return { ok: false, problem: `${f.long} needs a value, e.g. ${f.long} ${f.example}.` };
    }
    flags.set(name, value);
  }
  return { ok: true, args: { positionals, flags, help } };
}

function unknownFlag(spec: VerbSpec, word: string): ArgsResult {
  if (spec.flags.length === 0) {
    return { ok: false, problem: `${spec.verb} takes no options (got ${echo(word)}).` };
  }
  // Compared without dashes, so "-window" and "--windw" both find "--window".
  const words = new Map(spec.flags.map((f) => [FLAGS[f].long.slice(2), FLAGS[f].long]));
  const suggestions = closest(word.replace(/^-+/, ""), words);
  const all = spec.flags.map((f) => FLAGS[f].long).join(", ");
  const hint = suggestions.length ? ` Did you mean ${suggestions.join(" or ")}?` : ` It takes ${all}.`;
  return { ok: false, problem: `Unknown option ${echo(word)} for ${spec.verb}.${hint}`, suggestions };
}

// `/appsvc` text → a typed intent or an error with the verb's usage. Pure, and it never throws.
import { type Args, splitArgs } from "./args.ts";
import { Problem } from "./build.ts";
import { echo } from "./echo.ts";
import { LIMITS, VERB_WORDS, type VerbSpec, verbSpec } from "./grammar.ts";
import type { Intent, ParseResult, Verb } from "./intent.ts";
import { closest } from "./suggest.ts";
import { tokenize } from "./tokenize.ts";
import { usage } from "./usage.ts";
import { buildAutoheal, buildDump, buildHealthcheck, buildRestart, buildScale, buildStartStop } from "./verbs-act.ts";
import { buildAudit, buildDigest } from "./verbs-digest.ts";
import {
  buildAppWindow,
  buildCollect,
  buildDoctor,
  buildHealth,
  buildHelp,
  buildLinks,
  buildList,
  buildMetrics,
} from "./verbs-read.ts";

type Builder = (spec: VerbSpec, args: Args) => Intent;

const BUILDERS: Record<Verb, Builder> = {
  help: buildHelp,
  list: buildList,
  status: buildAppWindow,
  diagnose: buildAppWindow,
  metrics: buildMetrics,
  health: buildHealth,
  logs: buildAppWindow,
  links: buildLinks,
  doctor: buildDoctor,
  collect: buildCollect,
  restart: buildRestart,
  start: buildStartStop,
  stop: buildStartStop,
  scale: buildScale,
  autoheal: buildAutoheal,
  healthcheck: buildHealthcheck,
  dump: buildDump,
  audit: buildAudit,
  digest: buildDigest,
};

/** The text of `/appsvc <text>`. Empty text asks for help. */
export function parseCommand(text: string): ParseResult {
  let verb: Verb | undefined;
  try {
    const raw = typeof text === "string" ? text : "";
    if (raw.length > LIMITS.maxTextLength) {
      return fail(
        undefined,
        `That command is too long (${raw.length} characters; the limit is ${LIMITS.maxTextLength}).`,
      );
    }
    const tok = tokenize(raw);
    if (!tok.ok) return fail(undefined, tok.problem);
    const tokens = tok.tokens;
    // Text pasted with the command name in front ("/appsvc status x") still parses.
    if (tokens.length > 0 && /^\/?appsvc$/i.test(tokens[0].text)) tokens.shift();
    if (tokens.length === 0) return { ok: true, intent: { verb: "help" } };
    const word = tokens[0].text;
    const spec = tokens[0].quoted ? undefined : verbSpec(word);
    if (spec === undefined) return unknownVerb(word);
    verb = spec.verb;
    const split = splitArgs(spec, tokens.slice(1));
    if (!split.ok) return fail(verb, split.problem, split.suggestions);
    if (split.args.help) return { ok: true, intent: { verb: "help", topic: verb } };
    return { ok: true, intent: BUILDERS[verb](spec, split.args) };
  } catch (e) {
    if (e instanceof Problem) return fail(verb, e.message, e.suggestions);
    // A bug of ours must not take the listener down: answer with the usage instead.
    return fail(verb, "That command could not be read (internal error). Please report it.");
  }
}

function unknownVerb(word: string): ParseResult {
  const near = closest(word, VERB_WORDS);
  const hint = near.length ? ` Did you mean ${near.join(" or ")}?` : " Try /appsvc help.";
  return fail(undefined, `Unknown command ${echo(word)}.${hint}`, near);
}

function fail(verb: Verb | undefined, message: string, suggestions?: string[]): ParseResult {
  const m = bounded(message, LIMITS.maxMessageLength);
  const error = suggestions?.length
    ? { message: m, usage: usage(verb), suggestions }
    : { message: m, usage: usage(verb) };
  return { ok: false, error };
}

/** Cuts to `max` characters without splitting an entity (`&amp;`) or a surrogate pair. */
function bounded(s: string, max: number): string {
  if (s.length <= max) return s;
  let t = s.slice(0, max - 1);
  const amp = t.lastIndexOf("&");
  if (amp >= 0 && !t.slice(amp).includes(";")) t = t.slice(0, amp);
  return `${t.toWellFormed().replace(/\uFFFD$/, "")}…`;
}

// Helpers the verb builders share. A builder stops at the first problem by throwing `Problem`; parseCommand
// catches it and turns it into the error result (with the verb's usage), so builders read top to bottom.

import { parseAppQuery, withSlot } from "./app-query.ts";
import type { Args } from "./args.ts";
import { echo } from "./echo.ts";
import type { FlagName, VerbSpec } from "./grammar.ts";
import type { AppQuery, WindowSpec } from "./intent.ts";
import { closest } from "./suggest.ts";
import { defaultWindow, parseSlot, parseWindow, type Value } from "./values.ts";

export class Problem extends Error {
  suggestions?: string[];
  constructor(message: string, suggestions?: string[]) {
    super(message);
    this.name = "Problem";
    if (suggestions?.length) this.suggestions = suggestions;
  }
}

export function take<T>(v: Value<T>): T {
  if (!v.ok) throw new Problem(v.problem, v.suggestions);
  return v.value;
}

/** The value of a flag that takes one (splitArgs guarantees it is a string then). */
export function flagValue(args: Args, name: FlagName): string | undefined {
  const v = args.flags.get(name);
  return typeof v === "string" ? v : undefined;
}

/** The app in positional `index`, with `--slot` applied when the verb has it. */
export function app(spec: VerbSpec, args: Args, index = 0): AppQuery {
  const text = args.positionals[index];
  if (text === undefined) throw new Problem(`${spec.verb} needs an app: a name (shop-api), rg/name or a resource ID.`);
  return withSlotFlag(args, take(parseAppQuery(text)));
}

export function withSlotFlag(args: Args, q: AppQuery): AppQuery {
  const slot = flagValue(args, "slot");
  return take(withSlot(q, slot === undefined ? undefined : take(parseSlot(slot))));
}

export function window(spec: VerbSpec, args: Args): WindowSpec {
  const w = flagValue(args, "window");
  return w === undefined ? defaultWindow(spec.defaultWindow ?? "1h") : take(parseWindow(w));
}

/** Rejects positionals past `max`; a stray "6h" is probably a forgotten --window. */
export function atMost(spec: VerbSpec, args: Args, max: number, what: string): void {
  const extra = args.positionals[max];
  if (extra === undefined) return;
  const w = spec.flags.includes("window") ? parseWindow(extra) : undefined;
  if (w?.ok) {
    const flag = `--window ${w.value.label}`;
    throw new Problem(`Unexpected ${echo(extra)}: to set the window, write ${flag}.`, [flag]);
  }
  throw new Problem(`${spec.verb} takes ${what}; unexpected ${echo(extra)}.`);
}

/** A sub-command word (`scale … out`, `digest list`) or a "did you mean" problem naming the `noun`. */
export function keyword<T extends string>(
  word: string | undefined,
  options: readonly T[],
  verb: string,
  noun: string,
): T {
  const list = options.join(", ");
  if (word === undefined) throw new Problem(`${verb} needs ${noun}: ${list}.`, [...options]);
  const hit = options.find((o) => o === word.toLowerCase());
  if (hit !== undefined) return hit;
  const near = closest(word, options);
  const hint = near.length ? ` Did you mean ${near.join(" or ")}?` : ` Use ${list}.`;
  throw new Problem(
    `Unknown ${noun.replace(/^an? /, "")} ${echo(word)} for ${verb}.${hint}`,
    near.length ? near : [...options],
  );
}

/** Options that only make sense for some forms of a verb: "--soft is <why>." */
export function refuseFlags(args: Args, names: readonly FlagName[], why: string): void {
  const given = names.filter((n) => args.flags.has(n));
  if (given.length)
    throw new Problem(`${given.map((n) => `--${n}`).join(", ")} ${given.length > 1 ? "are" : "is"} ${why}.`);
}

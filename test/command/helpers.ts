// Shared assertions for the parser tests: the intent of a command that must parse, the error of one that must not.
import { expect } from "vitest";
import type { CommandError, Intent } from "../../src/command/intent.ts";
import { parseCommand } from "../../src/command/parse.ts";
import { usage } from "../../src/command/usage.ts";

export function intentOf(text: string): Intent {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(`${JSON.stringify(text)} did not parse: ${r.error.message}`);
  return r.intent;
}

export function errorOf(text: string): CommandError {
  const r = parseCommand(text);
  if (r.ok) throw new Error(`${JSON.stringify(text)} parsed: ${JSON.stringify(r.intent)}`);
  return r.error;
}

/** The error's message, after checking it carries the given verb's usage (the overview when none). */
export function messageOf(text: string, verb?: Parameters<typeof usage>[0]): string {
  const e = errorOf(text);
  expect(e.usage).toBe(usage(verb));
  return e.message;
}

export const HOUR = 3_600_000;

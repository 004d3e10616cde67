// The `/appsvc` command grammar: parse text into an intent, and the help text for it.
export { appQueryText } from "./app-query.ts";
export { FLAGS, LIMITS, VERBS, verbSpec } from "./grammar.ts";
export type * from "./intent.ts";
export { parseCommand } from "./parse.ts";
export { formatHelp, helpData, helpFor, usage, verbHelp } from "./usage.ts";

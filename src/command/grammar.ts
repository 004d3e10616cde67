// The `/appsvc` grammar as data: verbs, their aliases, options and defaults, and the limits the parser enforces.
import type { Verb } from "./intent.ts";

export type FlagName =
  | "window"
  | "slot"
  | "soft"
  | "instance"
  | "days"
  | "json"
  | "private-bytes-kb"
  | "count"
  | "time-taken"
  | "interval"
  | "min-process-time"
  | "path"
  | "status-codes"
  | "trigger"
  | "process";

export interface FlagSpec {
  /** `--window`. */
  long: string;
  /** `-w`. */
  short?: string;
  /** A sample value for messages; absent = a switch that takes no value. */
  example?: string;
}

export const FLAGS: Readonly<Record<FlagName, FlagSpec>> = {
  window: { long: "--window", short: "-w", example: "6h" },
  slot: { long: "--slot", short: "-s", example: "staging" },
  soft: { long: "--soft" },
  instance: { long: "--instance", example: "RD0003" },
  days: { long: "--days", example: "7" },
  json: { long: "--json" },
  "private-bytes-kb": { long: "--private-bytes-kb", example: "1468006" },
  count: { long: "--count", example: "250" },
  "time-taken": { long: "--time-taken", example: "00:01:00" },
  interval: { long: "--interval", example: "00:05:00" },
  "min-process-time": { long: "--min-process-time", example: "00:10:00" },
  path: { long: "--path", example: "/api/x" },
  "status-codes": { long: "--status-codes", example: "500-599" },
  trigger: { long: "--trigger", example: "5xx" },
  process: { long: "--process", example: "w3wp" },
};

export type VerbGroup = "read" | "act" | "digest" | "audit" | "help";

export interface VerbSpec {
  verb: Verb;
  group: VerbGroup;
  aliases: readonly string[];
  flags: readonly FlagName[];
  /** Lookback when `--window` is absent (docs/glossary.md#lookback: diagnose looks back 3 h). */
  defaultWindow?: string;
  /** Changes Azure: runs only after approval. */
  write: boolean;
}

/** Options of `autoheal enable`; each preset takes a subset (AUTOHEAL_PRESETS). */
export const AUTOHEAL_PARAMS: readonly FlagName[] = [
  "private-bytes-kb",
  "count",
  "time-taken",
  "interval",
  "min-process-time",
  "path",
  "status-codes",
  "trigger",
];

export const VERBS: readonly VerbSpec[] = [
  { verb: "status", group: "read", aliases: ["st", "s"], flags: ["window", "slot"], defaultWindow: "1h", write: false },
  {
    verb: "diagnose",
    group: "read",
    aliases: ["diag", "d", "why"],
    flags: ["window", "slot"],
    defaultWindow: "3h",
    write: false,
  },
  { verb: "metrics", group: "read", aliases: ["m"], flags: ["window", "slot"], defaultWindow: "6h", write: false },
  { verb: "health", group: "read", aliases: [], flags: [], write: false },
  { verb: "logs", group: "read", aliases: [], flags: ["window"], defaultWindow: "1h", write: false },
  { verb: "links", group: "read", aliases: [], flags: ["slot"], write: false },
  { verb: "list", group: "read", aliases: ["ls"], flags: [], write: false },
  { verb: "doctor", group: "read", aliases: [], flags: [], write: false },
  // The window is the incident's (what diagnostics analyse); the log stream is captured now.
  {
    verb: "collect",
    group: "read",
    aliases: ["col"],
    flags: ["instance", "slot", "window"],
    defaultWindow: "1h",
    write: false,
  },
  { verb: "restart", group: "act", aliases: ["rs"], flags: ["slot", "soft", "instance"], write: true },
  { verb: "start", group: "act", aliases: [], flags: ["slot"], write: true },
  { verb: "stop", group: "act", aliases: [], flags: ["slot"], write: true },
  { verb: "scale", group: "act", aliases: [], flags: [], write: true },
  { verb: "autoheal", group: "act", aliases: ["ah"], flags: ["slot", ...AUTOHEAL_PARAMS], write: true },
  { verb: "healthcheck", group: "act", aliases: ["hc"], flags: ["slot"], write: true },
  { verb: "dump", group: "act", aliases: [], flags: ["instance", "process", "slot"], write: true },
  { verb: "digest", group: "digest", aliases: [], flags: [], write: false },
  { verb: "audit", group: "audit", aliases: [], flags: ["days", "json"], write: false },
  { verb: "help", group: "help", aliases: ["h", "?"], flags: [], write: false },
];

const BY_WORD = new Map<string, VerbSpec>();
for (const v of VERBS) for (const w of [v.verb, ...v.aliases]) BY_WORD.set(w, v);

/** The verb a word names (verb or alias, case-insensitive). */
export function verbSpec(word: string): VerbSpec | undefined {
  return BY_WORD.get(word.toLowerCase());
}

export function specOf(verb: Verb): VerbSpec {
  return VERBS.find((v) => v.verb === verb)!;
}

/** Every word that names a verb, mapped to its verb: what "did you mean" searches. */
export const VERB_WORDS: ReadonlyMap<string, Verb> = new Map([...BY_WORD].map(([w, s]) => [w, s.verb]));

export const LIMITS = {
  /** Slack's own limit is about 4 000 characters of command text. */
  maxTextLength: 4000,
  /** Echoed user tokens are cut to this many characters (after escaping). */
  echoChars: 60,
  maxMessageLength: 500,
  minWindowMs: 5 * 60_000,
  maxWindowMs: 30 * 24 * 60 * 60_000,
  /** Scale-out target; the SKU's own maximum is checked when the plan is built. */
  minInstances: 1,
  maxInstances: 30,
  auditDefaultDays: 7,
  auditMaxDays: 90,
  maxMetrics: 10,
  maxFilterLength: 90,
  maxPathLength: 512,
  int32Max: 2_147_483_647,
} as const;

export const SCALE_DIRECTIONS = ["out", "up"] as const;
export const AUTOHEAL_ACTIONS = ["show", "enable", "disable"] as const;
export const DIGEST_ACTIONS = ["subscribe", "list", "unsubscribe", "now"] as const;

/** Preset words → canonical preset, and which parameters each preset takes (docs/glossary.md#auto-heal-presets). */
export const AUTOHEAL_PRESETS = {
  mem: { preset: "AH-MEM", params: ["private-bytes-kb", "min-process-time"] },
  "5xx": { preset: "AH-5XX", params: ["count", "interval", "status-codes", "min-process-time"] },
  slow: { preset: "AH-SLOW", params: ["time-taken", "count", "interval", "min-process-time"] },
  "slow-path": { preset: "AH-SLOW-PATH", params: ["path", "time-taken", "count", "interval", "min-process-time"] },
  linux: { preset: "AH-LINUX", params: ["trigger", "time-taken", "count", "interval", "min-process-time"] },
} as const satisfies Record<string, { preset: string; params: readonly FlagName[] }>;

export type PresetWord = keyof typeof AUTOHEAL_PRESETS;

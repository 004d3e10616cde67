// Command verbs, intents and mitigations → policy actions; `help` shows only what the caller may do.

import type { Intent, Verb } from "../command/intent.ts";
import type { MitigationKind } from "../core/diagnosis.ts";
import { type Caller, canRead, mayRequestInChannel } from "./evaluate.ts";
import type { Policy, PolicyAction } from "./policy.ts";

/** "always": help; "read": needs the channel to allow reads; a list: a write, needs one of these actions. */
const VERB_ACCESS = {
  help: "always",
  list: "read",
  status: "read",
  diagnose: "read",
  metrics: "read",
  health: "read",
  logs: "read",
  links: "read",
  collect: "read",
  audit: "read",
  digest: "read",
  restart: ["restart", "rebootWorker"],
  start: ["start"],
  stop: ["stop"],
  scale: ["scaleOut", "scaleUp"],
  autoheal: ["autoHeal"],
  healthcheck: ["healthCheck"],
  dump: ["memoryDump"],
} as const satisfies Record<Verb, "always" | "read" | readonly PolicyAction[]>;

/** The policy actions a write verb can lead to; empty for read verbs. */
export function actionsForVerb(verb: Verb): readonly PolicyAction[] {
  const a = VERB_ACCESS[verb];
  return typeof a === "string" ? [] : a;
}

/** The verbs the caller may use in this channel, in the parser's order. */
export function allowedVerbs(policy: Policy | undefined, caller: Caller): Verb[] {
  const read = canRead(policy, caller.channel).allowed;
  return (Object.keys(VERB_ACCESS) as Verb[]).filter((verb) => {
    const access: "always" | "read" | readonly PolicyAction[] = VERB_ACCESS[verb];
    if (access === "always") return true;
    if (access === "read") return read;
    return access.some((action) => mayRequestInChannel(policy, caller, action));
  });
}

/** The action a parsed command asks for; undefined for reads (including `autoheal show`). */
export function actionForIntent(intent: Intent): PolicyAction | undefined {
  switch (intent.verb) {
    case "restart":
      return intent.instance ? "rebootWorker" : "restart";
    case "start":
    case "stop":
      return intent.verb;
    case "scale":
      return intent.direction === "out" ? "scaleOut" : "scaleUp";
    case "autoheal":
      return intent.action === "show" ? undefined : "autoHeal";
    case "healthcheck":
      return "healthCheck";
    case "dump":
      return "memoryDump";
    default:
      return undefined;
  }
}

/** The action a diagnosis mitigation needs; undefined for advice that changes nothing. */
export function actionForMitigation(m: {
  kind: MitigationKind;
  params?: Record<string, unknown>;
}): PolicyAction | undefined {
  switch (m.kind) {
    case "restart":
      return m.params?.action === "rebootWorker" ? "rebootWorker" : "restart";
    case "waitForPlatform":
    case "investigate":
      return undefined;
    default:
      return m.kind;
  }
}

// The one table of what each request needs (docs/architecture.md §Authorisation). Every slash-command verb
// and every button has a row; the door checks it before any use case runs, and the authorisation matrix
// test (test/door/matrix.test.ts) is generated from it, so a new verb cannot ship without its row.
import type { Intent, Verb } from "../command/intent.ts";
import type { MitigationKind } from "../core/diagnosis.ts";
import { type Caller, canRead, mayRequestInChannel } from "../policy/evaluate.ts";
import type { Policy, PolicyAction } from "../policy/policy.ts";

/**
 * - `open`: anyone anywhere (help; its verb list still shows only what the caller may use).
 * - `read`: the channel's binding allows reads (without a policy file: every channel, the bot is read-only).
 * - `request`: proposes a change; the caller must be a requester of one of these actions in the channel.
 * - `decide`: Approve or Cancel on a stored proposal, judged against that proposal's own channel binding.
 */
export type Permission =
  | { kind: "open" }
  | { kind: "read" }
  | { kind: "request"; actions: readonly PolicyAction[] }
  | { kind: "decide"; decision: "approve" | "cancel" };

const OPEN = { kind: "open" } as const;
const READ = { kind: "read" } as const;
const request = (...actions: PolicyAction[]) => ({ kind: "request", actions }) as const;

/** Slash-command verbs. `autoheal` is a read for `autoheal <app> show` (see permissionFor). */
export const VERB_PERMISSIONS = {
  help: OPEN,
  list: READ,
  status: READ,
  diagnose: READ,
  metrics: READ,
  health: READ,
  logs: READ,
  links: READ,
  doctor: READ,
  collect: READ,
  audit: READ,
  digest: READ,
  restart: request("restart", "rebootWorker"),
  start: request("start"),
  stop: request("stop"),
  scale: request("scaleOut", "scaleUp", "autoscaleProfile"),
  autoheal: request("autoHeal"),
  healthcheck: request("healthCheck"),
  dump: request("memoryDump"),
} as const satisfies Record<Verb, Permission>;

/** Buttons, by what they do. A fix button's action comes from the mitigation it stands for. */
export const BUTTON_PERMISSIONS = {
  diagnose: READ,
  collect: READ,
  // Alert threads: recorded on the thread in the thread's own channel (src/slack/presenters/alerts/respond.ts).
  acknowledge: READ,
  "mute-hour": READ,
  "mute-resolved": READ,
  approve: { kind: "decide", decision: "approve" },
  cancel: { kind: "decide", decision: "cancel" },
} as const satisfies Record<string, Permission>;

/** What a parsed command needs: its verb's row, narrowed to the one action the intent asks for. */
export function permissionFor(intent: Intent): Permission {
  if (intent.verb === "autoheal" && intent.action === "show") return READ;
  // On a plan autoscale manages, `scale out` becomes the profile's minimum: which one is known after planning,
  // where the exact action is authorised again with the app.
  if (intent.verb === "scale" && intent.direction === "out") return request("scaleOut", "autoscaleProfile");
  const action = actionForIntent(intent);
  return action ? request(action) : VERB_PERMISSIONS[intent.verb];
}

/** The policy actions a write verb can lead to; empty for read verbs. */
export function actionsForVerb(verb: Verb): readonly PolicyAction[] {
  const p: Permission = VERB_PERMISSIONS[verb];
  return p.kind === "request" ? p.actions : [];
}

/** The verbs the caller may use in this channel, in the parser's order (help shows only these). */
export function allowedVerbs(policy: Policy | undefined, caller: Caller): Verb[] {
  const read = canRead(policy, caller.channel).allowed;
  return (Object.keys(VERB_PERMISSIONS) as Verb[]).filter((verb) => {
    const p: Permission = VERB_PERMISSIONS[verb];
    if (p.kind === "open") return true;
    if (p.kind === "read") return read;
    // A binding may grant writes with `read: false`: its writes stay usable.
    if (p.kind === "request") return p.actions.some((a) => mayRequestInChannel(policy, caller, a));
    return false;
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

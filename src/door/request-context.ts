// The request context: built once per request at the door (Slack command, button, App Home, CLI,
// scheduled job, alert) and handed to the use cases, which read nothing else to learn who asks, where, and
// which apps they may see (docs/architecture.md §The door).
import type { Fleet } from "../core/fleet.ts";
import type { Logger } from "../log.ts";
import type { Caller } from "../policy/evaluate.ts";
import type { Binding, Policy } from "../policy/policy.ts";

export type RequestSource = "command" | "button" | "home" | "cli" | "schedule" | "alert";

export interface RequestContext {
  readonly via: RequestSource;
  /** The Slack user; "cli" for the local operator, "system" for scheduled jobs and alerts. */
  readonly user: string;
  /** The channel asked in; undefined for App Home and the CLI. */
  readonly channel: string | undefined;
  /** The channel's binding (undefined: unbound channel, or no policy file). */
  readonly binding: Binding | undefined;
  readonly policy: Policy | undefined;
  /** The fleet as this request may see it: only the apps the binding's scope covers. */
  readonly fleet: Fleet;
  readonly now: () => number;
  readonly log: Logger;
  /** The caller with the user groups the binding names (read from Slack once, cached). */
  caller(): Promise<Caller>;
}

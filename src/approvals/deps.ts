// The ports the approval use cases run on, all injected: the store, the fleet (reads), the writer (the
// only way to change Azure), the authorisation decisions (policy lives elsewhere), TTL, clock, log.
import type { Fleet } from "../core/fleet.ts";
import type { AppRef } from "../core/snapshot.ts";
import type { AzureWriter } from "../core/writer.ts";
import type { Approval, Json, Store } from "../store/store.ts";
import type { StoredChange, WriteOperation } from "./proposal.ts";

/** Who acts and in which channel (a proposal is posted, and decided, in one channel). */
export interface ActorContext {
  user: string;
  channel: string;
}

export type Decision = { allowed: true; policy?: Json } | { allowed: false; reason: string };

export interface Authorizer {
  /** May `ctx.user` ask for `action` on `app` in this channel? */
  request(ctx: ActorContext, action: StoredChange, app: AppRef): Decision | Promise<Decision>;
  /**
   * May `ctx.user` approve this approval? Judged against the approval's own stored channel, never the
   * channel a click claims: a click from another channel is refused.
   */
  approve(ctx: ActorContext, approval: Approval): Decision | Promise<Decision>;
  /** May `ctx.user` withdraw it: the requester, or an approver; in the approval's own channel only. */
  cancel(ctx: ActorContext, approval: Approval): Decision | Promise<Decision>;
  /**
   * Is the change within the channel's limits (instance count, SKUs)? Asked when a change is requested and
   * again when it is approved, never for a cancel: an out-of-limits request can always be withdrawn.
   */
  limits?(ctx: ActorContext, operation: WriteOperation): Decision | Promise<Decision>;
}

export interface ActionLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface ActionDeps {
  store: Store;
  fleet: Fleet;
  writer: AzureWriter;
  authorize: Authorizer;
  /** How long a proposal made in this channel may wait for approval. */
  ttlMs(channel: string): number;
  /**
   * Requester and approver must differ for proposals of this channel (checked here too, besides the
   * policy). Default: always.
   */
  twoPersonRule?(channel: string): boolean;
  now(): number;
  log: ActionLog;
  /** This replica's name on execution leases (default host:pid:random). */
  owner?: string;
  /** Execution lease, renewed while the ARM call runs (default 2 min). */
  leaseMs?: number;
  /** Time zone of the times in messages ("Already approved by … at 10:42"); default UTC. */
  timeZone?: string;
}

export const DEFAULT_LEASE_MS = 2 * 60_000;

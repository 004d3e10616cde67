// The `Store` port: approvals (a state machine with expiry and an execution lease), the append-only audit
// log, and digest subscriptions with their run claims. Two adapters implement it: `SqliteStore` (embedded,
// single replica) and `PostgresStore` (several replicas). One contract suite (test/store) runs against both.
// Every state change is one conditional UPDATE … RETURNING, so concurrent clicks and replicas race safely.

import type { Json } from "../core/json.ts";

export {
  type AlertClaim,
  type AlertThread,
  type AlertThreadPatch,
  DEFAULT_RUN_LEASE_MS,
  type Lease,
  type NewAlertThread,
  type RunClaim,
  type RunQuery,
  type VerificationClaim,
} from "./leases.ts";
export type { Json };

import type {
  AlertClaim,
  AlertThread,
  AlertThreadPatch,
  NewAlertThread,
  RunClaim,
  RunQuery,
  VerificationClaim,
} from "./leases.ts";

export type ApprovalState =
  | "pending"
  | "approved"
  | "executing"
  | "succeeded"
  | "failed"
  | "cancelled"
  | "expired"
  | "rejected";

/** What a mitigation acts on. `app` is the site name; `instance` targets one worker (e.g. a single-instance restart). */
export interface ApprovalTarget {
  subscriptionId: string;
  resourceGroup: string;
  app: string;
  slot?: string;
  instance?: string;
}

export interface NewApproval {
  /** Ties request, decision, ARM calls, result and verification together in the audit log. */
  correlationId: string;
  /** Action kind, e.g. "restart", "scale-up", "scale-out", "autoheal". */
  action: string;
  target: ApprovalTarget;
  params: Json;
  /** Before → after, as shown to the approver. */
  plan: Json;
  /** The policy that allowed the proposal, as it was at request time. */
  policy: Json;
  requestedBy: string;
  /** Defaults to the store's clock. */
  requestedAt?: number;
  channel: string;
  messageTs?: string;
  expiresAt: number;
}

export interface Approval {
  id: string;
  correlationId: string;
  action: string;
  target: ApprovalTarget;
  params: Json;
  plan: Json;
  policy: Json;
  requestedBy: string;
  requestedAt: number;
  channel: string;
  messageTs: string | null;
  expiresAt: number;
  state: ApprovalState;
  /** Who moved it into its current state and when ("system" for sweeps); a losing click reads these. */
  stateBy: string;
  stateAt: number;
  approvedBy: string | null;
  approvedAt: number | null;
  leaseOwner: string | null;
  leaseUntil: number | null;
  result: Json | null;
  reason: string | null;
  /** Increments on every change. */
  version: number;
}

export type AuditKind =
  | "request"
  | "approval"
  | "rejection"
  | "refusal"
  | "cancellation"
  | "expiry"
  | "execution"
  | "arm-call"
  | "result"
  | "verification"
  | "executor-lost"
  | "acknowledgement"
  | "mute";

export interface NewAuditEntry {
  kind: AuditKind;
  correlationId: string;
  actor: string;
  approvalId?: string;
  /** Site name, for per-app history. */
  app?: string;
  detail: Json;
  /** Defaults to the store's clock. */
  at?: number;
}

export interface AuditEntry {
  /** Append order; strictly increasing. */
  seq: number;
  at: number;
  kind: AuditKind;
  correlationId: string;
  actor: string;
  approvalId: string | null;
  app: string | null;
  detail: Json;
}

export type DigestDays = "weekdays" | "daily";

export interface NewSubscription {
  channel: string;
  /** Local wall-clock time "HH:MM" (24 h). */
  time: string;
  /** IANA time zone, e.g. "Europe/Berlin". */
  timeZone: string;
  days: DigestDays;
  /** Which apps the digest covers; interpreted by the digest code. */
  scope: Json;
  createdBy: string;
}

export interface DigestSubscription extends NewSubscription {
  id: string;
  createdAt: number;
}

export interface Actor {
  user: string;
  /** When the person acted (epoch ms); a pending approval's expiry is judged at this instant. */
  at: number;
}

export interface TransitionPatch {
  reason?: string;
  result?: Json;
  /** Appended in the same transaction, only when the transition wins. */
  audit?: NewAuditEntry;
}

export type TransitionResult = { ok: true; approval: Approval } | { ok: false; current: Approval };

export interface ExecutionOutcome {
  /** Must be the lease owner. */
  owner: string;
  state: "succeeded" | "failed";
  result: Json;
  reason?: string;
  audit?: NewAuditEntry;
}

export interface ApprovalQuery {
  state?: ApprovalState | ApprovalState[];
  app?: string;
  channel?: string;
  /** Newest first. */
  limit: number;
}

export interface AuditQuery {
  app?: string;
  approvalId?: string;
  correlationId?: string;
  sinceMs?: number;
  /** Oldest first (append order) unless set. */
  newestFirst?: boolean;
  limit: number;
}

export interface Store {
  /** Which engine, for the startup log line. */
  readonly kind: "sqlite" | "postgres";
  /** Applies pending migrations (under a lock on PostgreSQL). Idempotent; the factory calls it. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  createApproval(input: NewApproval): Promise<Approval>;
  getApproval(id: string): Promise<Approval | undefined>;
  /**
   * Moves `id` from one of `from` to `to` atomically. The loser gets the current row (who acted, when).
   * A pending approval past its expiry never leaves "pending" except to "expired"; a click on it
   * expires it and loses. Throws `IllegalTransitionError` for a pair the state machine forbids and
   * `ApprovalNotFoundError` for an unknown id.
   */
  transition(
    id: string,
    from: ApprovalState[],
    to: ApprovalState,
    by: Actor,
    patch?: TransitionPatch,
  ): Promise<TransitionResult>;
  /** approved → executing with a lease held by `owner` until now + leaseMs. */
  claimExecution(id: string, leaseMs: number, owner: string, audit?: NewAuditEntry): Promise<TransitionResult>;
  /** Extends the lease; fails when `owner` no longer holds a live lease. */
  renewLease(id: string, owner: string, leaseMs: number): Promise<TransitionResult>;
  /** executing → succeeded | failed, only by the lease owner. */
  finishExecution(id: string, outcome: ExecutionOutcome): Promise<TransitionResult>;
  /** pending past expiresAt → expired (audited as "expiry"). Returns the rows it expired. */
  expireDue(now?: number): Promise<Approval[]>;
  /**
   * An execution whose lease lapsed (its executor died) → the outcome Azure reported, set by whoever asked
   * (one winner across replicas); false when it is no longer executing with a lapsed lease.
   */
  settleStaleExecution(id: string, outcome: Omit<ExecutionOutcome, "owner">, now?: number): Promise<TransitionResult>;
  /** executing with a lapsed lease → failed, reason "executor lost" (audited). Never retried. */
  failStaleExecutions(now?: number): Promise<Approval[]>;
  listApprovals(query: ApprovalQuery): Promise<Approval[]>;
  setMessageRef(id: string, channel: string, ts: string): Promise<Approval | undefined>;

  /** Append-only: there is no update or delete, and the tables refuse both. */
  appendAudit(entry: NewAuditEntry): Promise<AuditEntry>;
  listAudit(query: AuditQuery): Promise<AuditEntry[]>;

  createSubscription(input: NewSubscription): Promise<DigestSubscription>;
  /** Deletes only when the subscription belongs to `channel`. */
  deleteSubscription(id: string, channel: string): Promise<boolean>;
  listSubscriptions(): Promise<DigestSubscription[]>;
  /** Changes whenever a subscription is created or deleted: poll it, reload the list when it moves. */
  subscriptionsVersion(): Promise<number>;
  /**
   * A lease on (subscription, local date) until now + leaseMs: true for exactly one caller, either the first
   * or one taking over a run whose lease lapsed before it was done; false once done or the subscription is gone.
   */
  claimRun(subscriptionId: string, localDate: string, owner: string, leaseMs?: number): Promise<boolean>;
  /** Extends `owner`'s live lease; false when it lapsed or someone else holds the run. */
  renewRun(subscriptionId: string, localDate: string, owner: string, leaseMs: number): Promise<boolean>;
  /** The owner is about to post: recorded so a takeover reconciles with Slack before posting again. */
  markRunPosting(subscriptionId: string, localDate: string, owner: string): Promise<boolean>;
  /** The owner ends the run (the posted ts, or null when it gave up); false when it no longer holds it. */
  finishRun(subscriptionId: string, localDate: string, owner: string, postedTs: string | null): Promise<boolean>;
  /** The owner lets go (shutdown): the run may be taken over at once. */
  releaseRun(subscriptionId: string, localDate: string, owner: string): Promise<boolean>;
  getRun(subscriptionId: string, localDate: string): Promise<RunClaim | undefined>;
  listRuns(query: RunQuery): Promise<RunClaim[]>;

  /**
   * A lease on the verification of a succeeded approval until now + leaseMs: the claim for exactly one
   * caller, either the first or one taking over a verification whose lease lapsed before it was done;
   * undefined when someone holds it, it is done, or the approval has not succeeded.
   */
  claimVerification(approvalId: string, owner: string, leaseMs: number): Promise<VerificationClaim | undefined>;
  /** Extends `owner`'s live lease; false when it lapsed or someone else holds it. */
  renewVerification(approvalId: string, owner: string, leaseMs: number): Promise<boolean>;
  /** The owner is about to post the verification (a takeover looks for it in the thread first). */
  markVerificationPosting(approvalId: string, owner: string): Promise<boolean>;
  /** The owner ends it (the posted ts, or null when nothing could be posted). */
  finishVerification(approvalId: string, owner: string, postedTs: string | null): Promise<boolean>;
  /** The owner lets go (shutdown): it may be taken over at once. */
  releaseVerification(approvalId: string, owner: string): Promise<boolean>;
  getVerification(approvalId: string): Promise<VerificationClaim | undefined>;

  /**
   * A lease on handling one notification of an alert (alert ID + `notification`: its monitor condition and
   * times, so a retry is refused and a repeat is not), stored with the alert (`payload`) so a takeover can
   * handle it: the claim for exactly one caller, the first or one taking over a claim whose lease lapsed
   * before it was handled; undefined otherwise.
   */
  claimAlert(
    alertId: string,
    notification: string,
    owner: string,
    leaseMs: number,
    payload: Json,
  ): Promise<AlertClaim | undefined>;
  /** Extends `owner`'s live lease; false when it lapsed or someone else holds it. */
  renewAlert(alertId: string, notification: string, owner: string, leaseMs: number): Promise<boolean>;
  /** The owner has handled it (posted, joined, or decided not to post). */
  finishAlert(alertId: string, notification: string, owner: string): Promise<boolean>;
  /** The owner lets go (shutdown): it may be taken over at once. */
  releaseAlert(alertId: string, notification: string, owner: string): Promise<boolean>;
  /** Claims not handled whose lease lapsed (their owner is gone), oldest first. */
  owedAlerts(limit: number): Promise<AlertClaim[]>;
  /** The newest thread of (channel, app key), open or not. */
  latestAlertThread(channel: string, appKey: string): Promise<AlertThread | undefined>;
  getAlertThread(id: string): Promise<AlertThread | undefined>;
  /** The thread an alert joined, if any. */
  alertThreadOf(alertId: string): Promise<AlertThread | undefined>;
  /** Insert-if-absent on (channel, app key, generation): undefined when another caller opened it first. */
  openAlertThread(t: NewAlertThread): Promise<AlertThread | undefined>;
  /** Adds the alert to the thread unless it already joined one; returns the thread it belongs to. */
  joinAlertThread(alertId: string, threadId: string): Promise<string>;
  /** Compare-and-set: undefined when `version` is no longer current. */
  updateAlertThread(id: string, version: number, patch: AlertThreadPatch): Promise<AlertThread | undefined>;
}

export interface StoreOptions {
  /** Epoch ms; injected so tests control expiry and leases. */
  now?: () => number;
}

export class IllegalTransitionError extends Error {
  constructor(from: ApprovalState, to: ApprovalState) {
    super(`illegal approval transition ${from} → ${to}`);
    this.name = "IllegalTransitionError";
  }
}

export class ApprovalNotFoundError extends Error {
  constructor(id: string) {
    super(`no approval with id ${id}`);
    this.name = "ApprovalNotFoundError";
  }
}

/** Another process holds the embedded store. */
export class StoreLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreLockedError";
  }
}

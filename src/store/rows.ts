// Row ↔ record mapping shared by both adapters. Columns are snake_case in both engines; the engines differ
// only in how JSON arrives (TEXT in SQLite, parsed JSONB in PostgreSQL) and in BIGINT (a string from `pg`).

import { EXECUTOR_LOST, SYSTEM_ACTOR } from "./approval-rules.ts";
import type {
  AlertClaim,
  Approval,
  ApprovalState,
  ApprovalTarget,
  AuditEntry,
  AuditKind,
  DigestDays,
  DigestSubscription,
  Json,
  Lease,
  NewAuditEntry,
  RunClaim,
  VerificationClaim,
} from "./store.ts";

export type Row = Record<string, unknown>;
export type JsonDecoder = (v: unknown) => Json;

const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

export function toApproval(r: Row, json: JsonDecoder): Approval {
  const target: ApprovalTarget = {
    subscriptionId: String(r.target_subscription),
    resourceGroup: String(r.target_rg),
    app: String(r.target_app),
  };
  if (r.target_slot !== null && r.target_slot !== undefined) target.slot = String(r.target_slot);
  if (r.target_instance !== null && r.target_instance !== undefined) target.instance = String(r.target_instance);
  return {
    id: String(r.id),
    correlationId: String(r.correlation_id),
    action: String(r.action),
    target,
    params: json(r.params),
    plan: json(r.plan),
    policy: json(r.policy),
    requestedBy: String(r.requested_by),
    requestedAt: num(r.requested_at),
    channel: String(r.channel),
    messageTs: strOrNull(r.message_ts),
    expiresAt: num(r.expires_at),
    state: String(r.state) as ApprovalState,
    stateBy: String(r.state_by),
    stateAt: num(r.state_at),
    approvedBy: strOrNull(r.approved_by),
    approvedAt: numOrNull(r.approved_at),
    leaseOwner: strOrNull(r.lease_owner),
    leaseUntil: numOrNull(r.lease_until),
    result: r.result === null || r.result === undefined ? null : json(r.result),
    reason: strOrNull(r.reason),
    version: num(r.version),
  };
}

export function toAuditEntry(r: Row, json: JsonDecoder): AuditEntry {
  return {
    seq: num(r.seq),
    at: num(r.at),
    kind: String(r.kind) as AuditKind,
    correlationId: String(r.correlation_id),
    actor: String(r.actor),
    approvalId: strOrNull(r.approval_id),
    app: strOrNull(r.app),
    detail: json(r.detail),
  };
}

export function toSubscription(r: Row, json: JsonDecoder): DigestSubscription {
  return {
    id: String(r.id),
    channel: String(r.channel),
    time: String(r.local_time),
    timeZone: String(r.time_zone),
    days: String(r.days) as DigestDays,
    scope: json(r.scope),
    createdBy: String(r.created_by),
    createdAt: num(r.created_at),
  };
}

/** The lease columns digest runs and verifications share (sql-lease.ts). */
function toLease(r: Row): Lease {
  return {
    owner: String(r.owner),
    claimedAt: num(r.claimed_at),
    leaseUntil: numOrNull(r.lease_until),
    postingAt: numOrNull(r.posting_at),
    postedTs: r.posted_ts === null || r.posted_ts === undefined ? null : String(r.posted_ts),
    doneAt: numOrNull(r.done_at),
    takeovers: num(r.takeovers ?? 0),
  };
}

export function toRunClaim(r: Row): RunClaim {
  return { subscriptionId: String(r.subscription_id), localDate: String(r.local_date), ...toLease(r) };
}

export function toAlertClaim(r: Row, json: JsonDecoder): AlertClaim {
  return {
    alertId: String(r.alert_id),
    notification: String(r.notification),
    payload: r.payload === null || r.payload === undefined ? null : json(r.payload),
    ...toLease(r),
  };
}

export function toVerificationClaim(r: Row): VerificationClaim {
  return { approvalId: String(r.approval_id), ...toLease(r) };
}

/** The audit entry a sweep writes for each approval it expired or failed. */
export function sweepAudit(a: Approval, at: number): NewAuditEntry {
  const lost = a.state === "failed";
  return {
    kind: lost ? "executor-lost" : "expiry",
    correlationId: a.correlationId,
    actor: SYSTEM_ACTOR,
    approvalId: a.id,
    app: a.target.app,
    detail: lost
      ? { reason: EXECUTOR_LOST, leaseOwner: a.leaseOwner, leaseUntil: a.leaseUntil }
      : { expiresAt: a.expiresAt },
    at,
  };
}

/** Positional values for an audit insert, in the column order both adapters use. */
export function auditValues(e: NewAuditEntry, at: number, encodeJson: (v: Json) => unknown): unknown[] {
  return [at, e.kind, e.correlationId, e.actor, e.approvalId ?? null, e.app ?? null, encodeJson(e.detail)];
}

export const AUDIT_COLUMNS = "at, kind, correlation_id, actor, approval_id, app, detail";

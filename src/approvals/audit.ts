// The audit trail of approvals: entry builders (every request, refusal, decision, ARM call, result and
// verification is one append-only entry under the approval's correlation id), the per-app history, and
// the one-line state text a losing click or a late button shows.
import { SYSTEM_ACTOR } from "../store/approval-rules.ts";
import type { Approval, AuditEntry, AuditKind, Json, NewAuditEntry, Store } from "../store/store.ts";
import { type AuditTargetKey, entriesIn } from "./audit-scope.ts";

export function entryFor(
  a: Pick<Approval, "id" | "correlationId" | "target">,
  kind: AuditKind,
  actor: string,
  detail: Json,
  at?: number,
): NewAuditEntry {
  return {
    kind,
    correlationId: a.correlationId,
    actor,
    approvalId: a.id,
    app: a.target.app,
    detail,
    ...(at ? { at } : {}),
  };
}

/** Appends without letting a failing audit write hide the outcome it records (it is logged instead). */
export async function appendSafely(
  store: Store,
  entry: NewAuditEntry,
  log: { warn(o: object, m?: string): void },
): Promise<void> {
  try {
    await store.appendAudit(entry);
  } catch (err) {
    log.warn({ err: String(err), kind: entry.kind, correlationId: entry.correlationId }, "audit append failed");
  }
}

/**
 * What the bot did to an app (or to everything) since `sinceMs`, newest first; with `visible`, only the
 * entries about those apps (a channel sees the trail of its own scope).
 */
export async function auditHistory(
  store: Store,
  q: { app?: string; sinceMs: number; limit?: number },
  visible?: ReadonlySet<AuditTargetKey>,
): Promise<AuditEntry[]> {
  const entries = await store.listAudit({ app: q.app, sinceMs: q.sinceMs, newestFirst: true, limit: q.limit ?? 200 });
  return visible ? entriesIn(store, entries, visible) : entries;
}

/** "10:42" in the given zone. */
export function clockTime(ms: number, timeZone = "UTC", withSeconds = false): string {
  return new Intl.DateTimeFormat("en-GB", {
    hour: "2-digit",
    minute: "2-digit",
    ...(withSeconds ? { second: "2-digit" as const } : {}),
    hourCycle: "h23",
    timeZone,
  }).format(ms);
}

/** A reconciled execution Azure could not account for (docs/faults.md): not a failure, not a success. */
export function outcomeUnknown(a: Approval): boolean {
  const r = a.result;
  if (a.state !== "failed" || !r || typeof r !== "object" || Array.isArray(r)) return false;
  const rec = r.reconciled;
  return !!rec && typeof rec === "object" && !Array.isArray(rec) && rec.outcome === "unknown";
}

const who = (user: string | null) => (!user || user === SYSTEM_ACTOR ? "the bot" : `<@${user}>`);

/** Why a click found the approval no longer pending, phrased for the person who clicked. */
export function stateMessage(a: Approval, timeZone = "UTC"): string {
  const at = (ms: number | null) => clockTime(ms ?? a.stateAt, timeZone);
  switch (a.state) {
    case "pending":
      return `Waiting for approval until ${at(a.expiresAt)}.`;
    case "approved":
      return `Already approved by ${who(a.approvedBy)} at ${at(a.approvedAt)}.`;
    case "executing":
      return `Already running (approved by ${who(a.approvedBy)} at ${at(a.approvedAt)}).`;
    case "succeeded":
      return `Already done at ${at(a.stateAt)} (approved by ${who(a.approvedBy)})${a.reason ? `: ${a.reason}` : ""}.`;
    case "failed":
      if (outcomeUnknown(a)) return `Outcome unknown since ${at(a.stateAt)}: ${a.reason ?? ""}.`;
      return `Already tried at ${at(a.stateAt)} and ${a.reason?.startsWith("not done") ? "it was" : "failed"}: ${a.reason ?? "unknown reason"}.`;
    case "cancelled":
      return `Cancelled by ${who(a.stateBy)} at ${at(a.stateAt)}.`;
    case "expired":
      return `Expired at ${at(a.expiresAt)} without approval: propose it again if it is still needed.`;
    case "rejected":
      return `Rejected by ${who(a.stateBy)} at ${at(a.stateAt)}${a.reason ? `: ${a.reason}` : ""}.`;
  }
}

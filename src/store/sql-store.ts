// The one implementation of `Store` on an `SqlDriver`, shared by `SqliteStore` and `PostgresStore` so both
// run the same statements. Every approval change is a single conditional UPDATE … RETURNING: under
// concurrency exactly one caller gets the row, every other caller reads the winner's row instead. The other
// records (subscriptions, runs, verifications, alerts) come from `SqlRecords` (sql-records.ts).

import { randomUUID } from "node:crypto";
import { assertTransitions, EXECUTOR_LOST, SYSTEM_ACTOR } from "./approval-rules.ts";
import { AUDIT_COLUMNS, auditValues, type Row, sweepAudit, toApproval, toAuditEntry } from "./rows.ts";
import type { SqlDriver, SqlQuery } from "./sql-driver.ts";
import { SqlRecords } from "./sql-records.ts";
import {
  type Actor,
  type Approval,
  ApprovalNotFoundError,
  type ApprovalQuery,
  type ApprovalState,
  type AuditEntry,
  type AuditQuery,
  type ExecutionOutcome,
  type NewApproval,
  type NewAuditEntry,
  type Store,
  type TransitionPatch,
  type TransitionResult,
} from "./store.ts";

const APPROVAL_COLUMNS =
  "id, correlation_id, action, target_subscription, target_rg, target_app, target_slot, target_instance, " +
  "params, plan, policy, requested_by, requested_at, channel, message_ts, expires_at, state, state_by, state_at";
const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");
const enc = (v: unknown) => JSON.stringify(v);

export class SqlStore extends SqlRecords implements Store {
  readonly kind: "sqlite" | "postgres";
  #db: SqlDriver;
  #now: () => number;

  constructor(driver: SqlDriver, now: () => number = Date.now) {
    super(driver, now);
    this.#db = driver;
    this.kind = driver.kind;
    this.#now = now;
  }

  migrate(): Promise<void> {
    return this.#db.migrate();
  }

  close(): Promise<void> {
    return this.#db.close();
  }

  #approval(r: Row): Approval {
    return toApproval(r, (v) => this.#db.decodeJson(v));
  }

  async #insertAudit(q: SqlQuery, e: NewAuditEntry): Promise<AuditEntry> {
    const [row] = await q(
      `INSERT INTO audit_log (${AUDIT_COLUMNS}) VALUES (${marks(7)}) RETURNING *`,
      auditValues(e, e.at ?? this.#now(), enc),
    );
    return toAuditEntry(row, (v) => this.#db.decodeJson(v));
  }

  /** Runs one conditional UPDATE (plus its audit entry, in the same transaction, when it wins). */
  async #update(id: string, sql: string, params: unknown[], audit?: NewAuditEntry): Promise<TransitionResult> {
    const won = audit
      ? await this.#db.transaction(async (q) => {
          const [row] = await q(sql, params);
          if (row) await this.#insertAudit(q, { ...audit, approvalId: audit.approvalId ?? id });
          return row;
        })
      : (await this.#db.query(sql, params))[0];
    if (won) return { ok: true, approval: this.#approval(won) };
    const current = await this.getApproval(id);
    if (!current) throw new ApprovalNotFoundError(id);
    return { ok: false, current };
  }

  async createApproval(a: NewApproval): Promise<Approval> {
    const at = a.requestedAt ?? this.#now();
    const t = a.target;
    const [row] = await this.#db.query(
      `INSERT INTO approvals (${APPROVAL_COLUMNS}) VALUES (${marks(19)}) RETURNING *`,
      [
        randomUUID(),
        a.correlationId,
        a.action,
        t.subscriptionId,
        t.resourceGroup,
        t.app,
        t.slot ?? null,
        t.instance ?? null,
        enc(a.params),
        enc(a.plan),
        enc(a.policy),
        a.requestedBy,
        at,
        a.channel,
        a.messageTs ?? null,
        a.expiresAt,
        "pending",
        a.requestedBy,
        at,
      ],
    );
    return this.#approval(row);
  }

  async getApproval(id: string): Promise<Approval | undefined> {
    const [row] = await this.#db.query("SELECT * FROM approvals WHERE id = ?", [id]);
    return row ? this.#approval(row) : undefined;
  }

  async transition(
    id: string,
    from: ApprovalState[],
    to: ApprovalState,
    by: Actor,
    patch: TransitionPatch = {},
  ): Promise<TransitionResult> {
    assertTransitions(from, to);
    const sets = ["state = ?", "state_by = ?", "state_at = ?", "version = version + 1"];
    const params: unknown[] = [to, by.user, by.at];
    if (to === "approved") {
      sets.push("approved_by = ?", "approved_at = ?");
      params.push(by.user, by.at);
    }
    if (patch.reason !== undefined) {
      sets.push("reason = ?");
      params.push(patch.reason);
    }
    if (patch.result !== undefined) {
      sets.push("result = ?");
      params.push(enc(patch.result));
    }
    let where = `id = ? AND state IN (${marks(from.length)})`;
    params.push(id, ...from);
    // Past its expiry a pending approval can only become "expired", even before the sweep has run.
    const guardExpiry = from.includes("pending") && to !== "expired";
    if (guardExpiry) {
      where += " AND NOT (state = 'pending' AND expires_at <= ?)";
      params.push(by.at);
    }
    const res = await this.#update(
      id,
      `UPDATE approvals SET ${sets.join(", ")} WHERE ${where} RETURNING *`,
      params,
      patch.audit,
    );
    if (res.ok || !guardExpiry || res.current.state !== "pending" || res.current.expiresAt > by.at) return res;
    const [expired] = await this.#expire(by.at, id);
    return { ok: false, current: expired ?? (await this.getApproval(id)) ?? res.current };
  }

  claimExecution(id: string, leaseMs: number, owner: string, audit?: NewAuditEntry): Promise<TransitionResult> {
    const now = this.#now();
    return this.#update(
      id,
      "UPDATE approvals SET state = 'executing', state_by = ?, state_at = ?, lease_owner = ?, lease_until = ?, " +
        "version = version + 1 WHERE id = ? AND state = 'approved' RETURNING *",
      [owner, now, owner, now + leaseMs, id],
      audit,
    );
  }

  renewLease(id: string, owner: string, leaseMs: number): Promise<TransitionResult> {
    const now = this.#now();
    return this.#update(
      id,
      "UPDATE approvals SET lease_until = ?, version = version + 1 " +
        "WHERE id = ? AND state = 'executing' AND lease_owner = ? AND lease_until > ? RETURNING *",
      [now + leaseMs, id, owner, now],
    );
  }

  finishExecution(id: string, o: ExecutionOutcome): Promise<TransitionResult> {
    return this.#update(
      id,
      "UPDATE approvals SET state = ?, state_by = ?, state_at = ?, result = ?, reason = COALESCE(?, reason), " +
        "version = version + 1 WHERE id = ? AND state = 'executing' AND lease_owner = ? RETURNING *",
      [o.state, o.owner, this.#now(), enc(o.result), o.reason ?? null, id, o.owner],
      o.audit,
    );
  }

  settleStaleExecution(
    id: string,
    o: Omit<ExecutionOutcome, "owner">,
    now: number = this.#now(),
  ): Promise<TransitionResult> {
    return this.#update(
      id,
      "UPDATE approvals SET state = ?, state_by = ?, state_at = ?, result = ?, reason = COALESCE(?, reason), " +
        "version = version + 1 WHERE id = ? AND state = 'executing' AND lease_until <= ? RETURNING *",
      [o.state, SYSTEM_ACTOR, now, enc(o.result), o.reason ?? null, id, now],
      o.audit,
    );
  }

  expireDue(now: number = this.#now()): Promise<Approval[]> {
    return this.#expire(now);
  }

  /** `onlyId` narrows the sweep to one approval (a click that arrived after expiry). */
  #expire(now: number, onlyId?: string): Promise<Approval[]> {
    const one = onlyId === undefined ? "" : " AND id = ?";
    return this.#sweep(
      "UPDATE approvals SET state = 'expired', state_by = ?, state_at = ?, version = version + 1 " +
        `WHERE state = 'pending' AND expires_at <= ?${one} RETURNING *`,
      [SYSTEM_ACTOR, now, now, ...(onlyId === undefined ? [] : [onlyId])],
      now,
    );
  }

  failStaleExecutions(now: number = this.#now()): Promise<Approval[]> {
    return this.#sweep(
      "UPDATE approvals SET state = 'failed', state_by = ?, state_at = ?, reason = ?, version = version + 1 " +
        "WHERE state = 'executing' AND lease_until <= ? RETURNING *",
      [SYSTEM_ACTOR, now, EXECUTOR_LOST, now],
      now,
    );
  }

  #sweep(sql: string, params: unknown[], now: number): Promise<Approval[]> {
    return this.#db.transaction(async (q) => {
      const rows = (await q(sql, params)).map((r) => this.#approval(r));
      for (const a of rows) await this.#insertAudit(q, sweepAudit(a, now));
      return rows.sort((a, b) => a.expiresAt - b.expiresAt || a.id.localeCompare(b.id));
    });
  }

  async listApprovals(query: ApprovalQuery): Promise<Approval[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.state !== undefined) {
      const states = Array.isArray(query.state) ? query.state : [query.state];
      if (states.length === 0) return [];
      where.push(`state IN (${marks(states.length)})`);
      params.push(...states);
    }
    if (query.app !== undefined) {
      where.push("target_app = ?");
      params.push(query.app);
    }
    if (query.channel !== undefined) {
      where.push("channel = ?");
      params.push(query.channel);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
    const rows = await this.#db.query(`SELECT * FROM approvals ${filter} ORDER BY requested_at DESC, id LIMIT ?`, [
      ...params,
      query.limit,
    ]);
    return rows.map((r) => this.#approval(r));
  }

  async setMessageRef(id: string, channel: string, ts: string): Promise<Approval | undefined> {
    const [row] = await this.#db.query(
      "UPDATE approvals SET channel = ?, message_ts = ?, version = version + 1 WHERE id = ? RETURNING *",
      [channel, ts, id],
    );
    return row ? this.#approval(row) : undefined;
  }

  appendAudit(entry: NewAuditEntry): Promise<AuditEntry> {
    return this.#insertAudit((sql, params) => this.#db.query(sql, params), entry);
  }

  async listAudit(query: AuditQuery): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (col: string, op: string, v: unknown) => {
      if (v === undefined) return;
      where.push(`${col} ${op} ?`);
      params.push(v);
    };
    add("app", "=", query.app);
    add("approval_id", "=", query.approvalId);
    add("correlation_id", "=", query.correlationId);
    add("at", ">=", query.sinceMs);
    const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
    const order = query.newestFirst ? "DESC" : "ASC";
    const rows = await this.#db.query(`SELECT * FROM audit_log ${filter} ORDER BY seq ${order} LIMIT ?`, [
      ...params,
      query.limit,
    ]);
    return rows.map((r) => toAuditEntry(r, (v) => this.#db.decodeJson(v)));
  }
}

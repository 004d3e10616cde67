// Azure Monitor alert claims and incident threads on an `SqlDriver`. A claim is a lease on (alert,
// notification) (sql-lease.ts): exactly one caller handles each notification, across retries, replicas and
// restarts, and one whose owner died is taken over.
// A thread opens as insert-if-absent on (channel, app, generation): two replicas opening the next thread
// for one app race on the same generation and one wins. Updates are compare-and-set on `version`.

import { randomUUID } from "node:crypto";
import { type JsonDecoder, type Row, toAlertClaim } from "./rows.ts";
import type { SqlDriver } from "./sql-driver.ts";
import { leaseOps } from "./sql-lease.ts";
import type { AlertClaim, AlertThread, AlertThreadPatch, Json, NewAlertThread } from "./store.ts";

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toThread(r: Row, json: JsonDecoder): AlertThread {
  return {
    id: String(r.id),
    channel: String(r.channel),
    appKey: String(r.app_key),
    generation: Number(r.generation),
    messageTs: r.message_ts === null || r.message_ts === undefined ? null : String(r.message_ts),
    openedAt: Number(r.opened_at),
    lastAt: Number(r.last_at),
    resolvedAt: numOrNull(r.resolved_at),
    state: json(r.state),
    version: Number(r.version),
  };
}

export const alertLease = leaseOps({ table: "alert_claims", key: ["alert_id", "notification"] });

/**
 * Insert-if-absent, with the alert; the conflict branch is the takeover of a claim whose lease lapsed before
 * it was handled (claimed_at stays the first claim's: a takeover compares the thread's state with it).
 */
export async function claimAlert(
  db: SqlDriver,
  now: number,
  c: { alertId: string; notification: string; owner: string; leaseMs: number; payload: Json },
): Promise<AlertClaim | undefined> {
  const [r] = await db.query(
    "INSERT INTO alert_claims (alert_id, notification, owner, claimed_at, lease_until, payload) VALUES (?, ?, ?, ?, ?, ?) " +
      "ON CONFLICT (alert_id, notification) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until, " +
      "takeovers = alert_claims.takeovers + 1 " +
      "WHERE alert_claims.done_at IS NULL AND alert_claims.lease_until <= ? RETURNING *",
    [c.alertId, c.notification, c.owner, now, now + c.leaseMs, JSON.stringify(c.payload), now],
  );
  return r ? toAlertClaim(r, (v) => db.decodeJson(v)) : undefined;
}

export async function owedAlerts(db: SqlDriver, now: number, limit: number): Promise<AlertClaim[]> {
  const rows = await db.query(
    "SELECT * FROM alert_claims WHERE done_at IS NULL AND lease_until <= ? ORDER BY claimed_at LIMIT ?",
    [now, limit],
  );
  return rows.map((r) => toAlertClaim(r, (v) => db.decodeJson(v)));
}

export async function latestAlertThread(
  db: SqlDriver,
  channel: string,
  appKey: string,
): Promise<AlertThread | undefined> {
  const [r] = await db.query(
    "SELECT * FROM alert_threads WHERE channel = ? AND app_key = ? ORDER BY generation DESC LIMIT 1",
    [channel, appKey],
  );
  return r ? toThread(r, (v) => db.decodeJson(v)) : undefined;
}

export async function getAlertThread(db: SqlDriver, id: string): Promise<AlertThread | undefined> {
  const [r] = await db.query("SELECT * FROM alert_threads WHERE id = ?", [id]);
  return r ? toThread(r, (v) => db.decodeJson(v)) : undefined;
}

export async function alertThreadOf(db: SqlDriver, alertId: string): Promise<AlertThread | undefined> {
  const [r] = await db.query(
    "SELECT t.* FROM alert_threads t JOIN alert_thread_members m ON m.thread_id = t.id WHERE m.alert_id = ?",
    [alertId],
  );
  return r ? toThread(r, (v) => db.decodeJson(v)) : undefined;
}

/** The thread `alertId` now belongs to: `threadId`, or the one another caller registered first. */
export async function joinAlertThread(db: SqlDriver, alertId: string, threadId: string): Promise<string> {
  await db.query(
    "INSERT INTO alert_thread_members (alert_id, thread_id) VALUES (?, ?) ON CONFLICT (alert_id) DO NOTHING",
    [alertId, threadId],
  );
  const [r] = await db.query("SELECT thread_id FROM alert_thread_members WHERE alert_id = ?", [alertId]);
  return String(r.thread_id);
}

export async function openAlertThread(db: SqlDriver, now: number, t: NewAlertThread): Promise<AlertThread | undefined> {
  const rows = await db.query(
    "INSERT INTO alert_threads (id, channel, app_key, generation, message_ts, opened_at, last_at, resolved_at, state, version) " +
      "VALUES (?, ?, ?, ?, NULL, ?, ?, NULL, ?, 1) ON CONFLICT (channel, app_key, generation) DO NOTHING RETURNING *",
    [randomUUID(), t.channel, t.appKey, t.generation, now, now, JSON.stringify(t.state)],
  );
  return rows[0] ? toThread(rows[0], (v) => db.decodeJson(v)) : undefined;
}

export async function updateAlertThread(
  db: SqlDriver,
  id: string,
  version: number,
  p: AlertThreadPatch,
): Promise<AlertThread | undefined> {
  const sets: string[] = ["version = version + 1"];
  const params: unknown[] = [];
  const set = (col: string, v: unknown) => {
    sets.push(`${col} = ?`);
    params.push(v);
  };
  if (p.messageTs !== undefined) set("message_ts", p.messageTs);
  if (p.lastAt !== undefined) set("last_at", p.lastAt);
  if (p.resolvedAt !== undefined) set("resolved_at", p.resolvedAt);
  if (p.state !== undefined) set("state", JSON.stringify(p.state));
  const rows = await db.query(`UPDATE alert_threads SET ${sets.join(", ")} WHERE id = ? AND version = ? RETURNING *`, [
    ...params,
    id,
    version,
  ]);
  return rows[0] ? toThread(rows[0], (v) => db.decodeJson(v)) : undefined;
}

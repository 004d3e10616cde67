// Digest subscriptions and run claims on an `SqlDriver`. Creating or deleting a subscription bumps a
// counter in the same transaction, so other replicas notice a change with one cheap read. A run claim is
// insert-if-absent on (subscription, local date): exactly one replica wins each day's digest.

import { randomUUID } from "node:crypto";
import { toRunClaim, toSubscription } from "./rows.ts";
import type { SqlDriver, SqlQuery } from "./sql-driver.ts";
import { leaseOps } from "./sql-lease.ts";
import type { DigestSubscription, NewSubscription, RunClaim, RunQuery } from "./store.ts";
import { assertLocalDate, assertValidSubscription } from "./subscription-rules.ts";

const bump = (q: SqlQuery) => q("UPDATE store_counters SET value = value + 1 WHERE name = 'subscriptions'");

export async function createSubscription(db: SqlDriver, now: number, s: NewSubscription): Promise<DigestSubscription> {
  assertValidSubscription(s);
  const row = await db.transaction(async (q) => {
    const [r] = await q(
      "INSERT INTO digest_subscriptions (id, channel, local_time, time_zone, days, scope, created_by, created_at) " +
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
      [randomUUID(), s.channel, s.time, s.timeZone, s.days, JSON.stringify(s.scope), s.createdBy, now],
    );
    await bump(q);
    return r;
  });
  return toSubscription(row, (v) => db.decodeJson(v));
}

export function deleteSubscription(db: SqlDriver, id: string, channel: string): Promise<boolean> {
  return db.transaction(async (q) => {
    const gone = await q("DELETE FROM digest_subscriptions WHERE id = ? AND channel = ? RETURNING id", [id, channel]);
    if (gone.length > 0) await bump(q);
    return gone.length > 0;
  });
}

export async function listSubscriptions(db: SqlDriver): Promise<DigestSubscription[]> {
  const rows = await db.query("SELECT * FROM digest_subscriptions ORDER BY created_at, id");
  return rows.map((r) => toSubscription(r, (v) => db.decodeJson(v)));
}

export async function subscriptionsVersion(db: SqlDriver): Promise<number> {
  const [row] = await db.query("SELECT value FROM store_counters WHERE name = 'subscriptions'");
  return Number(row.value);
}

/**
 * The first claim inserts the row; a later one takes over a run whose lease lapsed before it was done
 * (its owner died or let go). False when someone holds a live lease, the run is done, or the subscription
 * no longer exists.
 */
export async function claimRun(
  db: SqlDriver,
  now: number,
  subscriptionId: string,
  localDate: string,
  owner: string,
  leaseMs: number,
): Promise<boolean> {
  assertLocalDate(localDate);
  // INSERT … SELECT so a subscription deleted on another replica is not posted; the casts type the
  // parameters for PostgreSQL (a bare parameter in a select list has no type there). The conflict branch
  // is the takeover, conditional on the old lease having lapsed, so concurrent takers race on one row.
  const rows = await db.query(
    "INSERT INTO digest_runs (subscription_id, local_date, owner, claimed_at, lease_until) " +
      "SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT), CAST(? AS BIGINT) " +
      "WHERE EXISTS (SELECT 1 FROM digest_subscriptions WHERE id = ?) " +
      "ON CONFLICT (subscription_id, local_date) DO UPDATE SET owner = excluded.owner, " +
      "lease_until = excluded.lease_until, takeovers = digest_runs.takeovers + 1 " +
      "WHERE digest_runs.done_at IS NULL AND digest_runs.lease_until <= ? RETURNING subscription_id",
    [subscriptionId, localDate, owner, now, now + leaseMs, subscriptionId, now],
  );
  return rows.length === 1;
}

const runs = leaseOps({ table: "digest_runs", key: ["subscription_id", "local_date"] });

export function renewRun(db: SqlDriver, now: number, sub: string, date: string, owner: string, leaseMs: number) {
  return runs.renew(db, now, [sub, date], owner, leaseMs);
}

export function markRunPosting(db: SqlDriver, now: number, sub: string, date: string, owner: string) {
  return runs.markPosting(db, now, [sub, date], owner);
}

export function finishRun(db: SqlDriver, now: number, sub: string, date: string, owner: string, ts: string | null) {
  return runs.finish(db, now, [sub, date], owner, ts);
}

export function releaseRun(db: SqlDriver, now: number, sub: string, date: string, owner: string) {
  return runs.release(db, now, [sub, date], owner);
}

export async function getRun(db: SqlDriver, sub: string, date: string): Promise<RunClaim | undefined> {
  const [row] = await db.query("SELECT * FROM digest_runs WHERE subscription_id = ? AND local_date = ?", [sub, date]);
  return row ? toRunClaim(row) : undefined;
}

export async function listRuns(db: SqlDriver, query: RunQuery): Promise<RunClaim[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.subscriptionId !== undefined) {
    where.push("subscription_id = ?");
    params.push(query.subscriptionId);
  }
  if (query.sinceDate !== undefined) {
    where.push("local_date >= ?");
    params.push(query.sinceDate);
  }
  const filter = where.length > 0 ? `WHERE ${where.join(" AND ")}` : "";
  const rows = await db.query(`SELECT * FROM digest_runs ${filter} ORDER BY local_date DESC, subscription_id LIMIT ?`, [
    ...params,
    query.limit,
  ]);
  return rows.map(toRunClaim);
}

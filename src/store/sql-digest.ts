// Digest subscriptions and run claims on an `SqlDriver`. Creating or deleting a subscription bumps a
// counter in the same transaction, so other replicas notice a change with one cheap read. A run claim is
// insert-if-absent on (subscription, local date): exactly one replica wins each day's digest.

import { randomUUID } from "node:crypto";
import { toRunClaim, toSubscription } from "./rows.ts";
import type { SqlDriver, SqlQuery } from "./sql-driver.ts";
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

/** False when another caller already claimed the date, or when the subscription no longer exists. */
export async function claimRun(
  db: SqlDriver,
  now: number,
  subscriptionId: string,
  localDate: string,
  owner: string,
): Promise<boolean> {
  assertLocalDate(localDate);
  // INSERT … SELECT so a subscription deleted on another replica is not posted; the casts type the
  // parameters for PostgreSQL (a bare parameter in a select list has no type there).
  const rows = await db.query(
    "INSERT INTO digest_runs (subscription_id, local_date, owner, claimed_at) " +
      "SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS BIGINT) " +
      "WHERE EXISTS (SELECT 1 FROM digest_subscriptions WHERE id = ?) " +
      "ON CONFLICT (subscription_id, local_date) DO NOTHING RETURNING subscription_id",
    [subscriptionId, localDate, owner, now, subscriptionId],
  );
  return rows.length === 1;
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

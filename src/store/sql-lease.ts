// Owed work under a lease (a digest run, a verification): one owner at a time until lease_until, renewed
// while the work runs; taken over once the lease lapses before done_at; posting_at and posted_ts let a
// takeover look for the message before posting again. The tables share these columns; each has its key.

import type { SqlDriver } from "./sql-driver.ts";

export interface LeaseTable {
  table: string;
  /** The key's columns, in the order their values are passed. */
  key: readonly string[];
}

/** The owner's updates of a lease row; each is true when `owner` still held the (unfinished) row. */
export function leaseOps(t: LeaseTable) {
  const owned = `WHERE ${t.key.map((k) => `${k} = ?`).join(" AND ")} AND owner = ? AND done_at IS NULL`;
  const update = async (
    db: SqlDriver,
    set: string,
    params: unknown[],
    key: unknown[],
    owner: string,
    live?: number,
  ) => {
    const extra = live === undefined ? "" : " AND lease_until > ?";
    const rows = await db.query(`UPDATE ${t.table} SET ${set} ${owned}${extra} RETURNING owner`, [
      ...params,
      ...key,
      owner,
      ...(live === undefined ? [] : [live]),
    ]);
    return rows.length === 1;
  };
  return {
    /** Extends a live lease (a lapsed one may already be someone else's). */
    renew: (db: SqlDriver, now: number, key: unknown[], owner: string, leaseMs: number) =>
      update(db, "lease_until = ?", [now + leaseMs], key, owner, now),
    markPosting: (db: SqlDriver, now: number, key: unknown[], owner: string) =>
      update(db, "posting_at = ?", [now], key, owner),
    finish: (db: SqlDriver, now: number, key: unknown[], owner: string, postedTs: string | null) =>
      update(db, "posted_ts = ?, done_at = ?, lease_until = NULL", [postedTs, now], key, owner),
    /** Lets go at once (shutdown): another replica may take it over without waiting for the lapse. */
    release: (db: SqlDriver, now: number, key: unknown[], owner: string) =>
      update(db, "lease_until = ?", [now], key, owner),
  };
}

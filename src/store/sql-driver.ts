// What `SqlStore` needs from an engine: run a statement, run a transaction, decode JSON, migrate, close.
// Statements are written once with `?` placeholders in the subset both engines share (UPDATE … RETURNING,
// INSERT … ON CONFLICT DO NOTHING); the PostgreSQL driver numbers the placeholders.

import type { Row } from "./rows.ts";
import type { Json } from "./store.ts";

export type SqlQuery = (sql: string, params?: readonly unknown[]) => Promise<Row[]>;

export interface SqlDriver {
  readonly kind: "sqlite" | "postgres";
  query: SqlQuery;
  /** Runs `fn` in one transaction; `fn` must use the `q` it is given. Rolls back when `fn` throws. */
  transaction<T>(fn: (q: SqlQuery) => Promise<T>): Promise<T>;
  decodeJson(v: unknown): Json;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

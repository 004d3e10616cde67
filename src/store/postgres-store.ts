// `PostgresStore`: PostgreSQL via `pg` when DATABASE_URL is set, for several replicas. Replicas coordinate
// only through the database: conditional UPDATE … RETURNING for approvals, INSERT … ON CONFLICT DO NOTHING
// for digest claims, and pg_advisory_lock around migrations so replicas starting together migrate once.

import pg from "pg";
import { assertOrdered } from "./migrations/migration.ts";
import { POSTGRES_MIGRATIONS } from "./migrations/postgres.ts";
import type { Row } from "./rows.ts";
import type { SqlDriver, SqlQuery } from "./sql-driver.ts";
import { SqlStore } from "./sql-store.ts";
import type { Json, StoreOptions } from "./store.ts";

export interface PostgresStoreOptions extends StoreOptions {
  url: string;
  /** Tables live in this schema (created if missing); default: the connection's search_path. */
  schema?: string;
  /** Pool size, default 10. */
  poolSize?: number;
  /** Errors of idle pooled connections (server restart, network); the next query reports its own error. */
  onError?: (err: Error) => void;
}

/** One key for every appsvc-bot replica on the database. */
const MIGRATION_LOCK = "SELECT pg_advisory_lock(hashtext('appsvc-bot'), hashtext('migrate'))";
const MIGRATION_UNLOCK = "SELECT pg_advisory_unlock(hashtext('appsvc-bot'), hashtext('migrate'))";
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const numbered = new Map<string, string>();
/** `?` → `$1, $2, …` (the shared statements never contain a literal question mark). */
function toDollar(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, out);
  }
  return out;
}

function clientQuery(c: pg.Pool | pg.PoolClient): SqlQuery {
  return async (sql, params = []) => (await c.query(toDollar(sql), params as unknown[])).rows as Row[];
}

class PostgresDriver implements SqlDriver {
  readonly kind = "postgres";
  #pool: pg.Pool;
  #schema: string | undefined;
  #closing: Promise<void> | undefined;

  constructor(opts: PostgresStoreOptions) {
    if (opts.schema !== undefined && !SCHEMA_NAME.test(opts.schema)) {
      throw new Error(`schema "${opts.schema}" must match ${SCHEMA_NAME}`);
    }
    this.#schema = opts.schema;
    this.#pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      application_name: "appsvc-bot",
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    this.#pool.on("error", (err) => opts.onError?.(err));
  }

  query: SqlQuery = (sql, params) => clientQuery(this.#pool)(sql, params);

  async transaction<T>(fn: (q: SqlQuery) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query("BEGIN");
      const result = await fn(clientQuery(client));
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  decodeJson(v: unknown): Json {
    return v as Json; // pg parses JSONB
  }

  /** Session-level advisory lock on a dedicated connection; each migration commits on its own. */
  async migrate(): Promise<void> {
    assertOrdered(POSTGRES_MIGRATIONS);
    const client = await this.#pool.connect();
    let failed = false;
    try {
      await client.query(MIGRATION_LOCK);
      try {
        if (this.#schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${this.#schema}`);
        await client.query(
          "CREATE TABLE IF NOT EXISTS schema_migrations " +
            "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
        );
        const { rows } = await client.query("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations");
        for (const m of POSTGRES_MIGRATIONS) {
          if (m.version <= Number(rows[0].v)) continue;
          await client.query("BEGIN");
          try {
            await client.query(m.sql);
            await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
              m.version,
              m.name,
              Date.now(),
            ]);
            await client.query("COMMIT");
          } catch (err) {
            await client.query("ROLLBACK");
            throw new Error(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
          }
        }
      } finally {
        await client.query(MIGRATION_UNLOCK);
      }
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      // A failed session is destroyed, which also drops any advisory lock it still holds.
      client.release(failed);
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#pool.end();
    return this.#closing;
  }
}

export class PostgresStore extends SqlStore {
  constructor(opts: PostgresStoreOptions) {
    super(new PostgresDriver(opts), opts.now);
  }
}

// `SqliteStore`: the embedded default, a file in APPSVC_DATA_DIR via node:sqlite (built into Node 24).
// Single replica by design: an owner lock refuses a second process (or a second store in this process).
// node:sqlite is synchronous, so statements are serialised through one queue; a transaction therefore
// never interleaves with another caller's statements even across its awaits.

import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { assertOrdered } from "./migrations/migration.ts";
import { SQLITE_MIGRATIONS } from "./migrations/sqlite.ts";
import type { Row } from "./rows.ts";
import type { SqlDriver, SqlQuery } from "./sql-driver.ts";
import { SqlStore } from "./sql-store.ts";
import { acquireOwnerLock, type OwnerLock } from "./sqlite-lock.ts";
import type { Json, StoreOptions } from "./store.ts";

export interface SqliteStoreOptions extends StoreOptions {
  dataDir: string;
  /** Default "appsvc.sqlite". */
  fileName?: string;
  /** How long a statement waits for a lock held by a checkpoint or backup, default 5000 ms. */
  busyTimeoutMs?: number;
}

export const SQLITE_FILE = "appsvc.sqlite";

class SqliteDriver implements SqlDriver {
  readonly kind = "sqlite";
  readonly path: string;
  #db: DatabaseSync;
  #lock: OwnerLock;
  #statements = new Map<string, StatementSync>();
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(opts: SqliteStoreOptions) {
    mkdirSync(opts.dataDir, { recursive: true });
    this.path = resolve(opts.dataDir, opts.fileName ?? SQLITE_FILE);
    this.#lock = acquireOwnerLock(this.path);
    try {
      this.#db = new DatabaseSync(this.path, { timeout: opts.busyTimeoutMs ?? 5000 });
      this.#db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
    } catch (err) {
      this.#lock.release();
      throw err;
    }
  }

  #run(sql: string, params: readonly unknown[] = []): Row[] {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.#db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt.all(...(params as SQLInputValue[])) as Row[];
  }

  /** Runs `fn` after everything queued before it; a failure does not block later callers. */
  #serial<T>(fn: () => T | Promise<T>): Promise<T> {
    const next = this.#queue.then(() => {
      if (this.#closed) throw new Error(`the store ${this.path} is closed`);
      return fn();
    });
    this.#queue = next.catch(() => undefined);
    return next;
  }

  query: SqlQuery = (sql, params) => this.#serial(() => this.#run(sql, params));

  transaction<T>(fn: (q: SqlQuery) => Promise<T>): Promise<T> {
    return this.#serial(async () => {
      this.#db.exec("BEGIN IMMEDIATE");
      try {
        const result = await fn(async (sql, params) => this.#run(sql, params));
        this.#db.exec("COMMIT");
        return result;
      } catch (err) {
        if (this.#db.isTransaction) this.#db.exec("ROLLBACK");
        throw err;
      }
    });
  }

  decodeJson(v: unknown): Json {
    return JSON.parse(String(v)) as Json;
  }

  /** BEGIN IMMEDIATE takes SQLite's write lock, so the check and the changes are one step. */
  migrate(): Promise<void> {
    assertOrdered(SQLITE_MIGRATIONS);
    return this.transaction(async (q) => {
      await q(
        "CREATE TABLE IF NOT EXISTS schema_migrations " +
          "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT",
      );
      const [row] = await q("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations");
      for (const m of SQLITE_MIGRATIONS) {
        if (m.version <= Number(row.v)) continue;
        this.#db.exec(m.sql);
        await q("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)", [
          m.version,
          m.name,
          Date.now(),
        ]);
      }
    });
  }

  /** Waits for queued work, then closes the file and releases the lock. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#serial(() => {
      this.#closed = true;
      this.#statements.clear();
      try {
        this.#db.close();
      } finally {
        this.#lock.release();
      }
    });
    return this.#closing;
  }
}

export class SqliteStore extends SqlStore {
  /** Absolute path of the database file. */
  readonly path: string;

  constructor(opts: SqliteStoreOptions) {
    const driver = new SqliteDriver(opts);
    super(driver, opts.now);
    this.path = driver.path;
  }
}

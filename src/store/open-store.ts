// Builds the configured store and migrates it: SQLite in a data directory (one replica) or PostgreSQL
// (several replicas). The argument is exactly `Config.store`.

import { PostgresStore } from "./postgres-store.ts";
import { SqliteStore } from "./sqlite-store.ts";
import type { Store, StoreOptions } from "./store.ts";

export type StoreConfig = { kind: "sqlite"; dataDir: string } | { kind: "postgres"; url: string };

/** Opens and migrates the store; throws `StoreLockedError` when another process holds the SQLite file. */
export async function openStore(config: StoreConfig, options: StoreOptions = {}): Promise<Store> {
  const store =
    config.kind === "postgres"
      ? new PostgresStore({ url: config.url, ...options })
      : new SqliteStore({ dataDir: config.dataDir, ...options });
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  return store;
}

const PG_URL = /^postgres(?:ql)?:\/\/(?:[^@/?#]*@)?([^/?#]*)(\/[^?#]*)?(\?[^#]*)?/;

/** For the startup log line; never includes credentials. Tolerates socket URLs (`postgresql://u@/db?host=/run`). */
export function describeStore(config: StoreConfig): string {
  if (config.kind === "sqlite") return `sqlite in ${config.dataDir} (single replica)`;
  const m = PG_URL.exec(config.url);
  if (!m) return "postgres (DATABASE_URL is not a postgres:// URL)";
  const host = m[1] || new URLSearchParams(m[3] ?? "").get("host") || "local socket";
  return `postgres ${host}${m[2] ?? ""}`;
}

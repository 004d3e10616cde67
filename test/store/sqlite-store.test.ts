// The Store contract on SqliteStore: each case gets its own data directory.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { describe } from "vitest";
import type { Row } from "../../src/store/rows.ts";
import { SQLITE_FILE, SqliteStore } from "../../src/store/sqlite-store.ts";
import { storeContract } from "./contract.ts";
import type { Harness, Site } from "./harness.ts";

const sqlite: Harness = {
  engine: "sqlite",
  async site(): Promise<Site> {
    const dataDir = mkdtempSync(join(tmpdir(), "appsvc-sqlite-"));
    return {
      async open(now) {
        const store = new SqliteStore({ dataDir, now });
        await store.migrate();
        return store;
      },
      async raw(sql) {
        // A plain connection, as a second program would open the file (the owner lock is the app's own).
        const db = new DatabaseSync(join(dataDir, SQLITE_FILE));
        try {
          return db.prepare(sql).all() as Row[];
        } finally {
          db.close();
        }
      },
      async dispose() {
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

describe("SqliteStore contract", () => storeContract(() => sqlite));

// SqliteStore is single-replica: a second process (or a second store in this process) on the same file is
// refused with a clear message; a lock left by a process that died is taken over.

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { describeStore, openStore } from "../../src/store/open-store.ts";
import { SQLITE_FILE, SqliteStore } from "../../src/store/sqlite-store.ts";
import { StoreLockedError } from "../../src/store/store.ts";

const HOLDER = join(import.meta.dirname, "hold-sqlite.ts");

let dataDir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), "appsvc-lock-"));
});

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the holder; resolves with its first line of output and a promise of its exit code. */
function holder(dir: string): Promise<{ child: ChildProcess; line: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, [HOLDER, dir], { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) resolve({ child, line: out.slice(0, nl), exited });
    });
    child.once("exit", (code) => reject(new Error(`holder exited (${code}) before reporting: ${out}`)));
  });
}

const refusal = (path: string) =>
  `another appsvc-bot process is using ${path} — SQLite supports one replica; set DATABASE_URL for several`;

describe("SqliteStore single-replica guard", () => {
  it("refuses a second store in the same process, and opens again after close", async () => {
    const first = new SqliteStore({ dataDir });
    await first.migrate();
    const path = join(dataDir, SQLITE_FILE);
    expect(() => new SqliteStore({ dataDir })).toThrow(StoreLockedError);
    expect(() => new SqliteStore({ dataDir })).toThrow(refusal(path));
    await first.close();
    const second = new SqliteStore({ dataDir });
    await second.close();
  });

  it("refuses this process while another process holds the file, then takes over once it was killed", async () => {
    const { child, line, exited } = await holder(dataDir);
    expect(line).toBe(`ready ${child.pid}`);
    const err = (() => {
      try {
        new SqliteStore({ dataDir });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toContain(refusal(join(dataDir, SQLITE_FILE)));
    expect(err?.message).toContain(`pid ${child.pid}`);
    child.kill("SIGKILL");
    await exited;
    const store = await openStore({ kind: "sqlite", dataDir });
    expect(store.kind).toBe("sqlite");
    await store.close();
  });

  it("refuses another process while this one holds the file", async () => {
    const store = new SqliteStore({ dataDir });
    try {
      const { line, exited } = await holder(dataDir);
      expect(line).toContain(`refused: ${refusal(join(dataDir, SQLITE_FILE))}`);
      expect(line).toContain(`held by pid ${process.pid} on ${hostname()}`);
      expect(await exited).toBe(3);
    } finally {
      await store.close();
    }
  });

  it("lets a clean shutdown of the other process free the file", async () => {
    const { child, exited } = await holder(dataDir);
    child.stdin?.end();
    expect(await exited).toBe(0);
    const store = new SqliteStore({ dataDir });
    await store.close();
  });

  it("takes over a lock whose pid is dead on this host", async () => {
    const dead = spawn(process.execPath, ["-e", ""]);
    await new Promise((r) => dead.once("exit", r));
    const lock = join(dataDir, `${SQLITE_FILE}.lock`);
    writeFileSync(lock, JSON.stringify({ pid: dead.pid, host: hostname(), since: "2025-01-01T00:00:00Z" }));
    const store = new SqliteStore({ dataDir });
    await store.close();
  });

  it("describes the embedded store for the startup log", () => {
    expect(describeStore({ kind: "sqlite", dataDir: "/app/data" })).toBe("sqlite in /app/data (single replica)");
  });
});

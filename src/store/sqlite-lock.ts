// Owner lock for the embedded store: `<db file>.lock`, created with O_EXCL, holding {pid, host, since}.
// SQLite itself would let a second process share the file, but the bot's single-replica assumptions
// (in-process timers, one executor) would not hold, so a second process is refused. A lock whose owner
// is gone is taken over: same host and the pid is dead, or another host (shared storage) and the file
// has not been touched for STALE_MS.

import { closeSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { StoreLockedError } from "./store.ts";

const HEARTBEAT_MS = 10_000;
const STALE_MS = 30_000;

interface LockInfo {
  pid: number;
  host: string;
  since: string;
}

export interface OwnerLock {
  readonly path: string;
  release(): void;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, "utf8")) as LockInfo;
    return typeof info.pid === "number" && typeof info.host === "string" ? info : undefined;
  } catch {
    return undefined; // missing, or half-written by a process that died mid-write
  }
}

function isStale(path: string, info: LockInfo | undefined): boolean {
  if (!info) {
    // Unreadable: give a writer that is mid-write a moment before taking over.
    try {
      return Date.now() - statSync(path).mtimeMs > 2_000;
    } catch {
      return true;
    }
  }
  if (info.host === hostname()) return info.pid !== process.pid && !pidAlive(info.pid);
  try {
    return Date.now() - statSync(path).mtimeMs > STALE_MS;
  } catch {
    return true;
  }
}

function tryCreate(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  }
  const info: LockInfo = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  writeSync(fd, JSON.stringify(info));
  closeSync(fd);
  return true;
}

/** Takes the lock for `dbPath` or throws `StoreLockedError` naming the holder. */
export function acquireOwnerLock(dbPath: string): OwnerLock {
  const path = `${dbPath}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(path)) return holdLock(path);
    const info = readLock(path);
    if (!isStale(path, info)) {
      const holder = info ? `pid ${info.pid} on ${info.host} since ${info.since}` : "an unknown process";
      throw new StoreLockedError(
        `another appsvc-bot process is using ${dbPath} — SQLite supports one replica; set DATABASE_URL for several ` +
          `(held by ${holder}; lock file ${path})`,
      );
    }
    try {
      unlinkSync(path); // stale: the owner is gone
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
  }
  throw new StoreLockedError(`could not take the lock ${path} for ${dbPath}: it keeps reappearing`);
}

function holdLock(path: string): OwnerLock {
  // The heartbeat only matters when another host shares the directory; it never keeps the process alive.
  const timer = setInterval(() => {
    try {
      const t = new Date();
      utimesSync(path, t, t);
    } catch {
      // the lock file vanished; release() copes
    }
  }, HEARTBEAT_MS);
  timer.unref();
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      const info = readLock(path);
      if (info && info.pid === process.pid && info.host === hostname()) {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      }
    },
  };
}

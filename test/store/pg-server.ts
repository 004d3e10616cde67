// A throwaway PostgreSQL server for the store tests, from the Debian packages (`.ci/postgres` installs
// them). The cluster lives in a temp dir and listens only on a Unix socket in that dir, so no port can
// clash; fsync is off because the data is thrown away. initdb and postgres refuse to run as root, so as
// root they run as the `postgres` system user. APPSVC_TEST_DATABASE_URL points the tests at an existing
// server instead; either way the database name must contain "test".

import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const TEST_DB = "appsvc_test";

export interface PgServer {
  /** Connection string of the test database. */
  url: string;
  stop(): Promise<void>;
}

/** Refuses any database whose name does not contain "test": the suite creates and drops schemas. */
export function assertTestDatabase(url: string): void {
  // Not `new URL`: socket URLs (`postgresql://app@/db?host=/tmp/x`) have an empty host it rejects.
  const m = /^postgres(?:ql)?:\/\/[^/?#]*\/([^?#]*)/.exec(url);
  if (!m) throw new Error("the test database URL is not a postgres:// URL with a database name");
  const name = decodeURIComponent(m[1]);
  if (!/test/i.test(name)) {
    throw new Error(`refusing to run the store tests against database "${name}": its name must contain "test"`);
  }
}

/** The newest `/usr/lib/postgresql/<major>/bin` that has initdb and pg_ctl. */
export function findPostgresBin(root = "/usr/lib/postgresql"): string | undefined {
  if (!existsSync(root)) return undefined;
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a));
  for (const m of majors) {
    const bin = join(root, m, "bin");
    if (existsSync(join(bin, "initdb")) && existsSync(join(bin, "pg_ctl"))) return bin;
  }
  return undefined;
}

async function idOf(flag: "-u" | "-g", user: string): Promise<number> {
  return Number((await run("id", [flag, user])).stdout.trim());
}

export async function startPostgres(opts: { binRoot?: string } = {}): Promise<PgServer> {
  const external = process.env.APPSVC_TEST_DATABASE_URL;
  if (external) {
    assertTestDatabase(external);
    return { url: external, stop: async () => undefined };
  }
  const bin = findPostgresBin(opts.binRoot);
  if (!bin) {
    throw new Error(
      "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin. " +
        "Run .ci/postgres (installs the Debian postgresql package), or set APPSVC_TEST_DATABASE_URL to a test database.",
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "appsvc-pg-"));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, await idOf("-u", "postgres"), await idOf("-g", "postgres"));
  const pgRun = (tool: string, args: string[]) =>
    asRoot ? run(runuser(), ["-u", "postgres", "--", join(bin, tool), ...args]) : run(join(bin, tool), args);
  const data = join(dir, "data");
  const url = `postgresql://app@/${TEST_DB}?host=${encodeURIComponent(dir)}`;
  const stop = async () => {
    await pgRun("pg_ctl", ["-D", data, "-m", "immediate", "stop"]).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    assertTestDatabase(url);
    await pgRun("initdb", [
      "-D",
      data,
      "-U",
      "app",
      "-A",
      "trust",
      "-E",
      "UTF8",
      "--locale=C",
      "--no-sync",
      "--no-instructions",
    ]);
    const settings = [
      "-c listen_addresses=''",
      `-k ${dir}`,
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      "-c max_connections=200",
    ].join(" ");
    await pgRun("pg_ctl", ["-D", data, "-w", "-t", "30", "-l", join(dir, "log"), "-o", settings, "start"]);
    const admin = new pg.Client({ host: dir, user: "app", database: "postgres" });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${TEST_DB}`);
    await admin.end();
  } catch (err) {
    await stop();
    throw new Error(`could not start a throwaway PostgreSQL from ${bin}: ${(err as Error).message}`, { cause: err });
  }
  return { url, stop };
}

/** runuser lives in /usr/sbin, which a minimal PATH (CI) may not include. */
function runuser(): string {
  for (const dir of ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]) {
    if (existsSync(join(dir, "runuser"))) return join(dir, "runuser");
  }
  return "runuser";
}

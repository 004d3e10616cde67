// `npm test` on a fresh machine: the store and fault suites start a throwaway PostgreSQL server from the Debian
// package's binaries. When they are missing and this process may install packages (root, apt-get present),
// install them the way CI does (.ci/postgres); otherwise the suites fail with the message that says what to do.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { findPostgresBin } from "./store/pg-server.ts";

export default function setup(): void {
  if (process.env.APPSVC_TEST_DATABASE_URL || findPostgresBin()) return;
  const script = join(import.meta.dirname, "..", ".ci", "postgres");
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get") || !existsSync(script)) return;
  process.stdout.write("test setup: PostgreSQL server binaries missing; installing them (.ci/postgres)\n");
  execFileSync("bash", [script], { stdio: "inherit" });
}

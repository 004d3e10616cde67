// Child process for the single-replica tests: opens a SqliteStore on argv[2] and holds it until killed
// or until stdin closes. Prints "ready <pid>" or "refused: <message>" (exit code 3).

import { SqliteStore } from "../../src/store/sqlite-store.ts";

const dataDir = process.argv[2];
try {
  const store = new SqliteStore({ dataDir });
  await store.migrate();
  process.stdout.write(`ready ${process.pid}\n`);
  process.stdin.resume();
  process.stdin.on("end", () => void store.close().then(() => process.exit(0)));
} catch (err) {
  process.stdout.write(`refused: ${(err as Error).message}\n`);
  process.exit(3);
}

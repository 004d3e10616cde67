// `npm run bench`: runs every bench/*.bench.ts (or the ones named on the command line) and prints
// each result as a table. Benchmarks report medians and ratios; nothing here asserts on time.
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface BenchResult {
  name: string;
  rows: Array<Record<string, string | number>>;
  notes?: string[];
}

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
if (wanted.includes("--help") || wanted.includes("-h")) {
  console.log("usage: npm run bench [-- <name>…]   runs bench/<name>*.bench.ts (all without a name), prints tables");
  process.exit(0);
}
const files = readdirSync(here)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

for (const file of files) {
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { run(): Promise<BenchResult> };
  const result = await mod.run();
  console.log(`\n## ${result.name} (${file})`);
  console.table(result.rows);
  for (const n of result.notes ?? []) console.log(`  ${n}`);
}

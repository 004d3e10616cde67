// Writes docs/rules.md from the rule registry (`npm run docs:rules`); `--check` only says whether it is stale.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type RuleModule, ruleCatalogueMarkdown } from "../src/core/rules/catalogue-markdown.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export async function ruleModules(): Promise<RuleModule[]> {
  const dir = join(root, "src/core/rules");
  const files = readdirSync(dir)
    .filter((f) => /^r\d\d[abc]?-.*\.ts$/.test(f))
    .sort();
  return Promise.all(
    files.map(async (f) => ({
      path: `src/core/rules/${f}`,
      text: readFileSync(join(dir, f), "utf8"),
      exports: (await import(pathToFileURL(join(dir, f)).href)) as Record<string, unknown>,
    })),
  );
}

export const RULES_DOC = join(root, "docs/rules.md");

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const md = ruleCatalogueMarkdown(await ruleModules());
  if (process.argv.includes("--check")) {
    const stale = readFileSync(RULES_DOC, "utf8") !== md;
    console.log(stale ? "docs/rules.md is stale: run npm run docs:rules" : "docs/rules.md is up to date");
    process.exitCode = stale ? 1 : 0;
  } else {
    writeFileSync(RULES_DOC, md);
    console.log("wrote docs/rules.md");
  }
}

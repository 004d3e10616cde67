// docs/rules.md is generated from the rule registry: this fails when someone changes a rule, a threshold or
// the supersession table without running `npm run docs:rules`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES_DOC, ruleModules } from "../../scripts/docs-rules.ts";
import { RULE_IDS } from "../../src/core/diagnosis.ts";
import { ruleCatalogueMarkdown, thresholdsOf } from "../../src/core/rules/catalogue-markdown.ts";

const ROOT = join(import.meta.dirname, "../..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe("docs/rules.md", () => {
  it("is what the registry generates (run `npm run docs:rules` when this fails)", async () => {
    const want = ruleCatalogueMarkdown(await ruleModules());
    expect(readFileSync(RULES_DOC, "utf8")).toBe(want);
  });

  it("has a section for every rule, with its thresholds as the code exports them", async () => {
    const md = readFileSync(RULES_DOC, "utf8");
    for (const id of RULE_IDS) expect(md).toContain(`### ${id}\n`);
    const r13 = (await ruleModules()).find((m) => m.path.includes("r13-"));
    expect(r13 && thresholdsOf(r13)).toContainEqual(expect.objectContaining({ name: "R13_SHARE_5XX", value: "0.7" }));
    expect(md).toContain("| `R16_AFTER_MS` | 10 min |");
  });

  it("every docs/…md#anchor a comment points at exists", () => {
    const slug = (h: string) =>
      h
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, "")
        .replace(/ /g, "-");
    const anchors = new Map<string, Set<string>>();
    const missing: string[] = [];
    for (const f of ["src", "test", "scripts"].flatMap((d) => files(join(ROOT, d))).filter((f) => f.endsWith(".ts")))
      for (const [, doc, anchor] of readFileSync(f, "utf8").matchAll(/docs\/([a-z-]+\.md)(?:#([a-z0-9-]+))?/g)) {
        if (!anchors.has(doc)) {
          const md = readFileSync(join(ROOT, "docs", doc), "utf8");
          anchors.set(doc, new Set([...md.matchAll(/^#+ (.+)$/gm)].map((h) => slug(h[1]))));
        }
        if (anchor && !anchors.get(doc)?.has(anchor)) missing.push(`${f.slice(ROOT.length + 1)} → ${doc}#${anchor}`);
      }
    expect(missing).toEqual([]);
  });

  it("is what code comments point at: none cites a file outside the repository", () => {
    const offenders = ["src", "test", "bench", "scripts"]
      .flatMap((d) => files(join(ROOT, d)))
      .filter((f) => /\.(ts|js)$/.test(f) && readFileSync(f, "utf8").includes("diagnostics" + ".md"));
    expect(offenders.map((f) => f.slice(ROOT.length + 1))).toEqual([]);
  });
});

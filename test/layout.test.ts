// The layout's rules, checked on the import graph: the pure core does no I/O and imports no adapter;
// capabilities return domain outcomes (no Slack, no @azure/*); only src/azure imports the Azure SDK; and
// nothing the production image runs imports the simulators (src/sim is left out of the image).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "src");
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
const all = files(root).map((p) => ({ path: relative(root, p), imports: importsOf(readFileSync(p, "utf8")) }));

function importsOf(src: string): string[] {
  return [...src.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]);
}
/**
 * Modules `entry` loads when it starts: static imports and re-exports, followed through relative paths;
 * `import type`/`export type` are erased and `import()` is lazy, so neither counts.
 */
function loadedFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    if (!path.startsWith("/")) return;
    const src = readFileSync(path, "utf8");
    for (const m of src.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gms))
      visit(m[1].startsWith(".") ? resolve(dirname(path), m[1]) : m[1]);
  };
  visit(join(root, entry));
  return seen;
}
const within = (folder: string) => all.filter((f) => f.path.startsWith(`${folder}/`));
const offenders = (folder: string, bad: RegExp) =>
  within(folder).flatMap((f) => f.imports.filter((i) => bad.test(i)).map((i) => `${f.path} → ${i}`));

describe("layout", () => {
  it("production code never imports the simulators", () => {
    const bad = all
      .filter((f) => !f.path.startsWith("sim/"))
      .flatMap((f) => f.imports.filter((i) => /(^|\/)sim\//.test(i)).map((i) => `${f.path} → ${i}`));
    expect(bad).toEqual([]);
  });

  it("the Docker image leaves the simulators out", () => {
    const ignore = readFileSync(join(root, "..", ".dockerignore"), "utf8").split("\n");
    expect(ignore).toContain("src/sim");
  });

  it("only src/azure imports the Azure SDK", () => {
    const bad = all
      .filter((f) => !f.path.startsWith("azure/") && !f.path.startsWith("sim/"))
      .flatMap((f) => f.imports.filter((i) => i.startsWith("@azure/")).map((i) => `${f.path} → ${i}`));
    expect(bad).toEqual([]);
  });

  it("the core imports no adapter and no Node I/O", () => {
    expect(
      offenders(
        "core",
        /(^node:(fs|net|http|https|child_process|worker_threads))|\/(azure|slack|store|sim|charts)\/|^@azure|^@slack|^pg$/,
      ),
    ).toEqual([]);
  });

  it("the main thread never loads the chart renderer (resvg): charts are drawn on a worker", () => {
    const loaded = [...loadedFrom("main.ts")];
    // The walk itself works: the worker client is reached, through reads and the digest.
    expect(loaded).toContain(join(root, "charts/off-thread.ts"));
    expect(loaded.filter((m) => /^@resvg\/|charts\/(index|render)\.ts$/.test(m))).toEqual([]);
  });

  for (const capability of ["reads", "approvals", "digests", "collect", "alerts", "command", "door"])
    it(`the ${capability} capability imports neither Slack nor the Azure SDK`, () => {
      expect(offenders(capability, /\/slack\/|^@slack\/|^@azure\//)).toEqual([]);
    });
});

// `npm start` and the image run the bot compiled to dist/ (tsconfig.build.json): the compiled entry point
// answers, a compiled worker entry point is found next to its client, and the image runs what npm start runs.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
// Inside the repository (out/ is ignored), so the compiled modules find node_modules.
let outDir = "";

function node(args: string[], cwd = root) {
  return spawnSync(process.execPath, args, { cwd, encoding: "utf8", timeout: 60_000 });
}

describe("the compiled bot", () => {
  beforeAll(() => {
    mkdirSync(join(root, "out"), { recursive: true });
    outDir = mkdtempSync(join(root, "out", "build-"));
    const tsc = join(root, "node_modules", "typescript", "lib", "tsc.js");
    const r = node([tsc, "-p", "tsconfig.build.json", "--outDir", outDir]);
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("starts from main.js", () => {
    const r = node([join(outDir, "main.js"), "--help"]);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("usage: npm start");
  });

  it("renders a chart on its compiled worker (worker-host.js), glyph table included", () => {
    const script = `
      import { renderStatusChartOffThread, stopChartWorker } from ${JSON.stringify(join(outDir, "charts/off-thread.js"))};
      const png = await renderStatusChartOffThread({ appName: "a", grids: [], window: { start: 0, end: 3600000 } });
      await stopChartWorker();
      console.log(png.subarray(1, 4).toString("latin1"));`;
    // A file, not --input-type (workers inherit the parent's node flags).
    writeFileSync(join(outDir, "render.mjs"), script);
    const r = node([join(outDir, "render.mjs")]);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("PNG");
  });
});

describe("the image", () => {
  it("runs the bot with the node flags and environment of npm start", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: { start: string } };
    // `node bin/node24.js NAME=value… node …`: the wrapper sets the environment (also on Windows), then runs node.
    const words = pkg.scripts.start.replace(/^node bin\/node24\.js /, "").split(/\s+/);
    const assignments = words.filter(
      (w, i) => /^[A-Z_]+=/.test(w) && words.slice(0, i).every((v) => /^[A-Z_]+=/.test(v)),
    );
    const start = words.slice(assignments.length);
    const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd ?? "[]")).toEqual(start);
    expect(assignments.length).toBeGreaterThan(0);
    for (const a of assignments) expect(dockerfile).toMatch(new RegExp(`^\\s+${a}\\b`, "m"));
  });
});

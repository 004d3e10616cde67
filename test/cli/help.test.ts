// Every command-line entry answers --help with its usage and exits 0, without starting anything.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const root = new URL("../../", import.meta.url).pathname;

describe("--help", () => {
  it.each([
    ["the bot (npm start)", "src/main.ts", "usage: npm start"],
    ["the Azure simulator (npm run sim)", "src/sim/azure/cli.ts", "SIM_PORT"],
    ["the playground (npm run dev)", "src/sim/playground.ts", "CONSOLE_PORT"],
    ["the terminal CLI (npx appsvc)", "bin/appsvc.js", "appsvc doctor"],
    ["the benchmarks (npm run bench)", "bench/run.ts", "usage: npm run bench"],
    ["the Node 24 bootstrap", "bin/node24.js", "npm registry"],
  ])("%s", (_what, file, expected) => {
    const r = spawnSync(process.execPath, [file, "--help"], {
      cwd: root,
      encoding: "utf8",
      timeout: 20_000,
      // No configuration at all: --help must not need any.
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(expected);
  });
});

// bin/node24.js takes leading NAME=value words as the command's environment (as `env` does), so npm start can
// set glibc's malloc without shell syntax that Windows' cmd lacks.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const WRAPPER = join(import.meta.dirname, "../../bin/node24.js");
const run = (args: string[]) => spawnSync(process.execPath, [WRAPPER, ...args], { encoding: "utf8" });

describe("bin/node24.js", () => {
  it("passes leading NAME=value words to the command as its environment, values with '=' kept whole", () => {
    const r = run([
      "MALLOC_ARENA_MAX=2",
      "APPSVC_PROBE=a=b",
      "node",
      "-e",
      "console.log(process.env.MALLOC_ARENA_MAX, process.env.APPSVC_PROBE, process.versions.node.split('.')[0] >= 24)",
    ]);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("2 a=b true");
  });

  it("an argument of the command that looks like an assignment stays an argument", () => {
    const r = run(["node", "-e", "console.log(process.argv.slice(1).join(' '))", "X=1"]);
    expect(r.stdout.trim()).toBe("X=1");
  });
});

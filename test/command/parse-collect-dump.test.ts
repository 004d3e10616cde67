import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/command/index.ts";

const ok = (text: string) => {
  const r = parseCommand(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.intent;
};
const err = (text: string) => {
  const r = parseCommand(text);
  if (r.ok) throw new Error(`parsed: ${JSON.stringify(r.intent)}`);
  return r.error.message;
};

describe("collect", () => {
  it("takes an app, --instance, --slot and --window (default 1h)", () => {
    expect(ok("collect shop-api")).toMatchObject({
      verb: "collect",
      app: { name: "shop-api" },
      window: { label: "1h", defaulted: true },
    });
    expect(ok("col shop-api --instance RD0003 --slot staging -w 3h")).toMatchObject({
      verb: "collect",
      instance: "RD0003",
      app: { name: "shop-api", slot: "staging" },
      window: { label: "3h" },
    });
  });

  it("explains a missing app, a bad instance and an unknown option", () => {
    expect(err("collect")).toMatch(/collect needs an app/);
    expect(err("collect shop-api --instance 'RD 3'")).toMatch(/is not an instance ID/);
    expect(err("collect shop-api --process w3wp")).toMatch(/Unknown option “--process” for collect/);
  });
});

describe("dump", () => {
  it("is a write with --instance and an optional --process (name or PID)", () => {
    expect(ok("dump shop-api --instance RD0003")).toEqual({
      verb: "dump",
      write: true,
      app: { kind: "name", name: "shop-api" },
      instance: "RD0003",
    });
    expect(ok("dump shop-api --instance RD0003 --process w3wp.exe")).toMatchObject({ process: "w3wp" });
    expect(ok("dump shop-api --instance RD0003 --process 4711")).toMatchObject({ process: "4711" });
  });

  it("needs --instance and a sane process", () => {
    expect(err("dump shop-api")).toMatch(/dump needs --instance/);
    expect(err("dump shop-api --instance RD0003 --process 'w3 wp'")).toMatch(/is not a process/);
  });
});

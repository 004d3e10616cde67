import { describe, expect, it } from "vitest";
import { RULE_IDS } from "../../src/core/diagnosis.ts";
import { RULES, RULES_BY_ID } from "../../src/core/rules/registry.ts";

describe("rule registry", () => {
  it("holds every rule of the reference, R01–R20 with R05a/b/c, once", () => {
    const want = [
      "R01",
      "R02",
      "R03",
      "R04",
      "R05a",
      "R05b",
      "R05c",
      "R06",
      "R07",
      "R08",
      "R09",
      "R10",
      "R11",
      "R12",
      "R13",
      "R14",
      "R15",
      "R16",
      "R17",
      "R18",
      "R19",
      "R20",
    ];
    expect([...RULE_IDS].sort()).toEqual([...want].sort());
    expect(RULES.map((r) => r.id).sort()).toEqual([...want].sort());
    expect(RULES_BY_ID.size).toBe(want.length);
  });

  it("carries the precedence P of the rule catalogue (R14 with R13 and R18 with R08/R09/R17: the rules they explain)", () => {
    const p = Object.fromEntries(RULES.map((r) => [r.id, r.precedence]));
    expect(p).toMatchObject({
      R03: 1,
      R04: 1,
      R01: 2,
      R02: 2,
      R05a: 3,
      R06: 3,
      R15: 4,
      R13: 5,
      R08: 6,
      R09: 6,
      R17: 6,
      R10: 7,
      R12: 8,
      R11: 9,
      R07: 10,
      R14: 5,
      R18: 6,
      R20: 12,
    });
  });

  it("orders rules after the ones they read (R07 after R08, R13 after R10, R20 last)", () => {
    const at = (id: string) => RULES.findIndex((r) => r.id === id);
    expect(at("R07")).toBeGreaterThan(at("R08"));
    expect(at("R13")).toBeGreaterThan(at("R10"));
    expect(at("R20")).toBe(RULES.length - 1);
  });
});

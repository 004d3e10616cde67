import { describe, expect, it } from "vitest";
import { VERB_WORDS } from "../../src/command/grammar.ts";
import { closest, damerauLevenshtein } from "../../src/command/suggest.ts";

describe("damerauLevenshtein", () => {
  it("counts insertions, deletions, substitutions and adjacent transpositions as one edit each", () => {
    expect(damerauLevenshtein("status", "status")).toBe(0);
    expect(damerauLevenshtein("stauts", "status")).toBe(1);
    expect(damerauLevenshtein("restrat", "restart")).toBe(1);
    expect(damerauLevenshtein("statu", "status")).toBe(1);
    expect(damerauLevenshtein("statuus", "status")).toBe(1);
    expect(damerauLevenshtein("stbtus", "status")).toBe(1);
    expect(damerauLevenshtein("", "abc")).toBe(3);
    expect(damerauLevenshtein("ca", "abc")).toBe(3);
  });
});

describe("closest", () => {
  it("maps typos of verbs and aliases to the verb", () => {
    expect(closest("stauts", VERB_WORDS)).toEqual(["status"]);
    expect(closest("diagnoes", VERB_WORDS)).toEqual(["diagnose"]);
    expect(closest("restrat", VERB_WORDS)).toEqual(["restart"]);
    expect(closest("STAUTS", VERB_WORDS)).toEqual(["status"]);
  });

  it("suggests verbs the input is a prefix of", () => {
    expect(closest("healthch", VERB_WORDS)).toEqual(["healthcheck"]);
    expect(closest("healthc", VERB_WORDS)).toEqual(["healthcheck", "health"]);
    expect(closest("dig", VERB_WORDS)).toEqual(["digest", "diagnose"]);
  });

  it("keeps only the nearest candidates", () => {
    expect(closest("stauts", ["status", "start"])).toEqual(["status"]);
  });

  it("suggests nothing for far or one-character input", () => {
    expect(closest("deploy", VERB_WORDS)).toEqual([]);
    expect(closest("x", VERB_WORDS)).toEqual([]);
    expect(closest("", VERB_WORDS)).toEqual([]);
  });

  it("honours maxDistance and limit", () => {
    expect(closest("abcd", ["abxy"], { maxDistance: 1 })).toEqual([]);
    expect(closest("abcd", ["abxy"], { maxDistance: 2 })).toEqual(["abxy"]);
    expect(closest("ab", ["abc", "abd", "abe"], { limit: 2 })).toEqual(["abc", "abd"]);
  });
});

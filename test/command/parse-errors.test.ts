import { describe, expect, it } from "vitest";
import { FLAGS, VERBS } from "../../src/command/grammar.ts";
import { parseCommand } from "../../src/command/parse.ts";
import { usage } from "../../src/command/usage.ts";
import { errorOf, intentOf, messageOf } from "./helpers.ts";

describe("alias table", () => {
  it.each([
    ["st", "status"],
    ["s", "status"],
    ["diag", "diagnose"],
    ["d", "diagnose"],
    ["why", "diagnose"],
    ["ls", "list"],
    ["m", "metrics"],
    ["h", "help"],
    ["?", "help"],
    ["rs", "restart"],
    ["hc", "healthcheck"],
    ["ah", "autoheal"],
  ])("%s → %s", (alias, verb) => {
    expect(VERBS.find((v) => v.aliases.includes(alias))?.verb).toBe(verb);
    expect(intentOf(`help ${alias}`)).toEqual({ verb: "help", topic: verb });
  });

  it("no word names two verbs, and every verb and alias parses as a verb", () => {
    const words = VERBS.flatMap((v) => [v.verb, ...v.aliases]);
    expect(new Set(words).size).toBe(words.length);
    for (const w of words) expect(intentOf(`help ${w.toUpperCase()}`).verb).toBe("help");
  });

  it("short flags map to their long form", () => {
    expect(FLAGS.window.short).toBe("-w");
    expect(FLAGS.slot.short).toBe("-s");
  });
});

describe("did you mean: verbs", () => {
  it.each([
    ["stauts shop-api", "status"],
    ["diagnoes shop-api", "diagnose"],
    ["restrat shop-api", "restart"],
    ["healthchek a /x", "healthcheck"],
    ["metircs a", "metrics"],
    ["autheal a show", "autoheal"],
    ["diagn shop-api", "diagnose"],
  ])("%s → %s", (text, verb) => {
    const e = errorOf(text);
    expect(e.suggestions).toEqual([verb]);
    expect(e.message).toBe(`Unknown command “${text.split(" ")[0]}”. Did you mean ${verb}?`);
    expect(e.usage).toBe(usage());
  });

  it("points to help when nothing is close", () => {
    const e = errorOf("deploy shop-api");
    expect(e.message).toBe("Unknown command “deploy”. Try /appsvc help.");
    expect(e.suggestions).toBeUndefined();
  });

  it("does not read a quoted first word as a verb", () => {
    expect(errorOf(`"status" a`).message).toBe("Unknown command “status”. Did you mean status?");
  });
});

describe("did you mean: flags", () => {
  it.each([
    ["status a --windw 6h", "--windw", "status", "--window"],
    ["status a --slto x", "--slto", "status", "--slot"],
    ["restart a --sotf", "--sotf", "restart", "--soft"],
    ["restart a --instnace RD1", "--instnace", "restart", "--instance"],
    ["diagnose a -window 6h", "-window", "diagnose", "--window"],
  ])("%s suggests %s's closest flag", (text, typed, verb, flag) => {
    const e = errorOf(text);
    expect(e.message).toBe(`Unknown option “${typed}” for ${verb}. Did you mean ${flag}?`);
    expect(e.suggestions).toEqual([flag]);
  });

  it("reads flags case-insensitively, and a negative number is not a flag", () => {
    expect(intentOf("status a --WINDOW 6h")).toMatchObject({ window: { label: "6h" } });
    expect(messageOf("scale a out -1", "scale")).toMatch(/too small/);
  });

  it("treats everything after -- as positional", () => {
    expect(messageOf("status -- --weird", "status")).toMatch(/“--weird” is not an app name/);
  });

  it("a quoted value may start with a dash", () => {
    expect(messageOf(`status a --slot "-x"`, "status")).toBe(
      "“-x” is not a slot name (letters, digits and hyphens, e.g. staging).",
    );
  });
});

describe("text-level errors", () => {
  it("refuses text over 4 000 characters with a clear message", () => {
    const e = errorOf(`status ${"a".repeat(4000)}`);
    expect(e.message).toBe("That command is too long (4007 characters; the limit is 4000).");
    expect(e.usage).toBe(usage());
  });

  it("lets exactly 4 000 characters through to the verb", () => {
    expect(parseCommand(`list ${"a".repeat(3995)}`).ok).toBe(false);
    // The verb's own limit answers, not the length check.
    expect(messageOf(`list ${"a".repeat(3995)}`, "list")).toBe("The filter is too long: at most 90 characters.");
  });

  it("reports an unclosed quote", () => {
    expect(messageOf(`list "shop`)).toBe('A quote (") is not closed.');
  });

  it("truncates and escapes echoed tokens", () => {
    const e = errorOf(`status ${"<!channel>".repeat(40)}`);
    expect(e.message).not.toContain("<");
    expect(e.message).toContain("&lt;!channel&gt;");
    expect(e.message).toContain("…”");
    expect(e.message.length).toBeLessThan(200);
  });

  it("never reproduces user-typed mentions or links", () => {
    for (const text of ["<!here>", "stat <!channel>", "status <@U123>", "status a --<!channel> x", "`rm` <#C1|x>"]) {
      const e = errorOf(text);
      expect(e.message).not.toMatch(/<[!@#]/);
      expect(e.message).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
  });

  it("reads entity-escaped text the way Slack may deliver it", () => {
    expect(messageOf("status shop-api &amp;", "status")).toBe("status takes one app; unexpected “&amp;”.");
  });
});

describe("usage in errors", () => {
  it("carries the verb's usage for verb errors and the overview for unknown verbs", () => {
    expect(errorOf("scale x out 99").usage).toBe(usage("scale"));
    expect(errorOf("scale x out 99").usage).toContain("Example: /appsvc scale shop-api out 3");
    expect(errorOf("zzz").usage).toBe(usage());
  });
});

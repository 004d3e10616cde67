import { describe, expect, it } from "vitest";
import { VERBS } from "../../src/command/grammar.ts";
import type { Verb } from "../../src/command/intent.ts";
import { parseCommand } from "../../src/command/parse.ts";
import { formatHelp, helpData, helpFor, usage, verbHelp } from "../../src/command/usage.ts";

const ALL = VERBS.map((v) => v.verb);

describe("help data", () => {
  it("groups the verbs Read, Act, Digest, Audit", () => {
    expect(helpData().map((g) => [g.title, g.verbs.map((v) => v.verb)])).toEqual([
      ["Read", ["status", "diagnose", "metrics", "health", "logs", "links", "list", "doctor", "collect"]],
      ["Act (needs approval)", ["restart", "start", "stop", "scale", "autoheal", "healthcheck", "dump"]],
      ["Digest", ["digest"]],
      ["Audit", ["audit"]],
    ]);
  });

  it.each(ALL)("the example for %s parses to that verb", (verb) => {
    const { example } = verbHelp(verb);
    expect(example.startsWith("/appsvc ")).toBe(true);
    const r = parseCommand(example.slice("/appsvc ".length));
    expect(r.ok && r.intent.verb).toBe(verb);
  });

  it("shows each verb's default window from the grammar table", () => {
    expect(verbHelp("status").synopsis[0]).toContain("[--window 1h]");
    expect(verbHelp("diagnose").synopsis[0]).toContain("[--window 3h]");
    expect(verbHelp("metrics").synopsis[0]).toContain("[--window 6h]");
    expect(verbHelp("logs").defaultWindow).toBe("1h");
    expect(verbHelp("links").defaultWindow).toBeUndefined();
  });
});

describe("usage", () => {
  it("the overview lists every verb with one example each, and no mrkdwn", () => {
    const text = usage();
    for (const verb of ALL.filter((v) => v !== "help")) expect(text).toContain(verbHelp(verb).example);
    expect(text.match(/Example: /g)).toHaveLength(ALL.length - 1); // help is the footer line
    expect(text).not.toMatch(/[*`]/);
  });

  it("one verb: synopsis, aliases, approval, window, app forms, example", () => {
    expect(usage("status")).toBe(
      [
        "status <app> [--window 1h] [--slot <slot>]",
        "State, key figures and the likely cause, with a chart.",
        "Aliases: st, s.",
        "Windows: 30m, 6h, 24h, 3d (from 5m to 30d). Default 1h.",
        "<app> is a name (shop-api), rg/name, or a resource ID (…/sites/name[/slots/slot]).",
        "Example: /appsvc status shop-api --window 6h",
      ].join("\n"),
    );
    expect(usage("restart")).toContain("Needs approval before it runs.");
    expect(usage("list")).not.toContain("Needs approval");
    expect(usage("autoheal")).toContain("Presets: mem, 5xx, slow, slow-path, linux.");
  });
});

describe("helpFor", () => {
  it("lists only the given verbs and drops empty groups", () => {
    const text = helpFor(["status", "restart"]);
    expect(text).toContain("status <app>");
    expect(text).toContain("restart <app>");
    expect(text).not.toContain("diagnose <app>");
    expect(text).not.toContain("Digest");
    expect(text.startsWith("Read\n")).toBe(true);
    expect(text).toContain("Act (needs approval)");
  });

  it("read-only callers see no Act group", () => {
    const readOnly = VERBS.filter((v) => !v.write).map((v) => v.verb) as Verb[];
    expect(helpFor(readOnly)).not.toContain("Act");
    expect(formatHelp(helpData([]))).toContain("help [<command>]");
  });
});

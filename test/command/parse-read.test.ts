import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/command/parse.ts";
import { errorOf, HOUR, intentOf, messageOf } from "./helpers.ts";

const name = (n: string, slot?: string) => (slot ? { kind: "name", name: n, slot } : { kind: "name", name: n });

describe("help", () => {
  it.each(["", "   ", "help", "h", "?", "HELP", "/appsvc"])("%j asks for the overview", (text) => {
    expect(parseCommand(text)).toEqual({ ok: true, intent: { verb: "help" } });
  });

  it("takes a verb or an alias as the topic", () => {
    expect(intentOf("help diagnose")).toEqual({ verb: "help", topic: "diagnose" });
    expect(intentOf("? ah")).toEqual({ verb: "help", topic: "autoheal" });
  });

  it("answers --help or -h after any verb with that verb's help", () => {
    expect(intentOf("status --help")).toEqual({ verb: "help", topic: "status" });
    expect(intentOf("scale x -h")).toEqual({ verb: "help", topic: "scale" });
  });

  it("suggests the closest verb for an unknown topic", () => {
    const e = errorOf("help stauts");
    expect(e.message).toBe("There is no command “stauts” to explain. Did you mean status?");
    expect(e.suggestions).toEqual(["status"]);
  });

  it("takes at most one topic", () => {
    expect(messageOf("help status diagnose", "help")).toBe(
      "help takes at most one command name; unexpected “diagnose”.",
    );
  });
});

describe("list", () => {
  it("takes an optional filter", () => {
    expect(intentOf("list")).toEqual({ verb: "list" });
    expect(intentOf("ls shop")).toEqual({ verb: "list", filter: "shop" });
    expect(intentOf(`list "shop api"`)).toEqual({ verb: "list", filter: "shop api" });
  });

  it("refuses a second word and an overlong filter", () => {
    expect(messageOf("list a b", "list")).toBe(
      "list takes at most one filter (a word in the app name); unexpected “b”.",
    );
    expect(messageOf(`list ${"x".repeat(91)}`, "list")).toBe("The filter is too long: at most 90 characters.");
  });
});

describe.each([
  ["status", ["status", "st", "s"], 1],
  ["diagnose", ["diagnose", "diag", "d", "why"], 3],
  ["logs", ["logs"], 1],
] as const)("%s", (verb, words, defaultHours) => {
  it.each(words)("%s <app> uses the default window", (word) => {
    expect(intentOf(`${word} shop-api`)).toEqual({
      verb,
      app: name("shop-api"),
      window: { ms: defaultHours * HOUR, label: `${defaultHours}h`, defaulted: true },
    });
  });

  it.each([
    `${verb} shop-api --window 6h`,
    `${verb} shop-api -w 6h`,
    `${verb} shop-api --window=6h`,
    `${verb} -w 6h shop-api`,
  ])("%s sets the window", (text) => {
    expect(intentOf(text)).toMatchObject({ verb, window: { ms: 6 * HOUR, label: "6h", defaulted: false } });
  });

  it("needs an app", () => {
    expect(messageOf(verb, verb)).toBe(`${verb} needs an app: a name (shop-api), rg/name or a resource ID.`);
  });

  it("takes one app; a stray window hints at --window", () => {
    expect(messageOf(`${verb} a b`, verb)).toBe(`${verb} takes one app; unexpected “b”.`);
    const e = errorOf(`${verb} a 6h`);
    expect(e.message).toBe("Unexpected “6h”: to set the window, write --window 6h.");
    expect(e.suggestions).toEqual(["--window 6h"]);
  });

  it("explains a window out of bounds", () => {
    expect(messageOf(`${verb} a --window 1m`, verb)).toMatch(/too short: the shortest is 5m/);
    expect(messageOf(`${verb} a -w 90d`, verb)).toBe("The window “90d” is too long: the longest is 30d.");
  });
});

describe("slots on status, diagnose, metrics, links", () => {
  it.each(["status", "diagnose", "metrics", "links"])("%s accepts --slot and -s", (verb) => {
    expect(intentOf(`${verb} shop-api --slot staging`)).toMatchObject({ app: name("shop-api", "staging") });
    expect(intentOf(`${verb} shop-api -s=blue`)).toMatchObject({ app: name("shop-api", "blue") });
  });

  it("rejects a bad slot name and a slot that contradicts the resource ID", () => {
    expect(messageOf("status a --slot st_g", "status")).toBe(
      "“st_g” is not a slot name (letters, digits and hyphens, e.g. staging).",
    );
    const id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a/slots/staging";
    expect(messageOf(`status ${id} --slot blue`, "status")).toBe(
      "The app names slot “staging” but --slot says “blue”: give one.",
    );
  });

  it("logs has no --slot", () => {
    expect(messageOf("logs a --slot s", "logs")).toBe("Unknown option “--slot” for logs. It takes --window.");
  });
});

describe("metrics", () => {
  it("defaults to 6h and an empty (default) metric list", () => {
    expect(intentOf("m shop-api")).toEqual({
      verb: "metrics",
      app: name("shop-api"),
      window: { ms: 6 * HOUR, label: "6h", defaulted: true },
      metrics: [],
    });
  });

  it("matches metric names case-insensitively, with commas, aliases and de-duplication", () => {
    const i = intentOf("metrics shop-api http5xx,REQUESTS cpu CpuPercentage -w 24h");
    expect(i).toMatchObject({
      metrics: [
        { name: "Http5xx", scope: "site" },
        { name: "Requests", scope: "site" },
        { name: "CpuPercentage", scope: "plan" },
      ],
      window: { label: "1d" },
    });
  });

  it("suggests the closest known metric", () => {
    const e = errorOf("metrics shop-api Htp5xx");
    expect(e.message).toBe("Unknown metric “Htp5xx”. Did you mean Http5xx?");
    expect(e.suggestions).toEqual(["Http5xx"]);
    expect(errorOf("metrics shop-api CpuPercent").suggestions).toEqual(["CpuPercentage"]);
  });

  it("names a few metrics when nothing is close", () => {
    expect(messageOf("metrics a zzzzzz", "metrics")).toBe(
      "Unknown metric “zzzzzz”. Try Http5xx, Requests or CpuPercentage.",
    );
  });

  it("caps the number of metrics", () => {
    const many = "Requests Http5xx Http2xx Http3xx Http4xx Http401 Http403 Http404 Http406 Threads Handles";
    expect(messageOf(`metrics a ${many}`, "metrics")).toBe("Too many metrics: at most 10 in one chart.");
  });
});

describe("health", () => {
  it("takes an optional app", () => {
    expect(intentOf("health")).toEqual({ verb: "health" });
    expect(intentOf("health rg/a")).toEqual({
      verb: "health",
      app: { kind: "rgName", resourceGroup: "rg", name: "a" },
    });
  });

  it("refuses options and a second app", () => {
    expect(messageOf("health a --window 1h", "health")).toBe("health takes no options (got “--window”).");
    expect(messageOf("health a b", "health")).toBe("health takes at most one app; unexpected “b”.");
  });
});

describe("links", () => {
  it("takes one app", () => {
    expect(intentOf("links shop-api")).toEqual({ verb: "links", app: name("shop-api") });
    expect(messageOf("links", "links")).toMatch(/^links needs an app/);
  });

  it("has no window", () => {
    expect(messageOf("links a -w 1h", "links")).toBe("Unknown option “-w” for links. It takes --slot.");
  });
});

import { describe, expect, it } from "vitest";
import type { AppQuery } from "../../src/command/intent.ts";
import { actionForIntent, actionForMitigation, actionsForVerb, allowedVerbs } from "../../src/door/permissions.ts";
import type { Caller } from "../../src/policy/evaluate.ts";
import { examplePolicy, policyFrom } from "../policy/fixtures.ts";

const policy = examplePolicy();
const READS = [
  "help",
  "list",
  "status",
  "diagnose",
  "metrics",
  "health",
  "logs",
  "links",
  "doctor",
  "collect",
  "audit",
  "digest",
];
const q: AppQuery = { kind: "name", name: "shop-api" };
const who = (user: string, channel: string, userGroups: string[] = []): Caller => ({ channel, user, userGroups });

describe("allowedVerbs (help shows only what the caller may do)", () => {
  it("without a policy: reads only", () => {
    expect(allowedVerbs(undefined, who("U0A", "C0ANY"))).toEqual(READS);
  });

  it("an unbound channel: help only", () => {
    expect(allowedVerbs(policy, who("U0A", "C0ELSEWHERE", ["S0ONCALL"]))).toEqual(["help"]);
  });

  it("prod, on call: reads and every write verb with a granted action", () => {
    expect(allowedVerbs(policy, who("U0A", "C0PRODOPS", ["S0ONCALL"]))).toEqual([
      ...READS,
      "restart",
      "start",
      "stop",
      "scale",
      "autoheal",
      "healthcheck",
    ]);
  });

  it("prod, an approver who may not request: reads only", () => {
    expect(allowedVerbs(policy, who("U0LEAD1", "C0PRODOPS"))).toEqual(READS);
  });

  it("a verb appears when any of its actions is granted (restart via rebootWorker only)", () => {
    const p = policyFrom(`
bindings:
  - channel: C0A
    scope: { resourceGroups: [rg-a] }
    request: U0A
    approve: U0B
    actions: [rebootWorker, scaleUp]
`);
    expect(allowedVerbs(p, who("U0A", "C0A"))).toEqual([...READS, "restart", "scale"]);
    expect(allowedVerbs(p, who("U0B", "C0A"))).toEqual(READS);
  });

  it("read: false hides the read verbs but keeps the writes", () => {
    const p = policyFrom(`
bindings:
  - channel: C0A
    scope: { resourceGroups: [rg-a] }
    read: false
    actions: { restart: { request: U0A, approve: U0B } }
`);
    expect(allowedVerbs(p, who("U0A", "C0A"))).toEqual(["help", "restart"]);
  });
});

describe("verbs, intents and mitigations → actions", () => {
  it("maps verbs", () => {
    expect(actionsForVerb("restart")).toEqual(["restart", "rebootWorker"]);
    expect(actionsForVerb("scale")).toEqual(["scaleOut", "scaleUp", "autoscaleProfile"]);
    expect(actionsForVerb("status")).toEqual([]);
  });

  it("maps parsed intents; reads give none", () => {
    expect(actionForIntent({ verb: "restart", write: true, app: q, soft: false })).toBe("restart");
    expect(actionForIntent({ verb: "restart", write: true, app: q, soft: false, instance: "lw0sdlwk000001" })).toBe(
      "rebootWorker",
    );
    expect(actionForIntent({ verb: "stop", write: true, app: q })).toBe("stop");
    expect(actionForIntent({ verb: "scale", write: true, app: q, direction: "out", instances: 4 })).toBe("scaleOut");
    expect(actionForIntent({ verb: "scale", write: true, app: q, direction: "up", sku: "P1mv3" })).toBe("scaleUp");
    expect(actionForIntent({ verb: "autoheal", write: false, app: q, action: "show" })).toBeUndefined();
    expect(actionForIntent({ verb: "autoheal", write: true, app: q, action: "disable" })).toBe("autoHeal");
    expect(actionForIntent({ verb: "healthcheck", write: true, app: q, path: "/healthz" })).toBe("healthCheck");
    expect(actionForIntent({ verb: "dump", write: true, app: q, instance: "RD0003" })).toBe("memoryDump");
    expect(
      actionForIntent({ verb: "collect", app: q, window: { ms: 3_600_000, label: "1h", defaulted: true } }),
    ).toBeUndefined();
    expect(actionForIntent({ verb: "links", app: q })).toBeUndefined();
  });

  it("maps mitigation kinds; advice gives none", () => {
    expect(actionForMitigation({ kind: "restart", params: { action: "rebootWorker" } })).toBe("rebootWorker");
    expect(actionForMitigation({ kind: "restart", params: { action: "restart" } })).toBe("restart");
    expect(actionForMitigation({ kind: "swapBack" })).toBe("swapBack");
    expect(actionForMitigation({ kind: "siteConfig" })).toBe("siteConfig");
    expect(actionForMitigation({ kind: "investigate" })).toBeUndefined();
    expect(actionForMitigation({ kind: "waitForPlatform" })).toBeUndefined();
  });
});

// limitBreach: a binding's bounds on instance counts and SKUs, whoever approves.
import { describe, expect, it } from "vitest";
import { lintPolicy } from "../../src/policy/compile.ts";
import { limitBreach } from "../../src/policy/limits.ts";
import { parsePolicy } from "../../src/policy/load.ts";

const policy = parsePolicy(`
roles: { ops: [U0OPS] }
bindings:
  - channel: C0PROD
    scope: { resourceGroups: [rg-shop] }
    limits: { maxInstances: 10, skus: [P1v3, p2V3] }
    actions: { scaleOut: { request: ops, approve: ops }, scaleUp: { request: ops, approve: ops } }
  - channel: C0DEV
    scope: { resourceGroups: [rg-dev] }
    actions: { scaleOut: { request: ops, approve: ops } }
`);
const [prod, dev] = policy.bindings;

describe("limitBreach", () => {
  it("allows up to maxInstances and refuses above it, naming the limit and where it is set", () => {
    expect(limitBreach(prod, { instances: 10 })).toBeUndefined();
    const why = limitBreach(prod, { instances: 12 });
    expect(why).toMatch(/at most 10 instances \(bindings\[0\]\.limits\.maxInstances\); this change asks for 12/);
  });

  it("allows only the listed SKUs, in any case", () => {
    expect(limitBreach(prod, { sku: "p1v3" })).toBeUndefined();
    expect(limitBreach(prod, { sku: "P2v3" })).toBeUndefined();
    expect(limitBreach(prod, { sku: "P3v3" })).toMatch(/only to P1V3, P2V3 \(bindings\[0\]\.limits\.skus\); .*P3v3/);
  });

  it("has nothing to say without limits, or for a change that sets neither", () => {
    expect(limitBreach(dev, { instances: 500, sku: "P3v3" })).toBeUndefined();
    expect(limitBreach(undefined, { instances: 500 })).toBeUndefined();
    expect(limitBreach(prod, {})).toBeUndefined();
  });
});

describe("lintPolicy on limits", () => {
  it("warns about a SKU the bot does not know (every scale up to it would be refused)", () => {
    const typo = parsePolicy(`
roles: { ops: [U0OPS] }
bindings:
  - channel: C0PROD
    scope: { resourceGroups: [rg-shop] }
    limits: { skus: [P1v3, P1V9] }
    actions: { scaleUp: { request: ops, approve: ops } }
`);
    expect(lintPolicy(typo)).toEqual(["bindings[0].limits.skus: P1V9 is not an App Service SKU the bot knows"]);
    expect(lintPolicy(policy)).toEqual([]);
  });
});

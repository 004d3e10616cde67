import { describe, expect, it } from "vitest";
import { canRequest } from "../../src/policy/evaluate.ts";
import { channelDefaults, policySnapshot, proposalTtlMs, twoPersonRule } from "../../src/policy/settings.ts";
import { examplePolicy, PROD_SUB, policyFrom, prodApp } from "./fixtures.ts";

const policy = examplePolicy();
const [prod, staging] = policy.bindings;

describe("proposal lifetime and two-person rule", () => {
  it("TTL: binding override, policy default, built-in default", () => {
    expect(proposalTtlMs(policy, prod)).toBe(10 * 60_000);
    expect(proposalTtlMs(policy, staging)).toBe(60 * 60_000);
    const p = policyFrom(`
defaults: { proposalTtlMinutes: 30 }
bindings:
  - channel: C0A
    scope: { resourceGroups: [rg-a] }
`);
    expect(proposalTtlMs(p, p.bindings[0])).toBe(30 * 60_000);
    expect(proposalTtlMs(p)).toBe(30 * 60_000);
    const bare = policyFrom("bindings:\n  - channel: C0A\n    scope: { resourceGroups: [rg-a] }\n");
    expect(proposalTtlMs(bare, bare.bindings[0])).toBe(15 * 60_000);
    expect(proposalTtlMs(undefined)).toBe(15 * 60_000);
  });

  it("two-person rule: on by default, per binding", () => {
    expect(twoPersonRule(policy, prod)).toBe(true);
    expect(twoPersonRule(policy, staging)).toBe(false);
    expect(twoPersonRule(undefined)).toBe(true);
  });
});

describe("policySnapshot", () => {
  it("records which rule of which policy version allowed the proposal, as JSON", () => {
    const d = canRequest(
      policy,
      { channel: "C0PRODOPS", user: "U0ALICE", userGroups: ["S0ONCALL"] },
      "scaleUp",
      prodApp(),
    );
    if (!d.allowed) throw new Error(d.reason);
    const snap = policySnapshot(policy, d);
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snap).toMatchObject({
      source: "policy.example.yml",
      fingerprint: policy.fingerprint,
      rule: "bindings[0].actions.scaleUp",
      channel: "C0PRODOPS",
      channelName: "prod-ops",
      action: "scaleUp",
      requesters: ["oncall"],
      approvers: ["platform-leads", "head-of-ops"],
      requesterIds: ["S0ONCALL"],
      approverIds: ["U0LEAD1", "U0LEAD2", "U0HEADOPS"],
      twoPersonRule: true,
      proposalTtlMinutes: 10,
      matchedBy: `resource group ${PROD_SUB}/rg-shop-prod and tags env=prod`,
      reason: d.reason,
    });
  });
});

describe("channelDefaults (digests)", () => {
  it("the bound scope, time zone and digest settings; nothing for an unbound channel or no policy", () => {
    expect(channelDefaults(policy, "C0STAGING")).toEqual({
      scope: staging.scope,
      timeZone: "Europe/Berlin",
      digest: { time: "09:00", days: "daily" },
    });
    expect(channelDefaults(policy, "C0NOPE")).toEqual({});
    expect(channelDefaults(undefined, "C0STAGING")).toEqual({});
  });

  it("time zones are stored canonically", () => {
    const p = policyFrom("bindings:\n  - channel: C0A\n    scope: { resourceGroups: [rg-a] }\n    timeZone: utc\n");
    expect(p.bindings[0].timeZone).toBe("UTC");
  });
});

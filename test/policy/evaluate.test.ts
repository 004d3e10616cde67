import { describe, expect, it } from "vitest";
import {
  type Caller,
  canApprove,
  canRead,
  canRequest,
  canSee,
  NO_POLICY_WRITES,
  TWO_PERSON_DENIAL,
  visibleApps,
} from "../../src/policy/evaluate.ts";
import { app, examplePolicy, OTHER_SUB, PROD_SUB, policyFrom, prodApp, STAGING_SUB } from "./fixtures.ts";

const policy = examplePolicy();
const PROD = "C0PRODOPS";
const STAGING = "C0STAGING";
const who = (user: string, channel = PROD, userGroups: string[] = []): Caller => ({ channel, user, userGroups });
const alice = who("U0ALICE", PROD, ["S0ONCALL"]); // on call, through the user group
const bob = who("U0BOB"); // in no role
const lead = who("U0LEAD1");
const stagingApp = app({ subscriptionId: STAGING_SUB, resourceGroup: "rg-shop-stg", name: "shop-api-stg" });

describe("without a policy file (read-only bot)", () => {
  it("every app is visible in every channel", () => {
    expect(canRead(undefined, "C0ANY").allowed).toBe(true);
    expect(canSee(undefined, "C0ANY", app({ subscriptionId: OTHER_SUB })).allowed).toBe(true);
    expect(visibleApps(undefined, "C0ANY", [app(), stagingApp])).toHaveLength(2);
  });

  it("every write is refused with how to enable writes", () => {
    expect(canRequest(undefined, alice, "restart", app())).toEqual({ allowed: false, reason: NO_POLICY_WRITES });
    expect(canApprove(undefined, lead, { action: "restart", app: app(), requestedBy: "U0ALICE" })).toEqual({
      allowed: false,
      reason: "No policy file: writes are disabled. Set APPSVC_CONFIG to a policy (see policy.example.yml).",
    });
  });
});

describe("channels and scope", () => {
  it("an unbound channel sees nothing and is told how to bind it", () => {
    const d = canSee(policy, "C0RANDOM", prodApp());
    expect(d).toEqual({
      allowed: false,
      reason:
        "This channel (C0RANDOM) is not bound in the policy: add a binding with channel: C0RANDOM, its scope and its actions to the bot's policy file (APPSVC_CONFIG; see policy.example.yml), then restart the bot.",
    });
    expect(canRequest(policy, who("U0ALICE", "C0RANDOM", ["S0ONCALL"]), "restart", prodApp()).allowed).toBe(false);
  });

  it("a bound channel sees only its scope", () => {
    expect(canSee(policy, PROD, prodApp())).toMatchObject({
      allowed: true,
      reason: `bindings[0] covers it by resource group ${PROD_SUB}/rg-shop-prod and tags env=prod`,
    });
    expect(canSee(policy, PROD, stagingApp)).toEqual({
      allowed: false,
      reason: "shop-api-stg is outside this channel's scope (rg-shop-stg is not bound to #prod-ops)",
    });
    expect(canSee(policy, STAGING, stagingApp).allowed).toBe(true);
    expect(canSee(policy, STAGING, prodApp()).allowed).toBe(false);
    expect(
      visibleApps(policy, PROD, [prodApp(), stagingApp, prodApp({ name: "shop-web" })]).map((a) => a.name),
    ).toEqual(["shop-api", "shop-web"]);
  });

  it("app in scope by resource ID (prod binds edge-gateway by ID)", () => {
    const edge = app({ resourceGroup: "rg-edge", name: "edge-gateway", tags: { env: "prod" } });
    expect(canSee(policy, PROD, edge)).toMatchObject({
      allowed: true,
      reason: expect.stringContaining("app /subscriptions/"),
    });
    expect(
      canSee(policy, PROD, app({ resourceGroup: "rg-edge", name: "edge-admin", tags: { env: "prod" } })).allowed,
    ).toBe(false);
  });

  it("read: false turns read commands off in that channel", () => {
    const p = policyFrom(`
bindings:
  - channel: C0APPROVALS
    scope: { resourceGroups: [rg-shop-prod] }
    read: false
`);
    expect(canRead(p, "C0APPROVALS")).toEqual({
      allowed: false,
      reason: "Read commands are off in C0APPROVALS (bindings[0].read is false).",
    });
    expect(canSee(p, "C0APPROVALS", app()).allowed).toBe(false);
  });

  it("a write on an app outside the scope is refused with the reason", () => {
    expect(canRequest(policy, alice, "restart", stagingApp)).toEqual({
      allowed: false,
      reason: "shop-api-stg is outside this channel's scope (rg-shop-stg is not bound to #prod-ops)",
    });
  });
});

describe("canRequest", () => {
  it("allows a member of the requester role, through the user group, and says which rule", () => {
    const d = canRequest(policy, alice, "restart", prodApp());
    expect(d).toMatchObject({ allowed: true, action: "restart", binding: { channel: PROD } });
    if (!d.allowed) throw new Error(d.reason);
    expect(d.reason).toBe(
      `bindings[0].actions.restart: U0ALICE may request via user group S0ONCALL (role oncall); the app is in scope by resource group ${PROD_SUB}/rg-shop-prod and tags env=prod`,
    );
  });

  it("allows a requester named directly by user ID", () => {
    const p = policyFrom(`
bindings:
  - channel: C0PROD
    scope: { resourceGroups: [rg-shop-prod] }
    actions:
      restart: { request: [U0CAROL], approve: [U0LEAD1] }
`);
    expect(canRequest(p, who("U0CAROL", "C0PROD"), "restart", app())).toMatchObject({
      allowed: true,
      reason: expect.stringContaining("U0CAROL may request as U0CAROL"),
    });
  });

  it("refuses someone outside the role, naming the role and its members", () => {
    expect(canRequest(policy, bob, "restart", prodApp())).toEqual({
      allowed: false,
      reason: "Restart in #prod-ops needs a requester in role oncall (S0ONCALL); you are not in it.",
    });
    // the approvers are not requesters
    expect(canRequest(policy, lead, "restart", prodApp()).allowed).toBe(false);
  });

  it("says when a user group could not be read from Slack", () => {
    const d = canRequest(policy, { ...bob, groupErrors: { S0ONCALL: "ratelimited" } }, "restart", prodApp());
    expect(d).toEqual({
      allowed: false,
      reason:
        "Restart in #prod-ops needs a requester in role oncall (S0ONCALL); you are not in it. Could not read user group S0ONCALL from Slack: ratelimited.",
    });
  });

  it("refuses an action the binding does not grant (deny by default)", () => {
    expect(canRequest(policy, alice, "appSetting", prodApp())).toEqual({
      allowed: false,
      reason:
        "App setting change is not allowed in #prod-ops: the policy grants restart, start, stop, scaleOut, scaleUp, autoHeal, healthCheck, swapBack, autoscaleProfile, rebootWorker here. Add actions.appSetting to bindings[0] to allow it.",
    });
  });

  it("refuses an unknown action; accepts the store's kebab-case kinds", () => {
    expect(canRequest(policy, alice, "delete", prodApp())).toEqual({
      allowed: false,
      reason: expect.stringMatching(/^Unknown action "delete": the policy knows restart, start, stop, /),
    });
    expect(canRequest(policy, alice, "scale-up", prodApp())).toMatchObject({ allowed: true, action: "scaleUp" });
    expect(canRequest(policy, alice, "reboot-worker", prodApp())).toMatchObject({
      allowed: true,
      action: "rebootWorker",
    });
  });

  it("refuses when the action names nobody", () => {
    const p = policyFrom(`
bindings:
  - channel: C0PROD
    scope: { resourceGroups: [rg-shop-prod] }
    actions:
      restart: { request: [], approve: [] }
`);
    expect(canRequest(p, who("U0X", "C0PROD"), "restart", app())).toEqual({
      allowed: false,
      reason: "Restart in C0PROD names no requesters in the policy: nobody may request it here.",
    });
    expect(canApprove(p, who("U0X", "C0PROD"), { action: "restart", app: app(), requestedBy: "U0Y" })).toEqual({
      allowed: false,
      reason:
        "Restart in C0PROD names no approvers in the policy, so nobody can approve it. Name them under bindings[0].actions.restart.approve.",
    });
  });
});

describe("canApprove", () => {
  const restart = { action: "restart", app: prodApp(), requestedBy: "U0ALICE" };

  it("allows an approver of the action", () => {
    expect(canApprove(policy, lead, restart)).toMatchObject({
      allowed: true,
      reason:
        "bindings[0].actions.restart: U0LEAD1 may approve as U0LEAD1 (role platform-leads), and is not the requester (U0ALICE)",
    });
  });

  it("refuses a requester-only member, naming the approver role", () => {
    expect(canApprove(policy, who("U0DAVE", PROD, ["S0ONCALL"]), restart)).toEqual({
      allowed: false,
      reason: "Restart in #prod-ops needs an approver in role platform-leads (U0LEAD1, U0LEAD2); you are not in it.",
    });
  });

  it("per-action approvers override the binding's", () => {
    const stop = { action: "stop", app: prodApp(), requestedBy: "U0ALICE" };
    expect(canApprove(policy, lead, stop)).toEqual({
      allowed: false,
      reason: "Stop in #prod-ops needs an approver in role head-of-ops (U0HEADOPS); you are not in it.",
    });
    expect(canApprove(policy, who("U0HEADOPS"), stop).allowed).toBe(true);
    const scaleUp = { action: "scaleUp", app: prodApp(), requestedBy: "U0ALICE" };
    expect(canApprove(policy, who("U0HEADOPS"), scaleUp).allowed).toBe(true);
    expect(canApprove(policy, lead, scaleUp).allowed).toBe(true);
  });

  it("two-person rule on: the requester cannot approve their own proposal, even as an approver", () => {
    const p = policyFrom(`
roles: { leads: [U0LEAD1, U0LEAD2] }
bindings:
  - channel: C0PROD
    scope: { resourceGroups: [rg-shop-prod] }
    actions:
      restart: { request: leads, approve: leads }
`);
    const own = { action: "restart", app: app(), requestedBy: "U0LEAD1" };
    expect(canApprove(p, who("U0LEAD1", "C0PROD"), own)).toEqual({ allowed: false, reason: TWO_PERSON_DENIAL });
    expect(canApprove(p, who("U0LEAD2", "C0PROD"), own).allowed).toBe(true);
  });

  it("two-person rule off (staging): self-approval allowed, and the reason says so", () => {
    const dev = who("U0DEV", STAGING, ["S0DEVS"]);
    const d = canApprove(policy, dev, { action: "restart", app: stagingApp, requestedBy: "U0DEV" });
    expect(d).toMatchObject({ allowed: true, reason: expect.stringMatching(/\(two-person rule off\)$/) });
  });

  it("the policy default applies when a binding does not say", () => {
    const yaml = (rule: string) => `
defaults: { twoPersonRule: ${rule} }
roles: { leads: [U0LEAD1] }
bindings:
  - channel: C0PROD
    scope: { resourceGroups: [rg-shop-prod] }
    actions: { restart: { request: leads, approve: leads } }
`;
    const own = { action: "restart", app: app(), requestedBy: "U0LEAD1" };
    expect(canApprove(policyFrom(yaml("false")), who("U0LEAD1", "C0PROD"), own).allowed).toBe(true);
    expect(canApprove(policyFrom(yaml("true")), who("U0LEAD1", "C0PROD"), own).allowed).toBe(false);
  });

  it("refuses approval of an action the binding lacks, or on an app out of scope", () => {
    expect(canApprove(policy, lead, { action: "appSetting", app: prodApp(), requestedBy: "U0ALICE" })).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/^App setting change is not allowed in #prod-ops/),
    });
    expect(canApprove(policy, lead, { action: "restart", app: stagingApp, requestedBy: "U0ALICE" })).toMatchObject({
      allowed: false,
      reason: expect.stringContaining("outside this channel's scope"),
    });
  });
});

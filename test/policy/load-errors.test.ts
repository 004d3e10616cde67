import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/load.ts";
import { PolicyError, type PolicyProblem } from "../../src/policy/problems.ts";
import { PROD_SUB } from "./fixtures.ts";

function problemsOf(yaml: string): PolicyProblem[] {
  try {
    parsePolicy(yaml, "bad.yml");
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return (e as PolicyError).problems;
  }
  throw new Error("expected the policy to be rejected");
}

describe("loader errors name the path, the line and what to write", () => {
  it("unknown keys, with a suggestion, anywhere in the file", () => {
    const problems = problemsOf(`
defaults: { proposalTtlMinutes: 10, twoPersonrule: true }
bindings:
  - channel: C0PROD
    scope: { resourceGroups: [rg-a], tag: { env: prod } }
    approvers: [U0LEAD1]
    actions:
      scaleout: { request: U0A, approve: U0B }
      restart: { request: U0A, approvers: U0B }
`);
    expect(problems).toEqual([
      expect.objectContaining({
        path: "defaults.twoPersonrule",
        line: 2,
        message: expect.stringContaining("did you mean twoPersonRule?"),
      }),
      expect.objectContaining({
        path: "bindings[0].scope.tag",
        line: 5,
        message: expect.stringContaining("did you mean tags?"),
      }),
      expect.objectContaining({
        path: "bindings[0].approvers",
        line: 6,
        message: expect.stringContaining("did you mean approve?"),
      }),
      expect.objectContaining({
        path: "bindings[0].actions.scaleout",
        line: 8,
        message: expect.stringMatching(/unknown action "scaleout" — did you mean scaleOut/),
      }),
      expect.objectContaining({
        path: "bindings[0].actions.restart.approvers",
        line: 9,
        message: expect.stringContaining("did you mean approve?"),
      }),
      // restart names no approvers once the misspelt key is ignored
      expect.objectContaining({
        path: "bindings[0].actions.restart",
        line: 9,
        message: expect.stringContaining("names no approvers"),
      }),
    ]);
  });

  it("bad Slack IDs: user, group and channel", () => {
    const problems = problemsOf(`
roles:
  leads: [U0LEAD1, u0lead2]
bindings:
  - channel: "#prod-ops"
    scope: { apps: [shop-api] }
    approve: [U0LEAD1, "@alice"]
    request: [leads, w0oncall1]
    actions: [restart]
`);
    expect(problems.map((p) => [p.path, p.line])).toEqual([
      ["roles.leads[1]", 3],
      ["bindings[0].channel", 5],
      ["bindings[0].approve[1]", 7],
      ["bindings[0].request[1]", 8],
    ]);
    expect(problems[3].message).toMatch(/^"w0oncall1": Slack IDs are upper case; write "W0ONCALL1"/);
    expect(problems[0].message).toContain('write "U0LEAD2"');
    expect(problems[1].message).toMatch(/"#prod-ops" is not a channel ID \(C… or G…\).*copy the Channel ID/);
    expect(problems[2].message).toMatch(
      /"@alice" is not a Slack user ID \(U…\/W…\), user group ID \(S…\).*"Copy member ID"/,
    );
  });

  it("a bad time zone, digest time and durations", () => {
    const problems = problemsOf(`
defaults: { proposalTtlMinutes: 0 }
bindings:
  - channel: C0A
    scope: { subscriptions: [${PROD_SUB}] }
    timeZone: Europe/Berln
    proposalTtlMinutes: 2000
    digest: { time: "9:00", days: monday }
  - channel: C0B
    scope: { subscriptions: [${PROD_SUB}] }
    timeZone: "+01:00"
    proposalTtlMinutes: "15m"
`);
    const by = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(by["defaults.proposalTtlMinutes"]).toMatch(/0 is too short: proposals live 1 to 1440 minutes/);
    expect(by["bindings[0].timeZone"]).toMatch(
      /"Europe\/Berln" is not an IANA time zone; write one such as "Europe\/Berlin"/,
    );
    expect(by["bindings[0].proposalTtlMinutes"]).toMatch(/2000 is too long/);
    expect(by["bindings[0].digest.time"]).toMatch(/write "HH:MM"/);
    expect(by["bindings[0].digest.days"]).toMatch(/weekdays or daily/);
    expect(by["bindings[1].timeZone"]).toMatch(/not an IANA time zone/);
    expect(by["bindings[1].proposalTtlMinutes"]).toBe('write a whole number of minutes, e.g. 15 (not "15m")');
    expect(problems).toHaveLength(7);
  });

  it("limits: bad instance counts, SKU lists and unknown keys", () => {
    const problems = problemsOf(`
bindings:
  - channel: C0A
    scope: { subscriptions: [${PROD_SUB}] }
    limits: { maxInstances: 0, skus: [] }
  - channel: C0B
    scope: { subscriptions: [${PROD_SUB}] }
    limits: { maxInstances: "ten", skus: P1v3, maxinstance: 3 }
`);
    const by = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(by["bindings[0].limits.maxInstances"]).toMatch(/maxInstances 0 is below 1/);
    expect(by["bindings[0].limits.skus"]).toMatch(/skus is empty/);
    expect(by["bindings[1].limits.maxInstances"]).toMatch(/whole number of instances, e.g. 10 \(not "ten"\)/);
    expect(by["bindings[1].limits.skus"]).toMatch(/skus must be a list of SKU names/);
    expect(by["bindings[1].limits.maxinstance"]).toMatch(/did you mean maxInstances\?/);
  });

  it("alerts: a bad severity, a bad shape and unknown keys", () => {
    const problems = problemsOf(`
bindings:
  - channel: C0A
    scope: { subscriptions: [${PROD_SUB}] }
    alerts: { minSeverity: Sev5 }
  - channel: C0B
    scope: { subscriptions: [${PROD_SUB}] }
    alerts: yes
  - channel: C0C
    scope: { subscriptions: [${PROD_SUB}] }
    alerts: { minseverity: Sev2 }
`);
    const text = problems.map((p) => `${p.path}: ${p.message}`).join("\n");
    expect(text).toMatch(/bindings\[0\]\.alerts.*"Sev5" is not a severity: write Sev0 \(critical\) to Sev4/);
    expect(text).toMatch(/bindings\[1\]\.alerts.*alerts is true, false or \{ minSeverity: Sev2 \}/);
    expect(text).toMatch(/bindings\[2\]\.alerts.*minseverity/);
  });

  it("a channel bound twice", () => {
    const problems = problemsOf(`
bindings:
  - channel: C0PROD
    scope: { resourceGroups: [rg-a] }
  - channel: C0PROD
    scope: { resourceGroups: [rg-b] }
`);
    expect(problems).toEqual([
      {
        path: "bindings[1].channel",
        line: 5,
        message: "channel C0PROD is already bound by bindings[0]: a channel has one binding; merge the two",
      },
    ]);
  });

  it("an undefined role, in the list shorthand's binding defaults and in an action", () => {
    const problems = problemsOf(`
roles: { oncall: [S0ONCALL], leads: [U0LEAD1] }
bindings:
  - channel: C0PROD
    scope: { resourceGroups: [rg-a] }
    request: oncal
    approve: leads
    actions:
      restart: {}
      stop: { approve: [leads, head-of-ops] }
`);
    expect(problems).toEqual([
      expect.objectContaining({
        path: "bindings[0].request",
        line: 6,
        message: expect.stringMatching(/^role "oncal" is not defined under roles: — did you mean oncall\?/),
      }),
      expect.objectContaining({
        path: "bindings[0].actions.stop.approve[1]",
        line: 10,
        message: expect.stringContaining('role "head-of-ops" is not defined'),
      }),
    ]);
  });

  it("an action nobody is named for", () => {
    const problems = problemsOf(`
bindings:
  - channel: C0PROD
    scope: { resourceGroups: [rg-a] }
    actions: [restart]
`);
    expect(problems).toEqual([
      expect.objectContaining({
        path: "bindings[0].actions[0]",
        line: 5,
        message: expect.stringContaining("restart names no requesters and no approvers"),
      }),
    ]);
  });

  it("scopes: empty, missing, and malformed entries", () => {
    const problems = problemsOf(`
bindings:
  - channel: C0A
    scope: {}
  - channel: C0B
  - channel: C0C
    scope:
      subscriptions: [prod]
      resourceGroups: ["not-a-guid/rg"]
      apps: ["/subscriptions/x/whatever"]
      tags: { replicas: 3 }
`);
    const by = Object.fromEntries(problems.map((p) => [p.path, p.message]));
    expect(by["bindings[0].scope"]).toMatch(/scope is empty/);
    expect(by["bindings[1].scope"]).toMatch(/scope is required/);
    expect(by["bindings[2].scope.subscriptions[0]"]).toMatch(/"prod" is not a subscription GUID/);
    expect(by["bindings[2].scope.resourceGroups[0]"]).toMatch(/\{subscription GUID\}\/rg-name/);
    expect(by["bindings[2].scope.apps[0]"]).toMatch(/"rg\/name"/);
    expect(by["bindings[2].scope.tags.replicas"]).toMatch(/quote it/);
  });

  it("YAML syntax errors carry the line number", () => {
    const problems = problemsOf("bindings:\n  - channel: C0A\n    scope: { resourceGroups: [rg-a }\n");
    expect(problems[0]).toMatchObject({ path: "(YAML syntax)", line: 3 });
    expect(problems[0].message).toMatch(/fix the YAML/);
    const dup = problemsOf("bindings:\n  - channel: C0A\n    channel: C0B\n");
    expect(dup[0]).toMatchObject({
      path: "(YAML syntax)",
      line: 3,
      message: expect.stringMatching(/Map keys must be unique/),
    });
  });

  it("an empty file, a file of comments and a file that is not a map", () => {
    for (const text of ["", "# nothing yet\n"]) {
      expect(problemsOf(text)).toEqual([
        { path: "(file)", message: expect.stringMatching(/the file is empty: .*policy.example.yml/) },
      ]);
    }
    expect(problemsOf("- a\n- b\n")[0].message).toMatch(/a policy must be a map with roles, defaults and bindings/);
    expect(problemsOf("roles: {}\n")[0]).toMatchObject({
      path: "bindings",
      message: expect.stringMatching(/bindings is required/),
    });
  });

  it("lists every problem of the file at once, in file order, in the error message", () => {
    let err: PolicyError | undefined;
    try {
      parsePolicy(
        `roles: { Leads: [U1X] }\nbindings:\n  - channel: C0A\n    scope: { resourceGroups: [rg-a] }\n    timeZone: Mars/Base\n    read: yes-please\n`,
        "ops/policy.yml",
      );
    } catch (e) {
      err = e as PolicyError;
    }
    expect(err?.problems.map((p) => p.line)).toEqual([1, 5, 6]);
    expect(err?.message.split("\n")).toEqual([
      "Policy file ops/policy.yml has 3 problems:",
      `  - roles.Leads (line 1): ${err?.problems[0].message}`,
      `  - bindings[0].timeZone (line 5): ${err?.problems[1].message}`,
      `  - bindings[0].read (line 6): read is true or false, not "yes-please"`,
      "Fix them and start again; policy.example.yml shows every option.",
    ]);
    expect(err?.problems[0].message).toMatch(/role name "Leads" must be lower case/);
  });
});

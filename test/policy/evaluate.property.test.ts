import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Caller, canApprove, canRequest } from "../../src/policy/evaluate.ts";
import { ACTIONS, type ActionRule, type Binding, type Policy, type PolicyAction } from "../../src/policy/policy.ts";
import { inScope } from "../../src/policy/scope.ts";
import { twoPersonRule } from "../../src/policy/settings.ts";
import { app } from "./fixtures.ts";

const SUBS = ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"];
const RGS = ["rg-a", "rg-b", "rg-c"];
const USERS = ["U1", "U2", "U3", "U4"];
const GROUPS = ["S1", "S2"];
const CHANNELS = ["C1", "C2", "C3"];

const principals = fc.subarray([...USERS, ...GROUPS]);
const rule: fc.Arbitrary<ActionRule> = fc
  .record({ requesters: principals, approvers: principals })
  .map((r) => ({ ...r, requestRefs: r.requesters, approveRefs: r.approvers }));

const actions = fc
  .array(fc.tuple(fc.constantFrom(...ACTIONS), rule), { maxLength: ACTIONS.length })
  .map((pairs) => Object.fromEntries(pairs) as Partial<Record<PolicyAction, ActionRule>>);

const binding = (channel: string, i: number): fc.Arbitrary<Binding> =>
  fc.record({
    channel: fc.constant(channel),
    scope: fc.record({
      subscriptions: fc.subarray(SUBS),
      resourceGroups: fc.subarray(RGS),
      apps: fc.constant([]),
      tags: fc.constant({}),
    }),
    read: fc.boolean(),
    actions,
    twoPersonRule: fc.option(fc.boolean(), { nil: undefined }),
    path: fc.constant(`bindings[${i}]`),
  });

const policy: fc.Arbitrary<Policy> = fc
  .subarray(CHANNELS, { minLength: 1 })
  .chain((chs) => fc.tuple(...chs.map((c, i) => binding(c, i))))
  .chain((bindings) =>
    fc.record({
      bindings: fc.constant(bindings),
      defaults: fc.record({ proposalTtlMinutes: fc.integer({ min: 1, max: 1440 }), twoPersonRule: fc.boolean() }),
      roles: fc.constant({}),
    }),
  );

const request = fc.record({
  channel: fc.constantFrom(...CHANNELS, "C9"),
  user: fc.constantFrom(...USERS),
  userGroups: fc.subarray(GROUPS),
  // Half the time the approver is the requester.
  requestedBy: fc.option(fc.constantFrom(...USERS), { nil: undefined }),
  action: fc.constantFrom(...ACTIONS),
  subscriptionId: fc.constantFrom(...SUBS),
  resourceGroup: fc.constantFrom(...RGS),
});

const member = (ps: string[], c: Caller) => ps.includes(c.user) || ps.some((p) => c.userGroups.includes(p));

describe("authorisation properties", () => {
  it("canApprove never allows a missing action, nor requester = approver under the two-person rule; otherwise it follows the rules exactly", () => {
    fc.assert(
      fc.property(policy, request, (p, r) => {
        const caller: Caller = { channel: r.channel, user: r.user, userGroups: r.userGroups };
        const target = app({ subscriptionId: r.subscriptionId, resourceGroup: r.resourceGroup });
        const requestedBy = r.requestedBy ?? r.user;
        const d = canApprove(p, caller, { action: r.action, app: target, requestedBy });
        const b = p.bindings.find((x) => x.channel === r.channel);
        const ruleOf = b?.actions[r.action];
        if (!ruleOf) expect(d.allowed).toBe(false);
        if (b && twoPersonRule(p, b) && requestedBy === r.user) expect(d.allowed).toBe(false);
        const expected =
          !!b &&
          !!ruleOf &&
          inScope(b.scope, target) &&
          ruleOf.approvers.length > 0 &&
          !(twoPersonRule(p, b) && requestedBy === r.user) &&
          member(ruleOf.approvers, caller);
        expect(d.allowed).toBe(expected);
        expect(d.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it("canRequest allows exactly a requester of a granted action on an app in scope", () => {
    fc.assert(
      fc.property(policy, request, (p, r) => {
        const caller: Caller = { channel: r.channel, user: r.user, userGroups: r.userGroups };
        const target = app({ subscriptionId: r.subscriptionId, resourceGroup: r.resourceGroup });
        const d = canRequest(p, caller, r.action, target);
        const b = p.bindings.find((x) => x.channel === r.channel);
        const ruleOf = b?.actions[r.action];
        const expected = !!b && !!ruleOf && inScope(b.scope, target) && member(ruleOf.requesters, caller);
        expect(d.allowed).toBe(expected);
        if (d.allowed) expect(d.binding).toBe(b);
      }),
      { numRuns: 500 },
    );
  });
});

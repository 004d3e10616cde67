// The authorisation matrix, generated from the one permission table: every verb and button × every kind of
// channel (no policy, unbound, read-only binding, binding with read: false, binding granting the change)
// × a user in or out of the requester role. A verb added to the grammar without a row fails here (and in
// the type checker); a row whose meaning changes fails here too.
import { describe, expect, it } from "vitest";
import type { Verb } from "../../src/command/intent.ts";
import { helpData } from "../../src/command/usage.ts";
import { lookupText } from "../../src/core/app-query.ts";
import type { Fleet } from "../../src/core/fleet.ts";
import { Door } from "../../src/door/door.ts";
import {
  allowedVerbs,
  BUTTON_PERMISSIONS,
  type Permission,
  permissionFor,
  VERB_PERMISSIONS,
} from "../../src/door/permissions.ts";
import { createLogger } from "../../src/log.ts";
import { ACTIONS, type Policy } from "../../src/policy/policy.ts";
import { policyFrom } from "../policy/fixtures.ts";

const REQUESTER = "U0REQ";
const OUTSIDER = "U0OUT";
const GROUP_MEMBER = "U0GRP";

const policy: Policy = policyFrom(`
roles:
  requesters: [${REQUESTER}, S0ONCALL]
  approvers: [U0APP]
bindings:
  - channel: C0WRITE
    scope: { resourceGroups: [rg-a] }
    request: requesters
    approve: approvers
    actions: [${ACTIONS.join(", ")}]
  - channel: C0READONLY
    scope: { resourceGroups: [rg-a] }
  - channel: C0NOREAD
    scope: { resourceGroups: [rg-a] }
    read: false
    request: requesters
    approve: approvers
    actions: [${ACTIONS.join(", ")}]
`);

type Where = "no policy" | "unbound" | "read-only binding" | "read: false binding" | "binding with the action";
const CHANNELS: Record<Where, { channel: string; policy: Policy | undefined }> = {
  "no policy": { channel: "C0ANY", policy: undefined },
  unbound: { channel: "C0RANDOM", policy },
  "read-only binding": { channel: "C0READONLY", policy },
  "read: false binding": { channel: "C0NOREAD", policy },
  "binding with the action": { channel: "C0WRITE", policy },
};
const USERS = { "a requester": REQUESTER, "a requester via user group": GROUP_MEMBER, "an outsider": OUTSIDER };

const noFleet: Fleet = {
  listApps: async () => [],
  resolveApp: async (query) => ({ kind: "unknown", query: lookupText(query), suggestions: [] }),
  snapshot: async () => {
    throw new Error("no reads in the matrix");
  },
  appParts: async () => {
    throw new Error("no reads in the matrix");
  },
  fleetMetrics: async () => new Map(),
};

function doorFor(p: Policy | undefined): Door {
  return new Door({
    policy: p,
    directory: { members: async (g) => (g === "S0ONCALL" ? [GROUP_MEMBER] : []) },
    fleet: noFleet,
    now: Date.now,
    log: createLogger({ level: "silent" }),
  });
}

/** What the table says should happen, written independently of door.ts. */
function expected(p: Permission, where: Where, user: string): boolean {
  if (p.kind === "open" || p.kind === "decide") return true;
  if (p.kind === "read")
    return where === "no policy" || where === "read-only binding" || where === "binding with the action";
  const bound = where === "binding with the action" || where === "read: false binding";
  return bound && user !== OUTSIDER;
}

const rows: Array<[string, Permission]> = [
  ...Object.entries(VERB_PERMISSIONS).map(([v, p]) => [`/appsvc ${v}`, p] as [string, Permission]),
  ...Object.entries(BUTTON_PERMISSIONS).map(([b, p]) => [`${b} button`, p] as [string, Permission]),
];

describe("the authorisation matrix", () => {
  it("has a row for every verb the grammar knows", () => {
    const verbs = helpData().flatMap((g) => g.verbs.map((v) => v.verb));
    expect(verbs.length).toBeGreaterThan(10);
    for (const v of verbs) expect(VERB_PERMISSIONS, v).toHaveProperty(v);
  });

  for (const [row, permission] of rows)
    for (const where of Object.keys(CHANNELS) as Where[])
      for (const [who, user] of Object.entries(USERS))
        it(`${row} in a channel with ${where}, asked by ${who}`, async () => {
          const { channel, policy: p } = CHANNELS[where];
          const door = doorFor(p);
          const ctx = await door.open({ via: "command", user, channel });
          const got = await door.authorise(ctx, permission);
          expect(got.allowed).toBe(expected(permission, where, user));
          if (!got.allowed) expect(got.reason).not.toMatch(/\/(etc|home|tmp|var|app)\//);
        });

  it("help lists exactly the verbs the matrix allows, in every situation", async () => {
    for (const where of Object.keys(CHANNELS) as Where[])
      for (const user of Object.values(USERS)) {
        const { channel, policy: p } = CHANNELS[where];
        const ctx = await doorFor(p).open({ via: "command", user, channel });
        const shown = allowedVerbs(p, await ctx.caller());
        const want = (Object.keys(VERB_PERMISSIONS) as Verb[]).filter((v) => {
          const perm: Permission = VERB_PERMISSIONS[v];
          // Without a policy, help shows reads only: writes answer "writes are disabled".
          if (perm.kind === "request" && where === "no policy") return false;
          return expected(perm, where, user);
        });
        expect(shown, `${where} / ${user}`).toEqual(want);
      }
  });

  it("autoheal show is a read; autoheal enable is a change", () => {
    const app = { kind: "name" as const, name: "shop-api" };
    expect(permissionFor({ verb: "autoheal", write: false, app, action: "show" })).toEqual({ kind: "read" });
    expect(permissionFor({ verb: "autoheal", write: true, app, action: "disable" })).toEqual({
      kind: "request",
      actions: ["autoHeal"],
    });
  });
});

import { describe, expect, it } from "vitest";
import { callerFor, groupIdsFor } from "../../src/policy/caller.ts";
import { canRequest } from "../../src/policy/evaluate.ts";
import {
  CachingUserGroups,
  GROUP_CACHE_TTL_MS,
  groupsOf,
  resolveGroups,
  type UserGroupDirectory,
} from "../../src/policy/usergroups.ts";
import { examplePolicy, prodApp } from "./fixtures.ts";

const MIN = 60_000;

/** A directory whose groups and failures the test sets; it counts calls per group. */
class FakeDirectory implements UserGroupDirectory {
  groups: Record<string, string[]> = {};
  failWith: string | undefined;
  calls: string[] = [];
  async members(groupId: string): Promise<string[]> {
    this.calls.push(groupId);
    if (this.failWith) throw new Error(this.failWith);
    const m = this.groups[groupId];
    if (!m) throw new Error("no_such_subteam");
    return [...m];
  }
}

function setup() {
  const dir = new FakeDirectory();
  dir.groups = { S0ONCALL: ["U0ALICE", "U0BOB"], S0DEVS: ["U0DEV"] };
  let t = 1_000_000;
  const clock = {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
  const cache = new CachingUserGroups(dir, { now: clock.now });
  return { dir, clock, cache };
}

describe("CachingUserGroups", () => {
  it("keeps members for 5 minutes, then asks Slack again", async () => {
    const { dir, clock, cache } = setup();
    expect(GROUP_CACHE_TTL_MS).toBe(5 * MIN);
    expect(await cache.lookup("S0ONCALL")).toEqual({ ok: true, members: ["U0ALICE", "U0BOB"] });
    dir.groups.S0ONCALL = ["U0CAROL"];
    clock.advance(5 * MIN - 1);
    expect(await cache.members("S0ONCALL")).toEqual(["U0ALICE", "U0BOB"]);
    expect(dir.calls).toEqual(["S0ONCALL"]);
    clock.advance(1);
    expect(await cache.members("S0ONCALL")).toEqual(["U0CAROL"]);
    expect(dir.calls).toEqual(["S0ONCALL", "S0ONCALL"]);
  });

  it("serves the stale members when Slack fails, and says so", async () => {
    const { dir, clock, cache } = setup();
    await cache.lookup("S0ONCALL");
    clock.advance(7 * MIN);
    dir.failWith = "ratelimited";
    expect(await cache.lookup("S0ONCALL")).toEqual({
      ok: true,
      members: ["U0ALICE", "U0BOB"],
      stale: { error: "ratelimited", ageMs: 7 * MIN },
    });
    // within the retry pause Slack is not asked again
    clock.advance(10_000);
    await cache.lookup("S0ONCALL");
    expect(dir.calls).toHaveLength(2);
    // after it, Slack is asked again and a success replaces the stale members
    clock.advance(30_000);
    dir.failWith = undefined;
    dir.groups.S0ONCALL = ["U0NEW"];
    expect(await cache.lookup("S0ONCALL")).toEqual({ ok: true, members: ["U0NEW"] });
    expect(dir.calls).toHaveLength(3);
  });

  it("with nothing cached a failure is an error, and the next call asks again", async () => {
    const { dir, cache } = setup();
    dir.failWith = "missing_scope\nstack trace here";
    expect(await cache.lookup("S0ONCALL")).toEqual({ ok: false, error: "missing_scope" });
    await expect(cache.members("S0ONCALL")).rejects.toThrow(
      "could not read user group S0ONCALL from Slack: missing_scope",
    );
    expect(dir.calls).toHaveLength(2);
  });

  it("concurrent lookups of one group share one Slack call", async () => {
    const { dir, cache } = setup();
    const all = await Promise.all([cache.lookup("S0DEVS"), cache.lookup("S0DEVS"), cache.lookup("S0DEVS")]);
    expect(all.every((r) => r.ok && r.members[0] === "U0DEV")).toBe(true);
    expect(dir.calls).toEqual(["S0DEVS"]);
  });

  it("invalidate forgets a group", async () => {
    const { dir, cache } = setup();
    await cache.lookup("S0DEVS");
    cache.invalidate("S0DEVS");
    await cache.lookup("S0DEVS");
    expect(dir.calls).toEqual(["S0DEVS", "S0DEVS"]);
  });
});

describe("resolveGroups", () => {
  it("a user named directly needs no Slack call", async () => {
    const { dir, cache } = setup();
    expect(await resolveGroups(cache, ["U0LEAD1", "S0ONCALL"], "U0LEAD1")).toEqual({
      member: true,
      via: "U0LEAD1",
      notes: [],
      errors: {},
    });
    expect(dir.calls).toEqual([]);
  });

  it("membership through a group; not a member of any", async () => {
    const { cache } = setup();
    expect(await resolveGroups(cache, ["U0LEAD1", "S0DEVS", "S0ONCALL"], "U0BOB")).toMatchObject({
      member: true,
      via: "S0ONCALL",
    });
    expect(await resolveGroups(cache, ["U0LEAD1", "S0ONCALL"], "U0EVE")).toEqual({
      member: false,
      notes: [],
      errors: {},
    });
  });

  it("stale members are used and noted; nothing cached denies with the reason", async () => {
    const { dir, clock, cache } = setup();
    await cache.lookup("S0ONCALL");
    clock.advance(6 * MIN);
    dir.failWith = "ratelimited";
    expect(await resolveGroups(cache, ["S0ONCALL"], "U0ALICE")).toEqual({
      member: true,
      via: "S0ONCALL",
      notes: ["using members of user group S0ONCALL cached 6 min ago: Slack said ratelimited"],
      errors: {},
    });
    expect(await resolveGroups(cache, ["S0DEVS"], "U0DEV")).toEqual({
      member: false,
      notes: [],
      errors: { S0DEVS: "ratelimited" },
      reason: "could not read user group S0DEVS from Slack: ratelimited",
    });
  });

  it("works on a bare directory too (no cache)", async () => {
    const { dir } = setup();
    expect((await resolveGroups(dir, ["S0DEVS"], "U0DEV")).member).toBe(true);
    expect(await resolveGroups(dir, ["S0GONE"], "U0DEV")).toMatchObject({
      member: false,
      reason: "could not read user group S0GONE from Slack: no_such_subteam",
    });
  });

  it("groupsOf lists the user's groups among the given ones", async () => {
    const { cache } = setup();
    expect(await groupsOf(cache, ["S0ONCALL", "S0DEVS", "U0X", "S0ONCALL"], "U0ALICE")).toEqual({
      groups: ["S0ONCALL"],
      errors: {},
      notes: [],
    });
  });
});

describe("callerFor", () => {
  const policy = examplePolicy();

  it("reads only the groups the channel's binding names", async () => {
    expect(groupIdsFor(policy, "C0PRODOPS")).toEqual(["S0ONCALL"]);
    expect(groupIdsFor(policy, "C0STAGING")).toEqual(["S0ONCALL", "S0DEVS"]);
    expect(groupIdsFor(undefined, "C0PRODOPS")).toEqual([]);
    const { dir, cache } = setup();
    const { caller } = await callerFor(cache, policy, "C0PRODOPS", "U0ALICE");
    expect(caller).toEqual({ channel: "C0PRODOPS", user: "U0ALICE", userGroups: ["S0ONCALL"] });
    expect(dir.calls).toEqual(["S0ONCALL"]);
    expect(canRequest(policy, caller, "restart", prodApp()).allowed).toBe(true);
  });

  it("a group Slack cannot read ends in a denial that says so", async () => {
    const { dir, cache } = setup();
    dir.failWith = "ratelimited";
    const { caller } = await callerFor(cache, policy, "C0PRODOPS", "U0ALICE");
    expect(caller.groupErrors).toEqual({ S0ONCALL: "ratelimited" });
    expect(canRequest(policy, caller, "restart", prodApp())).toMatchObject({
      allowed: false,
      reason: expect.stringContaining("Could not read user group S0ONCALL from Slack: ratelimited."),
    });
  });

  it("no policy: no Slack calls at all", async () => {
    const { dir, cache } = setup();
    expect((await callerFor(cache, undefined, "C0ANY", "U0A")).caller.userGroups).toEqual([]);
    expect(dir.calls).toEqual([]);
  });
});

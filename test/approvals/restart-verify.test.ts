// propose → approve → execute → verify end to end over the simulator and a real SQLite store: a restart
// that fixes S1's leak (verified with figures) and one that cannot fix S7's slow database (next step).
import { afterEach, describe, expect, it } from "vitest";
import { approve } from "../../src/approvals/approve.ts";
import { execute } from "../../src/approvals/execute.ts";
import { propose } from "../../src/approvals/propose.ts";
import { verify } from "../../src/approvals/verify.ts";
import { MINUTE } from "../../src/sim/azure/fleet.ts";
import { DEV, LEAD, openWorld, simSleep, type World } from "./harness.ts";

let world: World | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

describe("restart, approved and verified", () => {
  it("S1: the restart resets the leak and verification reports recovery with figures", async () => {
    // 96 min into the leak: failing, and 4 min before the platform's own proactive recycle would reset it,
    // so only the bot's restart can explain a recovery seen in the next 2 minutes.
    world = await openWorld([["S1", { minutesIn: 96 }]]);
    const w = world;
    const deps = w.deps();
    const { snapshot, diagnosis } = await w.look("shop-api");
    expect(diagnosis.primary?.id).toBe("R08");
    const restart = diagnosis.mitigations.find((m) => m.kind === "restart");
    if (!restart) throw new Error("S1 proposes no restart");

    const p = await propose(deps, {
      actor: DEV,
      source: { kind: "mitigation", mitigation: restart },
      snapshot,
      diagnosis,
    });
    if (!p.ok) throw new Error(p.reason);
    expect(p.proposal).toMatchObject({
      action: "restart",
      source: "diagnosis",
      arm: { method: "POST", path: `${snapshot.app.id}/restart?softRestart=false&synchronous=false` },
      change: { before: { state: "Running", instances: 1 } },
      evidence: { rule: "R08" },
      requestedBy: "U_DEV",
      expiresAt: w.clock.now() + 15 * MINUTE,
    });
    expect(p.proposal.evidence?.items.length).toBeGreaterThan(0);
    expect(p.proposal.risks.join(" ")).toMatch(/in-flight requests/);
    expect(p.approval.state).toBe("pending");

    w.clock.advance(20_000);
    const a = await approve(deps, { approvalId: p.approval.id, actor: LEAD });
    expect(a).toMatchObject({ ok: true, approval: { state: "approved", approvedBy: "U_LEAD" } });

    const events = w.fleet.sites[0].timeline.length;
    const x = await execute(deps, p.approval.id);
    if (!x.ok) throw new Error(x.reason);
    expect(x.approval.state).toBe("succeeded");
    expect(x.write).toMatchObject({ correlationId: p.approval.correlationId, status: 200 });
    expect(w.count("sites.restart")).toBe(1);
    expect(w.fleet.sites[0].timeline.slice(events).map((e) => e.type)).toEqual(["restart"]);

    let polls = 0;
    const v = await verify(deps, p.approval.id, {
      durationMs: 5 * MINUTE,
      pollMs: MINUTE,
      clock: w.clock,
      sleep: simSleep(w.clock),
      onPoll: () => polls++,
    });
    if (!v.ok) throw new Error(v.reason);
    expect(v.outcome.recovered).toBe(true);
    expect(polls).toBe(2); // two good reads in a row end the watch early
    expect(v.outcome.before.errorRate).toBeGreaterThan(0.03);
    expect(v.outcome.after.errorRate).toBeLessThan(0.01);
    expect(v.outcome.summary).toMatch(/^5xx \d+(\.\d)?% → 0%, response time [\d.]+ s → 0\.\d s, 1\/1 instances ready$/);
    expect(v.outcome.next).toBeUndefined();

    const trail = await w.store.listAudit({ approvalId: p.approval.id, limit: 50 });
    expect(trail.map((e) => e.kind)).toEqual([
      "request",
      "approval",
      "execution",
      "arm-call",
      "result",
      "verification",
    ]);
    expect(trail.every((e) => e.correlationId === p.approval.correlationId)).toBe(true);
    expect(trail.find((e) => e.kind === "arm-call")?.detail).toMatchObject({
      correlationId: p.approval.correlationId,
      status: 200,
    });
  });

  it("S7: a restart does not fix a slow dependency; verification says so and suggests the next step", async () => {
    world = await openWorld([["S7", { minutesIn: 60 }]]);
    const w = world;
    const deps = w.deps();
    const { snapshot } = await w.look("inventory-api");
    const p = await propose(deps, {
      actor: DEV,
      source: { kind: "intent", intent: { verb: "restart", soft: false } },
      snapshot,
    });
    if (!p.ok) throw new Error(p.reason);
    expect(p.proposal.source).toBe("command");
    expect((await approve(deps, { approvalId: p.approval.id, actor: LEAD })).ok).toBe(true);
    expect((await execute(deps, p.approval.id)).ok).toBe(true);

    const polls: string[] = [];
    const v = await verify(deps, p.approval.id, {
      durationMs: 4 * MINUTE,
      pollMs: MINUTE,
      clock: w.clock,
      sleep: simSleep(w.clock),
      onPoll: (x) => polls.push(x.summary),
    });
    if (!v.ok) throw new Error(v.reason);
    expect(v.outcome.recovered).toBe(false);
    expect(polls).toHaveLength(4);
    expect(v.outcome.after.errorRate).toBeGreaterThan(0.03);
    expect(v.outcome.checks.find((c) => c.name === "responseTime")?.ok).toBe(false);
    expect(v.outcome.next).toMatch(/R11/);
    expect(v.outcome.next).not.toMatch(/^Restart/);
    const [entry] = await w.store.listAudit({ approvalId: p.approval.id, newestFirst: true, limit: 1 });
    expect(entry).toMatchObject({ kind: "verification", detail: { recovered: false, next: v.outcome.next } });
  });
});

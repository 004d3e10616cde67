// Contract cases for approvals: the state machine, races, expiry, the execution lease, and restarts.
// Called once per adapter; every case must hold on every engine.

import { expect, it } from "vitest";
import { EXECUTOR_LOST } from "../../src/store/approval-rules.ts";
import { ApprovalNotFoundError, IllegalTransitionError, type Store } from "../../src/store/store.ts";
import { approvalMother, type Opened, type TestClock } from "./harness.ts";

export interface Ctx {
  opened: Opened;
  clock: TestClock;
  store: Store;
}

export function approvalContract(ctx: () => Ctx): void {
  it("creates an approval and reads it back with every field", async () => {
    const { store, clock } = ctx();
    const input = approvalMother(clock, {
      target: { subscriptionId: "sub-9", resourceGroup: "rg-9", app: "api-9", slot: "staging", instance: "ab12" },
      params: { nested: { list: [1, "two", null, true] } },
    });
    const created = await store.createApproval(input);
    expect(created).toMatchObject({
      correlationId: input.correlationId,
      action: "restart",
      target: input.target,
      params: input.params,
      plan: input.plan,
      policy: input.policy,
      requestedBy: "U_DEV",
      requestedAt: clock.now(),
      channel: "C_OPS",
      messageTs: null,
      expiresAt: input.expiresAt,
      state: "pending",
      stateBy: "U_DEV",
      approvedBy: null,
      leaseOwner: null,
      result: null,
      version: 1,
    });
    expect(await store.getApproval(created.id)).toEqual(created);
    expect(await store.getApproval("no-such-id")).toBeUndefined();
    const bare = await store.createApproval(approvalMother(clock));
    expect(bare.target).toEqual({ subscriptionId: "sub-1", resourceGroup: "rg-shop", app: "shop-api" });
  });

  it("walks the happy path pending → approved → executing → succeeded", async () => {
    const { store, clock } = ctx();
    const a = await store.createApproval(approvalMother(clock));
    const approved = await store.transition(a.id, ["pending"], "approved", { user: "U_LEAD", at: clock.advance(1000) });
    expect(approved.ok && approved.approval).toMatchObject({ state: "approved", approvedBy: "U_LEAD", version: 2 });
    const claimed = await store.claimExecution(a.id, 30_000, "replica-a");
    expect(claimed.ok && claimed.approval).toMatchObject({
      state: "executing",
      leaseOwner: "replica-a",
      leaseUntil: clock.now() + 30_000,
    });
    const done = await store.finishExecution(a.id, {
      owner: "replica-a",
      state: "succeeded",
      result: { restarted: 2 },
    });
    expect(done.ok && done.approval).toMatchObject({
      state: "succeeded",
      result: { restarted: 2 },
      approvedBy: "U_LEAD",
    });
  });

  it("refuses transitions the state machine forbids, and a stale source state loses with the current row", async () => {
    const { store, clock } = ctx();
    const a = await store.createApproval(approvalMother(clock));
    const by = { user: "U_X", at: clock.now() };
    await expect(store.transition(a.id, ["pending"], "succeeded", by)).rejects.toThrow(IllegalTransitionError);
    await expect(store.transition(a.id, ["succeeded"], "pending", by)).rejects.toThrow(IllegalTransitionError);
    await expect(store.transition(a.id, ["expired"], "approved", by)).rejects.toThrow(IllegalTransitionError);
    await expect(store.transition(a.id, ["approved"], "executing", by)).rejects.toThrow(/claimExecution/);
    await expect(store.transition("missing", ["pending"], "approved", by)).rejects.toThrow(ApprovalNotFoundError);

    const rejectedAt = clock.advance(5000);
    const rej = await store.transition(
      a.id,
      ["pending"],
      "rejected",
      { user: "U_BOSS", at: rejectedAt },
      { reason: "not now" },
    );
    expect(rej.ok).toBe(true);
    const late = await store.transition(a.id, ["pending"], "approved", { user: "U_LEAD", at: clock.advance(10) });
    expect(late).toMatchObject({
      ok: false,
      current: { state: "rejected", stateBy: "U_BOSS", stateAt: rejectedAt, reason: "not now" },
    });
    expect((await store.claimExecution(a.id, 1000, "r")).ok).toBe(false);
  });

  it("lets exactly one of 100 concurrent Approve clicks win; the losers learn who won", async () => {
    const { store, clock } = ctx();
    const a = await store.createApproval(approvalMother(clock));
    const at = clock.advance(100);
    const results = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        store.transition(
          a.id,
          ["pending"],
          "approved",
          { user: `U${i}`, at },
          {
            audit: { kind: "approval", correlationId: a.correlationId, actor: `U${i}`, app: "shop-api", detail: {} },
          },
        ),
      ),
    );
    const winners = results.filter((r) => r.ok);
    expect(winners).toHaveLength(1);
    const winner = winners[0].ok ? winners[0].approval.approvedBy : undefined;
    for (const r of results) if (!r.ok) expect(r.current).toMatchObject({ state: "approved", approvedBy: winner });
    expect((await store.getApproval(a.id))?.version).toBe(2);
    const audit = await store.listAudit({ approvalId: a.id, limit: 200 });
    expect(audit.map((e) => [e.kind, e.actor])).toEqual([["approval", winner]]);
  });

  it("expires pending approvals past expiresAt, once, and audits it", async () => {
    const { store, clock } = ctx();
    const start = clock.now();
    const soon = await store.createApproval(approvalMother(clock, { expiresAt: start + 1000 }));
    const later = await store.createApproval(approvalMother(clock, { expiresAt: start + 5000 }));
    const approved = await store.createApproval(approvalMother(clock, { expiresAt: start + 1000 }));
    await store.transition(approved.id, ["pending"], "approved", { user: "U_LEAD", at: start + 10 });
    expect(await store.expireDue(start + 999)).toEqual([]);
    const expired = await store.expireDue(clock.advance(1000));
    expect(expired.map((a) => [a.id, a.state, a.stateBy])).toEqual([[soon.id, "expired", "system"]]);
    expect(await store.expireDue(clock.now())).toEqual([]);
    expect((await store.getApproval(later.id))?.state).toBe("pending");
    expect((await store.getApproval(approved.id))?.state).toBe("approved");
    const audit = await store.listAudit({ approvalId: soon.id, limit: 10 });
    expect(audit.map((e) => [e.kind, e.actor, e.correlationId])).toEqual([["expiry", "system", soon.correlationId]]);
  });

  it("makes a click after expiry lose even before the sweep ran", async () => {
    const { store, clock } = ctx();
    const a = await store.createApproval(approvalMother(clock, { expiresAt: clock.now() + 1000 }));
    const res = await store.transition(a.id, ["pending"], "approved", { user: "U_LEAD", at: clock.advance(1500) });
    expect(res).toMatchObject({ ok: false, current: { state: "expired", stateBy: "system", approvedBy: null } });
    expect(await store.expireDue(clock.now())).toEqual([]);
    const cancel = await store.transition(a.id, ["pending", "approved"], "cancelled", {
      user: "U_DEV",
      at: clock.now(),
    });
    expect(cancel.ok).toBe(false);
  });

  it("fails an execution whose lease lapsed with 'executor lost', and never hands it out again", async () => {
    const { store, clock } = ctx();
    const a = await store.createApproval(approvalMother(clock));
    await store.transition(a.id, ["pending"], "approved", { user: "U_LEAD", at: clock.now() });
    expect((await store.claimExecution(a.id, 30_000, "replica-a")).ok).toBe(true);
    expect((await store.claimExecution(a.id, 30_000, "replica-b")).ok).toBe(false);
    expect((await store.renewLease(a.id, "replica-b", 30_000)).ok).toBe(false);
    clock.advance(20_000);
    const renewed = await store.renewLease(a.id, "replica-a", 30_000);
    expect(renewed.ok && renewed.approval.leaseUntil).toBe(clock.now() + 30_000);
    expect(await store.failStaleExecutions(clock.advance(29_999))).toEqual([]);
    const lost = await store.failStaleExecutions(clock.advance(1));
    expect(lost.map((x) => [x.id, x.state, x.reason])).toEqual([[a.id, "failed", EXECUTOR_LOST]]);
    expect((await store.renewLease(a.id, "replica-a", 30_000)).ok).toBe(false);
    const late = await store.finishExecution(a.id, { owner: "replica-a", state: "succeeded", result: {} });
    expect(late).toMatchObject({ ok: false, current: { state: "failed", reason: EXECUTOR_LOST } });
    expect((await store.claimExecution(a.id, 30_000, "replica-a")).ok).toBe(false);
    expect(await store.failStaleExecutions(clock.advance(60_000))).toEqual([]);
    const kinds = (await store.listAudit({ approvalId: a.id, limit: 10 })).map((e) => e.kind);
    expect(kinds).toEqual(["executor-lost"]);
  });

  it("lets only the lease owner finish, and writes the audit entry with the result", async () => {
    const { store, clock } = ctx();
    const a = await store.createApproval(approvalMother(clock));
    await store.transition(a.id, ["pending"], "approved", { user: "U_LEAD", at: clock.now() });
    await store.claimExecution(a.id, 30_000, "replica-a", {
      kind: "execution",
      correlationId: a.correlationId,
      actor: "replica-a",
      detail: { step: "start" },
    });
    const audit = {
      kind: "result" as const,
      correlationId: a.correlationId,
      actor: "replica-b",
      detail: { ok: false },
    };
    const other = await store.finishExecution(a.id, { owner: "replica-b", state: "failed", result: {}, audit });
    expect(other.ok).toBe(false);
    const mine = await store.finishExecution(a.id, {
      owner: "replica-a",
      state: "failed",
      result: { error: "Conflict" },
      reason: "ARM answered 409",
      audit: { ...audit, actor: "replica-a" },
    });
    expect(mine.ok && mine.approval).toMatchObject({
      state: "failed",
      reason: "ARM answered 409",
      result: { error: "Conflict" },
    });
    const entries = await store.listAudit({ approvalId: a.id, limit: 10 });
    expect(entries.map((e) => [e.kind, e.actor])).toEqual([
      ["execution", "replica-a"],
      ["result", "replica-a"],
    ]);
  });

  it("keeps a pending approval approvable after a restart (store closed and reopened)", async () => {
    const { store: first, opened, clock } = ctx();
    const a = await first.createApproval(approvalMother(clock));
    await first.setMessageRef(a.id, "C_OPS", "1717311600.000100");
    await first.close();
    const second = await opened.open(clock.now);
    expect(await second.getApproval(a.id)).toMatchObject({ state: "pending", messageTs: "1717311600.000100" });
    const res = await second.transition(a.id, ["pending"], "approved", { user: "U_LEAD", at: clock.advance(60_000) });
    expect(res.ok).toBe(true);
  });

  it("lists approvals by state, app and channel, newest first, and sets the message reference", async () => {
    const { store, clock } = ctx();
    const a1 = await store.createApproval(approvalMother(clock));
    clock.advance(1);
    const a2 = await store.createApproval(approvalMother(clock, { channel: "C_OTHER" }));
    clock.advance(1);
    const target = { subscriptionId: "sub-1", resourceGroup: "rg-shop", app: "billing" };
    const a3 = await store.createApproval(approvalMother(clock, { target }));
    await store.transition(a2.id, ["pending"], "rejected", { user: "U_LEAD", at: clock.now() });
    const ids = (xs: { id: string }[]) => xs.map((x) => x.id);
    expect(ids(await store.listApprovals({ limit: 10 }))).toEqual([a3.id, a2.id, a1.id]);
    expect(ids(await store.listApprovals({ limit: 2 }))).toEqual([a3.id, a2.id]);
    expect(ids(await store.listApprovals({ state: "pending", limit: 10 }))).toEqual([a3.id, a1.id]);
    expect(ids(await store.listApprovals({ state: ["rejected", "expired"], limit: 10 }))).toEqual([a2.id]);
    expect(ids(await store.listApprovals({ app: "shop-api", limit: 10 }))).toEqual([a2.id, a1.id]);
    expect(ids(await store.listApprovals({ channel: "C_OTHER", limit: 10 }))).toEqual([a2.id]);
    expect(await store.listApprovals({ state: [], limit: 10 })).toEqual([]);
    const moved = await store.setMessageRef(a1.id, "C_NEW", "1.2");
    expect(moved).toMatchObject({ channel: "C_NEW", messageTs: "1.2", version: 2 });
    expect(await store.setMessageRef("missing", "C", "1")).toBeUndefined();
  });
}

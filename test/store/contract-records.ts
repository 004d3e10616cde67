// Contract cases for the audit log, digest subscriptions and run claims, and migrations.

import { expect, it } from "vitest";
import type { Ctx } from "./contract-approvals.ts";
import type { Site } from "./harness.ts";
import { subscriptionMother } from "./harness.ts";

export function recordsContract(ctx: () => Ctx & { site: Site }): void {
  it("appends audit entries in order and filters by app, approval, correlation id and time", async () => {
    const { store, clock } = ctx();
    const t0 = clock.now();
    const e1 = await store.appendAudit({
      kind: "request",
      correlationId: "c1",
      actor: "U_DEV",
      app: "shop-api",
      detail: { action: "restart" },
    });
    clock.advance(1000);
    const e2 = await store.appendAudit({
      kind: "refusal",
      correlationId: "c2",
      actor: "U_DEV",
      app: "billing",
      detail: { why: "policy" },
    });
    const e3 = await store.appendAudit({
      kind: "arm-call",
      correlationId: "c1",
      actor: "bot",
      app: "shop-api",
      approvalId: "a-1",
      detail: { method: "POST", status: 200 },
      at: t0 + 5000,
    });
    expect(e1).toMatchObject({ at: t0, kind: "request", approvalId: null, detail: { action: "restart" } });
    expect(e2.seq).toBeGreaterThan(e1.seq);
    expect(e3.seq).toBeGreaterThan(e2.seq);
    const seqs = (xs: { seq: number }[]) => xs.map((x) => x.seq);
    expect(await store.listAudit({ limit: 10 })).toEqual([e1, e2, e3]);
    expect(seqs(await store.listAudit({ limit: 10, newestFirst: true }))).toEqual([e3.seq, e2.seq, e1.seq]);
    expect(seqs(await store.listAudit({ app: "shop-api", limit: 10 }))).toEqual([e1.seq, e3.seq]);
    expect(seqs(await store.listAudit({ correlationId: "c1", limit: 1 }))).toEqual([e1.seq]);
    expect(seqs(await store.listAudit({ approvalId: "a-1", limit: 10 }))).toEqual([e3.seq]);
    expect(seqs(await store.listAudit({ sinceMs: t0 + 1000, limit: 10 }))).toEqual([e2.seq, e3.seq]);
    expect(Object.keys(store).concat(Object.getOwnPropertyNames(Object.getPrototypeOf(store)))).not.toContain(
      "deleteAudit",
    );
  });

  it("refuses UPDATE and DELETE on the audit table itself", async () => {
    const { store, site } = ctx();
    await store.appendAudit({ kind: "request", correlationId: "c1", actor: "U_DEV", detail: {} });
    await expect(site.raw("UPDATE audit_log SET actor = 'mallory'")).rejects.toThrow(/append-only/);
    await expect(site.raw("DELETE FROM audit_log")).rejects.toThrow(/append-only/);
    expect((await store.listAudit({ limit: 10 }))[0].actor).toBe("U_DEV");
  });

  it("creates, lists and deletes subscriptions, moving the version on every change", async () => {
    const { store, clock } = ctx();
    const v0 = await store.subscriptionsVersion();
    const s1 = await store.createSubscription(subscriptionMother());
    const v1 = await store.subscriptionsVersion();
    expect(v1).not.toBe(v0);
    expect(s1).toMatchObject({ ...subscriptionMother(), createdAt: clock.now() });
    clock.advance(1000);
    const s2 = await store.createSubscription(
      subscriptionMother({
        channel: "C_SRE",
        time: "07:30",
        timeZone: "America/New_York",
        days: "daily",
        scope: "all",
      }),
    );
    expect(await store.listSubscriptions()).toEqual([s1, s2]);
    const v2 = await store.subscriptionsVersion();
    expect(await store.deleteSubscription(s1.id, "C_SRE")).toBe(false);
    expect(await store.subscriptionsVersion()).toBe(v2);
    expect(await store.deleteSubscription(s1.id, "C_OPS")).toBe(true);
    expect(await store.deleteSubscription(s1.id, "C_OPS")).toBe(false);
    const v3 = await store.subscriptionsVersion();
    expect(new Set([v0, v1, v2, v3]).size).toBe(4);
    expect(await store.listSubscriptions()).toEqual([s2]);
  });

  it("rejects invalid subscriptions with every problem named", async () => {
    const { store } = ctx();
    const v = await store.subscriptionsVersion();
    await expect(
      store.createSubscription(subscriptionMother({ time: "24:00", timeZone: "Mars/Olympus" })),
    ).rejects.toThrow(/time "24:00".*time zone "Mars\/Olympus"/);
    expect(await store.subscriptionsVersion()).toBe(v);
    expect(await store.listSubscriptions()).toEqual([]);
  });

  it("claims a run once per subscription and local date, also across a restart", async () => {
    const { store, opened, clock } = ctx();
    const s = await store.createSubscription(subscriptionMother());
    const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => store.claimRun(s.id, "2025-06-02", `r${i}`)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const winner = `r${claims.indexOf(true)}`;
    expect(await store.claimRun(s.id, "2025-06-03", "r1")).toBe(true);
    expect(await store.claimRun("no-such-subscription", "2025-06-02", "r1")).toBe(false);
    await expect(store.claimRun(s.id, "2025-6-2", "r1")).rejects.toThrow(/YYYY-MM-DD/);
    expect(await store.listRuns({ subscriptionId: s.id, limit: 10 })).toEqual([
      expect.objectContaining({ subscriptionId: s.id, localDate: "2025-06-03", owner: "r1", claimedAt: clock.now() }),
      expect.objectContaining({ subscriptionId: s.id, localDate: "2025-06-02", owner: winner, claimedAt: clock.now() }),
    ]);
    expect((await store.listRuns({ sinceDate: "2025-06-03", limit: 10 })).map((r) => r.localDate)).toEqual([
      "2025-06-03",
    ]);
    await store.close();
    const again = await opened.open(clock.now);
    expect(await again.claimRun(s.id, "2025-06-02", "after-restart")).toBe(false);
    expect(await again.deleteSubscription(s.id, "C_OPS")).toBe(true);
    expect(await again.claimRun(s.id, "2025-06-04", "r1")).toBe(false);
    expect(await again.listRuns({ subscriptionId: s.id, limit: 10 })).toHaveLength(2);
  });

  it("a run claim is a lease: renewed by its owner, taken over once it lapses, never after it is done", async () => {
    const { store, opened, clock } = ctx();
    const s = await store.createSubscription(subscriptionMother());
    const day = "2025-06-02";
    expect(await store.claimRun(s.id, day, "a", 60_000)).toBe(true);
    expect(await store.getRun(s.id, day)).toMatchObject({
      owner: "a",
      leaseUntil: clock.now() + 60_000,
      takeovers: 0,
      doneAt: null,
      postedTs: null,
    });
    // While the lease is live nobody else gets it; the owner renews it.
    clock.advance(50_000);
    expect(await store.claimRun(s.id, day, "b", 60_000)).toBe(false);
    expect(await store.renewRun(s.id, day, "a", 60_000)).toBe(true);
    expect(await store.renewRun(s.id, day, "b", 60_000)).toBe(false);
    // The owner dies: after the lease lapses exactly one of many replicas takes it over.
    clock.advance(60_001);
    expect(await store.renewRun(s.id, day, "a", 60_000)).toBe(false);
    const takers = await Promise.all(["b", "c", "d", "e"].map((r) => store.claimRun(s.id, day, r, 60_000)));
    expect(takers.filter(Boolean)).toHaveLength(1);
    const taker = ["b", "c", "d", "e"][takers.indexOf(true)];
    expect(await store.getRun(s.id, day)).toMatchObject({ owner: taker, takeovers: 1 });
    // Only the owner records the outcome, once; a done run is never claimed again, even after a restart.
    expect(await store.markRunPosting(s.id, day, "a")).toBe(false);
    expect(await store.markRunPosting(s.id, day, taker)).toBe(true);
    expect(await store.finishRun(s.id, day, "a", "1.000100")).toBe(false);
    expect(await store.finishRun(s.id, day, taker, "1.000200")).toBe(true);
    expect(await store.finishRun(s.id, day, taker, "1.000300")).toBe(false);
    expect(await store.getRun(s.id, day)).toMatchObject({
      owner: taker,
      postedTs: "1.000200",
      doneAt: clock.now(),
      postingAt: clock.now(),
      leaseUntil: null,
    });
    clock.advance(3_600_000);
    expect(await store.claimRun(s.id, day, "f", 60_000)).toBe(false);
    await store.close();
    const again = await opened.open(clock.now);
    expect(await again.claimRun(s.id, day, "g", 60_000)).toBe(false);
    // Released by its owner (shutdown): another replica may take it over at once.
    expect(await again.claimRun(s.id, "2025-06-03", "h", 60_000)).toBe(true);
    expect(await again.releaseRun(s.id, "2025-06-03", "h")).toBe(true);
    expect(await again.claimRun(s.id, "2025-06-03", "i", 60_000)).toBe(true);
    expect(await again.getRun(s.id, "2025-06-03")).toMatchObject({ owner: "i", takeovers: 1 });
    expect(await again.getRun(s.id, "2025-06-09")).toBeUndefined();
  });

  it("applies migrations idempotently: migrate twice and reopen keep the data and one row per version", async () => {
    const { store, site, opened, clock } = ctx();
    const s = await store.createSubscription(subscriptionMother());
    await store.migrate();
    await store.migrate();
    await store.close();
    const again = await opened.open(clock.now);
    await again.migrate();
    expect((await again.listSubscriptions()).map((x) => x.id)).toEqual([s.id]);
    const rows = await site.raw("SELECT version, name FROM schema_migrations ORDER BY version");
    expect(rows.map((r) => [Number(r.version), r.name])).toEqual([
      [1, "init"],
      [2, "run-leases"],
      [3, "alerts"],
      [4, "verifications"],
      [5, "alert-leases"],
    ]);
  });
}

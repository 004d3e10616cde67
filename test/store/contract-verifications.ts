// Contract cases for verification leases: one verification per succeeded approval, exactly once across
// replicas (concurrent claims) and restarts (a reopened store), taken over once its owner's lease lapses.

import { expect, it } from "vitest";
import type { Store } from "../../src/store/store.ts";
import type { Ctx } from "./contract-approvals.ts";
import { approvalMother, type TestClock } from "./harness.ts";

async function succeeded(store: Store, clock: TestClock): Promise<string> {
  const a = await store.createApproval(approvalMother(clock));
  await store.transition(a.id, ["pending"], "approved", { user: "U_LEAD", at: clock.now() });
  await store.claimExecution(a.id, 30_000, "exec");
  await store.finishExecution(a.id, { owner: "exec", state: "succeeded", result: {} });
  return a.id;
}

export function verificationsContract(ctx: () => Ctx): void {
  it("a verification is claimed by one of many replicas, only for a succeeded approval", async () => {
    const { store, clock } = ctx();
    const pending = await store.createApproval(approvalMother(clock));
    expect(await store.claimVerification(pending.id, "a", 60_000)).toBeUndefined();
    expect(await store.claimVerification("no-such-approval", "a", 60_000)).toBeUndefined();
    const id = await succeeded(store, clock);
    const claims = await Promise.all(
      Array.from({ length: 12 }, (_, i) => store.claimVerification(id, `r${i}`, 60_000)),
    );
    const won = claims.filter((c) => c !== undefined);
    expect(won).toHaveLength(1);
    expect(won[0]).toEqual({
      approvalId: id,
      owner: won[0]?.owner,
      claimedAt: clock.now(),
      leaseUntil: clock.now() + 60_000,
      postingAt: null,
      postedTs: null,
      doneAt: null,
      takeovers: 0,
    });
    expect(await store.getVerification(id)).toEqual(won[0]);
    expect(await store.getVerification(pending.id)).toBeUndefined();
  });

  it("is a lease: renewed by its owner, taken over once it lapses, released at shutdown, never after it is done", async () => {
    const { store, opened, clock } = ctx();
    const id = await succeeded(store, clock);
    expect(await store.claimVerification(id, "a", 60_000)).toBeDefined();
    clock.advance(50_000);
    expect(await store.claimVerification(id, "b", 60_000)).toBeUndefined();
    expect(await store.renewVerification(id, "a", 60_000)).toBe(true);
    expect(await store.renewVerification(id, "b", 60_000)).toBe(false);
    // The owner dies during the watch: after the lapse exactly one replica takes it over.
    clock.advance(60_001);
    expect(await store.renewVerification(id, "a", 60_000)).toBe(false);
    const takers = await Promise.all(["b", "c", "d"].map((r) => store.claimVerification(id, r, 60_000)));
    const taken = takers.filter((t) => t !== undefined);
    expect(taken).toHaveLength(1);
    const taker = taken[0]?.owner ?? "";
    expect(taken[0]).toMatchObject({ takeovers: 1, claimedAt: clock.now() });
    // Released (shutdown): taken over at once, without waiting for the lapse.
    expect(await store.releaseVerification(id, "a")).toBe(false);
    expect(await store.releaseVerification(id, taker)).toBe(true);
    expect(await store.claimVerification(id, "e", 60_000)).toMatchObject({ owner: "e", takeovers: 2 });
    // Only the owner records posting and the outcome, once.
    expect(await store.markVerificationPosting(id, taker)).toBe(false);
    expect(await store.markVerificationPosting(id, "e")).toBe(true);
    expect(await store.finishVerification(id, taker, "1.000100")).toBe(false);
    expect(await store.finishVerification(id, "e", "1.000200")).toBe(true);
    expect(await store.finishVerification(id, "e", "1.000300")).toBe(false);
    expect(await store.getVerification(id)).toMatchObject({
      owner: "e",
      postedTs: "1.000200",
      postingAt: clock.now(),
      doneAt: clock.now(),
      leaseUntil: null,
    });
    // Done is done, also after a restart.
    clock.advance(3_600_000);
    expect(await store.claimVerification(id, "f", 60_000)).toBeUndefined();
    await store.close();
    const again = await opened.open(clock.now);
    expect(await again.claimVerification(id, "g", 60_000)).toBeUndefined();
  });
}

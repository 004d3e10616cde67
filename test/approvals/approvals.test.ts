// The approval rules around one proposal: who may approve, cancel, late clicks, expiry, a bot restart in
// between, and an Azure failure during execution. Real simulator, real SQLite store.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { approve, reject, SELF_APPROVAL } from "../../src/approvals/approve.ts";
import { stateMessage } from "../../src/approvals/audit.ts";
import { cancel } from "../../src/approvals/cancel.ts";
import type { ActionDeps } from "../../src/approvals/deps.ts";
import { execute } from "../../src/approvals/execute.ts";
import {
  OUTCOME_WAIT_MS,
  sweepExpired,
  sweepStale,
  sweepUnexecuted,
  UNEXECUTED_AFTER_MS,
} from "../../src/approvals/expiry-sweep.ts";
import { propose } from "../../src/approvals/propose.ts";
import type { AzureWriter } from "../../src/core/writer.ts";
import { MINUTE } from "../../src/sim/azure/fleet.ts";
import { DEV, LEAD, LEAD2, OUTSIDER, openWorld, TTL_MS, teamPolicy, type World } from "./harness.ts";

let w: World;
let deps: ActionDeps;

beforeAll(async () => {
  w = await openWorld([["healthy", { appName: "orders-api" }]]);
});
afterAll(async () => {
  await w?.close();
});
beforeEach(() => {
  w.sim.faults.clear();
  w.sim.requests.length = 0;
  deps = w.deps();
});

async function proposeRestart(d = deps) {
  const { snapshot } = await w.look("orders-api", 30);
  const p = await propose(d, {
    actor: DEV,
    source: { kind: "intent", intent: { verb: "restart", soft: false } },
    snapshot,
  });
  if (!p.ok) throw new Error(p.reason);
  w.sim.requests.length = 0;
  return p.approval;
}

const trail = async (id: string) => (await w.store.listAudit({ approvalId: id, limit: 50 })).map((e) => e.kind);

describe("approve", () => {
  it("refuses someone the policy does not allow, audits it, and changes nothing", async () => {
    const a = await proposeRestart();
    const r = await approve(deps, { approvalId: a.id, actor: OUTSIDER });
    expect(r).toMatchObject({ ok: false, reason: "<@U_GUEST> is not an approver for orders-api." });
    expect((await execute(deps, a.id)).ok).toBe(false);
    expect(w.count("sites.restart")).toBe(0);
    expect((await w.store.getApproval(a.id))?.state).toBe("pending");
    const [refusal] = await w.store.listAudit({ approvalId: a.id, newestFirst: true, limit: 1 });
    expect(refusal).toMatchObject({ kind: "refusal", actor: "U_GUEST", detail: { stage: "approve" } });
  });

  it("enforces requester ≠ approver even when the policy would allow it (two-person rule)", async () => {
    const lax = w.deps({ authorize: teamPolicy(["U_DEV", "U_LEAD"], { selfApproval: true }) });
    const a = await proposeRestart(lax);
    const r = await approve(lax, { approvalId: a.id, actor: DEV });
    expect(r).toMatchObject({ ok: false, reason: SELF_APPROVAL });
    expect((await w.store.getApproval(a.id))?.state).toBe("pending");
    // Where the binding turns the rule off, the requester may approve.
    const solo = w.deps({ authorize: lax.authorize, twoPersonRule: () => false });
    expect((await approve(solo, { approvalId: a.id, actor: DEV })).ok).toBe(true);
  });

  it("tells a second approver who already approved, and when", async () => {
    // The next hh:42:05 UTC from now, so the message's time is known.
    const hour = 60 * MINUTE;
    const base = Math.floor(w.clock.now() / hour) * hour + 42 * MINUTE + 5_000;
    w.clock.set(base > w.clock.now() ? base : base + hour);
    const hh = String(new Date(w.clock.now()).getUTCHours()).padStart(2, "0");
    const a = await proposeRestart();
    expect((await approve(deps, { approvalId: a.id, actor: LEAD })).ok).toBe(true);
    const late = await approve(deps, { approvalId: a.id, actor: LEAD2 });
    expect(late).toMatchObject({ ok: false, reason: `Already approved by <@U_LEAD> at ${hh}:42.` });
    expect(late.ok ? undefined : late.current?.approvedBy).toBe("U_LEAD");
  });

  it("lets an approver reject, after which nothing can approve or run it", async () => {
    const a = await proposeRestart();
    const r = await reject(deps, { approvalId: a.id, actor: LEAD, reason: "wait for the deploy" });
    expect(r).toMatchObject({ ok: true, approval: { state: "rejected", reason: "wait for the deploy" } });
    expect((await approve(deps, { approvalId: a.id, actor: LEAD2 })).ok).toBe(false);
    expect(await trail(a.id)).toEqual(["request", "rejection"]);
  });
});

describe("cancel", () => {
  it("lets the requester cancel; the approval and execution that follow do nothing", async () => {
    const a = await proposeRestart();
    const c = await cancel(deps, { approvalId: a.id, actor: DEV });
    expect(c).toMatchObject({ ok: true, approval: { state: "cancelled", stateBy: "U_DEV" } });
    const late = await approve(deps, { approvalId: a.id, actor: LEAD });
    expect(late).toMatchObject({ ok: false });
    expect(late.ok ? "" : late.reason).toMatch(/^Cancelled by <@U_DEV> at \d\d:\d\d\.$/);
    expect((await execute(deps, a.id)).ok).toBe(false);
    expect(w.count("sites.restart")).toBe(0);
    expect(await trail(a.id)).toEqual(["request", "cancellation"]);
  });

  it("lets an approver cancel an approved change before it runs, but not a bystander", async () => {
    const a = await proposeRestart();
    await approve(deps, { approvalId: a.id, actor: LEAD });
    const bystander = await cancel(deps, { approvalId: a.id, actor: OUTSIDER });
    expect(bystander).toMatchObject({ ok: false });
    expect(bystander.ok ? "" : bystander.reason).toMatch(/^Only the requester or an approver can cancel/);
    expect((await cancel(deps, { approvalId: a.id, actor: LEAD2 })).ok).toBe(true);
    expect((await execute(deps, a.id)).ok).toBe(false);
    expect(w.count("sites.restart")).toBe(0);
  });
});

describe("expiry", () => {
  it("expires a proposal approved too late, without any ARM write", async () => {
    const a = await proposeRestart();
    w.clock.advance(TTL_MS + 1);
    const r = await approve(deps, { approvalId: a.id, actor: LEAD });
    expect(r).toMatchObject({ ok: false, current: { state: "expired" } });
    expect(r.ok ? "" : r.reason).toMatch(/^Expired at \d\d:\d\d without approval/);
    expect((await execute(deps, a.id)).ok).toBe(false);
    expect(w.count("sites.restart")).toBe(0);
    expect(await trail(a.id)).toEqual(["request", "expiry"]);
  });

  it("sweeps due proposals and lapsed executions, returning what changed", async () => {
    const due = await proposeRestart();
    const running = await proposeRestart();
    await approve(deps, { approvalId: running.id, actor: LEAD });
    // An executor that claimed and then vanished (its process died mid-call).
    await w.store.claimExecution(running.id, 60_000, "replica-gone");
    w.clock.advance(TTL_MS + 1);
    const expired = await sweepExpired(deps, w.clock.now());
    expect(expired.map((a) => a.id)).toContain(due.id);
    expect(expired.map((a) => a.id)).not.toContain(running.id);
    // No Azure record of its call, long enough after it started (the TTL exceeds OUTCOME_WAIT_MS): not done.
    expect(TTL_MS).toBeGreaterThan(OUTCOME_WAIT_MS);
    const lost = await sweepStale(deps, w.clock.now());
    expect(lost).toMatchObject([{ id: running.id, state: "failed", reason: expect.stringMatching(/^not done: /) }]);
    expect(await sweepExpired(deps, w.clock.now())).toEqual([]);
  });

  it("cancels an approval that was never executed (bot stopped after the click) instead of running it late", async () => {
    const a = await proposeRestart();
    await approve(deps, { approvalId: a.id, actor: LEAD });
    w.clock.advance(UNEXECUTED_AFTER_MS - 1);
    // Approvals left "approved" by earlier tests in this file are swept too; this one is not old enough yet.
    expect((await sweepUnexecuted(deps, w.clock.now())).map((x) => x.id)).not.toContain(a.id);
    w.clock.advance(1);
    const swept = await sweepUnexecuted(deps, w.clock.now());
    expect(swept.find((x) => x.id === a.id)).toMatchObject({
      state: "cancelled",
      reason: expect.stringMatching(/^not executed/),
    });
    expect((await execute(deps, a.id)).ok).toBe(false);
    expect(w.count("sites.restart")).toBe(0);
    expect(await trail(a.id)).toEqual(["request", "approval", "cancellation"]);
  });
});

describe("a bot restart while a proposal is pending", () => {
  it("keeps it approvable and executable after the store is closed and reopened", async () => {
    const a = await proposeRestart();
    const store = await w.reopenStore();
    const after = w.deps();
    expect(after.store).toBe(store);
    expect((await store.getApproval(a.id))?.state).toBe("pending");
    expect((await approve(after, { approvalId: a.id, actor: LEAD })).ok).toBe(true);
    const x = await execute(after, a.id);
    expect(x).toMatchObject({ ok: true, approval: { state: "succeeded" } });
    expect(w.count("sites.restart")).toBe(1);
  });
});

describe("Azure fails during execution", () => {
  it.each([
    [500, "InternalServerError", /Azure failed webApps\.restart orders-api \(500/],
    [409, "Conflict", /Azure refused webApps\.restart orders-api \(409 Conflict\)/],
  ])("a %i is reported and audited, never retried", async (status, errorCode, message) => {
    const a = await proposeRestart();
    await approve(deps, { approvalId: a.id, actor: LEAD });
    w.sim.faults.add({ route: "sites.restart", status, errorCode });
    const x = await execute(deps, a.id);
    expect(x.ok).toBe(false);
    if (x.ok) return;
    expect(x.reason).toMatch(message);
    expect(x.approval).toMatchObject({ state: "failed" });
    expect(x.approval?.reason).toMatch(message);
    expect(x.error?.kind).toBe(status === 500 ? "unavailable" : "invalid");
    expect(w.count("sites.restart")).toBe(1);
    // A second attempt cannot run it again.
    expect((await execute(deps, a.id)).ok).toBe(false);
    expect(w.count("sites.restart")).toBe(1);
    const entries = await w.store.listAudit({ approvalId: a.id, limit: 50 });
    expect(entries.map((e) => e.kind)).toEqual(["request", "approval", "execution", "arm-call", "result"]);
    expect(entries[3].detail).toMatchObject({
      correlationId: a.correlationId,
      error: { message: expect.stringMatching(message) },
    });
    expect(entries[4].detail).toMatchObject({ state: "failed" });
  });
});

/** The real writer, with a hook that runs just before a restart goes out. */
function beforeRestart(inner: AzureWriter, hook: () => Promise<void>): AzureWriter {
  return {
    restart: async (app, o) => {
      await hook();
      return inner.restart(app, o);
    },
    start: (app, o) => inner.start(app, o),
    stop: (app, o) => inner.stop(app, o),
    rebootWorker: (plan, worker, o) => inner.rebootWorker(plan, worker, o),
    scalePlan: (plan, spec, o) => inner.scalePlan(plan, spec, o),
    updatePlanElastic: (plan, patch, o) => inner.updatePlanElastic(plan, patch, o),
    updateSiteConfig: (app, patch, o) => inner.updateSiteConfig(app, patch, o),
    updateAppSettings: (app, settings, o) => inner.updateAppSettings(app, settings, o),
    updateAutoscaleProfile: (id, c, o) => inner.updateAutoscaleProfile(id, c, o),
    memoryDump: (app, t, o) => inner.memoryDump(app, t, o),
  };
}

describe("an execution that outlives its lease", () => {
  it("is left to its executor while Azure has no record of the call yet; its result stands, never re-run", async () => {
    const a = await proposeRestart();
    await approve(deps, { approvalId: a.id, actor: LEAD });
    const slow = w.deps({
      leaseMs: 60_000,
      writer: beforeRestart(w.writer, async () => {
        w.clock.advance(61_000);
        await sweepStale(deps, w.clock.now());
      }),
    });
    const x = await execute(slow, a.id);
    // The sweep found no record yet and left it alone: the executor's own result stands.
    expect(x).toMatchObject({ ok: true, approval: { state: "succeeded" } });
    expect(w.count("sites.restart")).toBe(1);
    expect((await execute(deps, a.id)).ok).toBe(false);
    expect(w.count("sites.restart")).toBe(1);
    const entries = await w.store.listAudit({ approvalId: a.id, limit: 50 });
    expect(entries.map((e) => e.kind)).toEqual(["request", "approval", "execution", "arm-call", "result"]);
    expect(entries.at(-1)?.detail).toMatchObject({ state: "succeeded" });
  });
});

describe("propose", () => {
  it("refuses a request from a channel without changes enabled, and audits it", async () => {
    const { snapshot } = await w.look("orders-api", 30);
    const r = await propose(deps, {
      actor: { user: "U_DEV", channel: "C_RANDOM" },
      source: { kind: "intent", intent: { verb: "restart", soft: false } },
      snapshot,
    });
    expect(r).toEqual({ ok: false, reason: "Changes are not enabled in <#C_RANDOM>." });
    const [last] = await w.store.listAudit({ app: "orders-api", newestFirst: true, limit: 1 });
    expect(last).toMatchObject({ kind: "refusal", actor: "U_DEV", detail: { stage: "request", action: "restart" } });
  });

  it("expires after the binding's TTL", async () => {
    const { snapshot } = await w.look("orders-api", 30);
    const d = w.deps({ ttlMs: (channel) => (channel === DEV.channel ? 5 * MINUTE : 0) });
    const r = await propose(d, {
      actor: DEV,
      source: { kind: "intent", intent: { verb: "restart", soft: true } },
      snapshot,
    });
    expect(r.ok && r.approval.expiresAt - r.approval.requestedAt).toBe(5 * MINUTE);
  });
});

describe("an execution whose executor died: reconciled with Azure, never guessed (issue 13)", () => {
  async function died(opts: { sent: boolean }) {
    const a = await proposeRestart();
    await approve(deps, { approvalId: a.id, actor: LEAD });
    // The executor claimed the run, (maybe) sent the ARM call with the approval's correlation id, and died.
    await w.store.claimExecution(a.id, 60_000, "replica-gone");
    if (opts.sent) {
      const t = a.target;
      await w.writer.restart(
        { subscriptionId: t.subscriptionId, resourceGroup: t.resourceGroup, name: t.app },
        { soft: false, correlationId: a.correlationId },
      );
    }
    w.clock.advance(61_000);
    return a;
  }

  it("Azure did it: done, confirmed by the Activity Log entry with its correlation id; never run again", async () => {
    const a = await died({ sent: true });
    const settled = await sweepStale(deps, w.clock.now());
    expect(settled).toMatchObject([
      {
        id: a.id,
        state: "succeeded",
        reason: expect.stringMatching(/^done \(confirmed by the Activity Log at \d\d:\d\d:\d\d;/),
      },
    ]);
    expect(settled[0].result).toMatchObject({ reconciled: { by: "activityLog", correlationId: a.correlationId } });
    expect(stateMessage(settled[0])).toMatch(/^Already done at .*confirmed by the Activity Log/);
    expect(stateMessage(settled[0])).not.toMatch(/failed/);
    expect((await execute(deps, a.id)).ok).toBe(false);
    expect(w.count("sites.restart")).toBe(1);
    expect(w.count("activity.list")).toBeGreaterThanOrEqual(1);
  });

  it("the call never reached Azure: 'not done' once the Activity Log has had time, nothing re-run", async () => {
    const a = await died({ sent: false });
    expect(await sweepStale(deps, w.clock.now())).toEqual([]);
    expect((await w.store.getApproval(a.id))?.state).toBe("executing");
    w.clock.advance(OUTCOME_WAIT_MS);
    const [x] = await sweepStale(deps, w.clock.now());
    expect(x).toMatchObject({ id: a.id, state: "failed", result: { reconciled: { outcome: "notDone" } } });
    expect(x.reason).toMatch(/^not done: Azure has no record of it \(no Activity Log entry with correlation id/);
    expect(w.count("sites.restart")).toBe(0);
  });

  it("Azure cannot tell (the Activity Log is not readable): 'unknown — check …', never 'failed'", async () => {
    const a = await died({ sent: true });
    w.sim.faults.add({ route: "activity.list", status: 403 });
    expect(await sweepStale(deps, w.clock.now())).toEqual([]);
    w.clock.advance(OUTCOME_WAIT_MS);
    const [x] = await sweepStale(deps, w.clock.now());
    expect(x).toMatchObject({ id: a.id, result: { reconciled: { outcome: "unknown" } } });
    expect(x.reason).toMatch(/^unknown — check the Activity Log of orders-api for correlation id /);
    expect(stateMessage(x)).toMatch(/^Outcome unknown/);
    expect(stateMessage(x)).not.toMatch(/failed/);
  });
});

// Actions of the last 24 h from the audit log: grouped by correlation id, outcome and verification, and the
// restart-like ones counted as the app's user restarts.
import { describe, expect, it } from "vitest";
import { actionsFromAudit, userRestartEvents } from "../../src/digests/actions.ts";
import type { AuditEntry } from "../../src/store/store.ts";

let seq = 0;
const e = (over: Partial<AuditEntry> & Pick<AuditEntry, "kind" | "correlationId">): AuditEntry => ({
  seq: ++seq,
  at: 1_000 * seq,
  actor: "U_DEV",
  approvalId: "a1",
  app: "shop-api",
  detail: {},
  ...over,
});

describe("actionsFromAudit", () => {
  it("folds a request → approval → execution → result → verification chain into one action", () => {
    const list = actionsFromAudit([
      e({ kind: "request", correlationId: "c1", detail: { action: "restart" } }),
      e({ kind: "approval", correlationId: "c1", actor: "U_LEAD" }),
      e({ kind: "execution", correlationId: "c1", actor: "system" }),
      e({ kind: "result", correlationId: "c1", detail: { ok: true } }),
      e({ kind: "verification", correlationId: "c1", detail: { ok: true, summary: "5xx back to 0.1%" } }),
      e({ kind: "request", correlationId: "c2", app: "api-2", detail: { action: "scale-out" } }),
      e({ kind: "rejection", correlationId: "c2", actor: "U_LEAD", app: "api-2" }),
      e({ kind: "request", correlationId: "c3", app: "api-3", detail: { action: "restart" } }),
      e({ kind: "result", correlationId: "c3", app: "api-3", detail: { state: "failed" } }),
      e({ kind: "arm-call", correlationId: "c4", detail: { method: "POST" } }),
    ]);
    expect(list.map((a) => [a.correlationId, a.action, a.app, a.outcome])).toEqual([
      ["c3", "restart", "api-3", "failed"],
      ["c2", "scale-out", "api-2", "rejected"],
      ["c1", "restart", "shop-api", "succeeded"],
    ]);
    const c1 = list.find((a) => a.correlationId === "c1");
    expect(c1).toMatchObject({
      requestedBy: "U_DEV",
      approvedBy: "U_LEAD",
      verification: { ok: true, text: "5xx back to 0.1%" },
    });
    expect(list.find((a) => a.correlationId === "c3")?.verification).toBeUndefined();
  });

  it("an execution whose executor died reads as the sweep reconciled it from the Activity Log (issue 13)", () => {
    const lost = (c: string, detail: AuditEntry["detail"]) => [
      e({ kind: "request", correlationId: c, detail: { action: "restart" } }),
      e({ kind: "approval", correlationId: c, actor: "U_LEAD" }),
      e({ kind: "execution", correlationId: c, actor: "r1" }),
      e({ kind: "executor-lost", correlationId: c, actor: "system", detail }),
    ];
    const list = actionsFromAudit([
      ...lost("done", { state: "succeeded", reconciled: { by: "activityLog", outcome: "done" } }),
      ...lost("notDone", { state: "failed", reconciled: { by: "activityLog", outcome: "notDone" } }),
      ...lost("unknown", { state: "failed", reconciled: { by: "activityLog", outcome: "unknown" } }),
      // Before the reconcile: the store's own "executor lost".
      ...lost("old", { reason: "executor lost", leaseOwner: "r1" }),
    ]);
    expect(Object.fromEntries(list.map((a) => [a.correlationId, a.outcome]))).toEqual({
      done: "succeeded",
      notDone: "notDone",
      unknown: "unknown",
      old: "failed",
    });
  });

  it("counts executed restart-like actions as the app's user restarts", () => {
    const list = actionsFromAudit([
      e({ kind: "request", correlationId: "r1", detail: { action: "restart" } }),
      e({ kind: "result", correlationId: "r1", detail: { ok: true } }),
      e({ kind: "request", correlationId: "r2", detail: { action: "restart" } }),
      e({ kind: "expiry", correlationId: "r2" }),
      e({ kind: "request", correlationId: "r3", detail: { action: "scale-out" } }),
      e({ kind: "result", correlationId: "r3", detail: { ok: true } }),
      e({ kind: "request", correlationId: "r4", app: "other", detail: { action: "restart" } }),
      e({ kind: "result", correlationId: "r4", app: "other", detail: { ok: true } }),
    ]);
    const events = userRestartEvents(list, "SHOP-API");
    expect(events.map((x) => x.kind)).toEqual(["restart"]);
    expect(events[0].operation).toContain("appsvc-bot restart");
  });
});

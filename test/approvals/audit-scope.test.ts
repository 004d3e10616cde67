// Which audit entries a scoped channel sees: those of approvals on its apps, refusals that recorded a
// target in its scope, door refusals naming one of its apps; nothing whose app cannot be told.
import { describe, expect, it } from "vitest";
import { auditTargetKey, entriesIn } from "../../src/approvals/audit-scope.ts";
import type { Approval, AuditEntry } from "../../src/store/store.ts";

const target = (app: string, rg = "rg-a") => ({ subscriptionId: "sub-1", resourceGroup: rg, app });
const approvals = new Map<string, Partial<Approval>>([
  ["a1", { target: target("shop-api") }],
  ["a2", { target: target("shop-api", "rg-other") }],
]);
const store = { getApproval: async (id: string) => approvals.get(id) as Approval | undefined };
let seq = 0;
const entry = (o: Partial<AuditEntry>): AuditEntry => ({
  seq: ++seq,
  at: 0,
  kind: "request",
  correlationId: "c",
  actor: "U1",
  approvalId: null,
  app: null,
  detail: {},
  ...o,
});

describe("entriesIn", () => {
  it("keeps only what the channel's visible apps cover", async () => {
    const visible = new Set([auditTargetKey({ subscriptionId: "SUB-1", resourceGroup: "RG-A", name: "Shop-Api" })]);
    const rows = [
      entry({ approvalId: "a1", app: "shop-api" }),
      entry({ approvalId: "a2", app: "shop-api" }),
      entry({ kind: "refusal", app: "shop-api", detail: { target: target("shop-api") } }),
      entry({ kind: "refusal", app: "shop-api", detail: { target: target("shop-api", "rg-other") } }),
      entry({ kind: "refusal", app: "shop-api", detail: { stage: "door" } }),
      entry({ kind: "refusal", app: "orders-api", detail: { stage: "door" } }),
      entry({ approvalId: "gone", app: "shop-api" }),
      entry({}),
    ];
    const kept = await entriesIn(store, rows, visible);
    expect(kept.map((e) => e.seq)).toEqual([rows[0].seq, rows[2].seq, rows[4].seq]);
  });
});

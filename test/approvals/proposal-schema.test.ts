// A stored plan is executed only when it decodes as a proposal: tampered or foreign rows are refused.
import { describe, expect, it } from "vitest";
import { decodeProposal } from "../../src/approvals/proposal-schema.ts";
import type { Json } from "../../src/core/json.ts";

const site = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/shop-api";
const valid = {
  v: 1,
  action: "restart",
  title: "Restart shop-api",
  target: {
    app: {
      id: site,
      subscriptionId: "s",
      resourceGroup: "rg",
      name: "shop-api",
      location: "West Europe",
      region: "westeurope",
      kind: "app",
      planId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/serverfarms/p",
    },
    planName: "p",
    os: "windows",
  },
  operation: { op: "restart", soft: false },
  arm: { method: "POST", path: `${site}/restart?api-version=2024-11-01` },
  change: { before: { state: "Running" }, after: { state: "Running (restarted)" } },
  risks: ["drops requests"],
  evidence: {
    rule: "R08",
    why: "R08 memory",
    items: [
      {
        metric: "MemoryPercentage",
        aggregation: "Average",
        window: { start: 0, end: 1 },
        observed: 93.7,
        threshold: 90,
        comparison: ">=",
        source: "metrics",
      },
    ],
  },
  source: "command",
  requestedBy: "U1",
  requestedAt: 1,
  expiresAt: 2,
} satisfies Json;

describe("decodeProposal", () => {
  it("decodes a stored proposal", () => {
    expect(decodeProposal(valid)?.operation).toEqual({ op: "restart", soft: false });
  });

  it("refuses an unknown operation, an unknown kind, a missing target field or a foreign row", () => {
    expect(decodeProposal({ ...valid, operation: { op: "deleteSite" } })).toBeUndefined();
    expect(decodeProposal({ ...valid, action: "rm-rf" })).toBeUndefined();
    expect(decodeProposal({ ...valid, target: { ...valid.target, planName: 3 } })).toBeUndefined();
    expect(decodeProposal({ ...valid, v: 2 })).toBeUndefined();
    expect(decodeProposal({ ...valid, operation: { op: "scalePlan", capacity: -1 } })).toBeUndefined();
    expect(decodeProposal({ ...valid, evidence: { ...valid.evidence, rule: "R99" } })).toBeUndefined();
    expect(decodeProposal(null)).toBeUndefined();
    expect(decodeProposal(["restart"])).toBeUndefined();
  });
});

// The approval thread's lines: what Azure accepted keeps the names as they are (only the sentence's first
// letter is lowered), and the interim "doing" word exists for every action a proposal can carry.
import { describe, expect, it } from "vitest";
import type { Proposal } from "../../../src/approvals/proposal.ts";
import { doingWord, executionView } from "../../../src/slack/views/proposal.ts";
import { appRef } from "./fixtures.ts";

const proposal = (title: string): Proposal => ({
  v: 1,
  action: "autoscale-profile",
  title,
  target: { app: appRef(), planName: "ASP-Prod", os: "windows" },
  operation: {
    op: "autoscaleProfile",
    settingId: "/subscriptions/s/resourceGroups/rg/providers/microsoft.insights/autoscalesettings/AS-Prod",
    capacity: { profileName: "Default", minimum: 4, maximum: 6, default: 4 },
  },
  arm: {
    method: "PATCH",
    path: "/subscriptions/s/resourceGroups/rg/providers/microsoft.insights/autoscalesettings/AS-Prod",
  },
  change: { before: null, after: null },
  risks: [],
  source: "command",
  requestedBy: "U0ALICE",
  requestedAt: 0,
  expiresAt: 1,
});

describe("executionView", () => {
  it("lowers only the first letter of the title: profile and plan names keep their case", () => {
    const m = executionView(
      proposal("Raise the minimum of profile “Default” of autoscale setting AS-Prod to 4 instances"),
      {
        ok: true,
        correlationId: "c-1",
        verifyMs: 300_000,
      },
    );
    expect(m.text).toMatch(
      /^Azure accepted raise the minimum of profile “Default” of autoscale setting AS-Prod to 4 instances on /,
    );
    expect(m.text).toMatch(/Watching it for 5 min…$/);
  });
});

describe("doingWord", () => {
  it("names the autoscale profile change", () => {
    expect(doingWord("autoscale-profile")).toBe("changing the autoscale profile");
    expect(doingWord("something-new")).toBe("applying the change");
  });
});

// The change table: one name per kind, and every other vocabulary derived from it.
import { describe, expect, it } from "vitest";
import type { WriteOperation } from "../../src/approvals/proposal.ts";
import {
  CHANGE_KINDS,
  CHANGES,
  changeKindOf,
  changeOfStored,
  doingWordOf,
  POLICY_ACTIONS,
} from "../../src/core/changes.ts";
import { ACTION_LABELS, ACTIONS, toPolicyAction } from "../../src/policy/policy.ts";

describe("the change table", () => {
  it("stores each kind under its own name, and reads it back", () => {
    const stored = CHANGE_KINDS.map((k) => CHANGES[k].stored);
    expect(new Set(stored).size).toBe(stored.length);
    for (const k of CHANGE_KINDS) expect(changeOfStored(CHANGES[k].stored)).toBe(k);
  });

  it("every policy action is a kind of its own, and the policy's labels are the table's", () => {
    expect(ACTIONS).toBe(POLICY_ACTIONS);
    for (const a of ACTIONS) {
      expect(CHANGES[a].policy).toBe(a);
      expect(ACTION_LABELS[a]).toBe(CHANGES[a].label);
    }
    // Automatic scaling is how far a plan may scale out: granted with scaleOut.
    expect(CHANGES.automaticScaling.policy).toBe("scaleOut");
  });

  it("each executable kind names an AzureWriter operation", () => {
    const ops: Record<WriteOperation["op"], true> = {
      restart: true,
      start: true,
      stop: true,
      rebootWorker: true,
      scalePlan: true,
      planElastic: true,
      siteConfig: true,
      appSettings: true,
      autoscaleProfile: true,
      memoryDump: true,
    };
    for (const k of CHANGE_KINDS) {
      const op = CHANGES[k].operation;
      if (op !== null) expect(ops, k).toHaveProperty(op);
    }
  });

  it("any spelling of a kind finds it; the policy action follows", () => {
    expect(changeKindOf("scale-up")).toBe("scaleUp");
    expect(changeKindOf("Reboot worker")).toBe("rebootWorker");
    expect(toPolicyAction("automatic-scaling")).toBe("scaleOut");
    expect(toPolicyAction("autoheal")).toBe("autoHeal");
    expect(toPolicyAction("dance")).toBeUndefined();
    expect(doingWordOf("scale-out")).toBe("scaling out");
    expect(doingWordOf("unknown")).toBe("applying the change");
  });
});

import { describe, expect, it } from "vitest";
import { APPROVAL_STATES, assertTransitions, canTransition, isTerminal } from "../../src/store/approval-rules.ts";
import { IllegalTransitionError } from "../../src/store/store.ts";

describe("approval state machine", () => {
  it("allows exactly the documented edges", () => {
    const edges = APPROVAL_STATES.flatMap((f) =>
      APPROVAL_STATES.filter((t) => canTransition(f, t)).map((t) => `${f}→${t}`),
    );
    expect(edges).toEqual([
      "pending→approved",
      "pending→cancelled",
      "pending→expired",
      "pending→rejected",
      "approved→executing",
      "approved→cancelled",
      "executing→succeeded",
      "executing→failed",
    ]);
  });

  it("treats every state without an exit as terminal", () => {
    expect(APPROVAL_STATES.filter(isTerminal)).toEqual(["succeeded", "failed", "cancelled", "expired", "rejected"]);
  });

  it("rejects forbidden pairs, empty sources and entering executing without a lease", () => {
    expect(() => assertTransitions(["pending", "approved"], "cancelled")).not.toThrow();
    expect(() => assertTransitions(["pending", "succeeded"], "cancelled")).toThrow(IllegalTransitionError);
    expect(() => assertTransitions(["failed"], "pending")).toThrow("illegal approval transition failed → pending");
    expect(() => assertTransitions([], "approved")).toThrow(/at least one/);
    expect(() => assertTransitions(["approved"], "executing")).toThrow(/claimExecution/);
  });
});

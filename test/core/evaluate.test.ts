import { describe, expect, it } from "vitest";
import { buildContext } from "../../src/core/derived/context.ts";
import { diagnose } from "../../src/core/diagnose.ts";
import type { Confidence, RuleId, RuleResult } from "../../src/core/diagnosis.ts";
import { evaluateRules, rank } from "../../src/core/evaluate.ts";
import type { Rule } from "../../src/core/rules/rule.ts";
import { fixture, step } from "./rules/fixture.ts";
import { SCENARIOS } from "./scenario-mothers.ts";

const r = (id: RuleId, confidence: Confidence, extra: Partial<RuleResult> = {}): RuleResult => ({
  id,
  fired: true,
  confidence,
  title: id,
  evidence: [],
  ...extra,
});
const ids = (xs: RuleResult[]) => xs.map((x) => x.id);

describe("ranking (docs/rules.md#how-a-diagnosis-is-ranked)", () => {
  it("orders by confidence, then precedence P", () => {
    const out = rank([r("R11", "Medium"), r("R09", "High"), r("R13", "High"), r("R20", "Low")]);
    expect(out.primary?.id).toBe("R13");
    expect(ids(out.contributing)).toEqual(["R09", "R11"]);
  });

  it("reports one primary and at most two contributing factors", () => {
    const out = rank([r("R08", "High"), r("R09", "High"), r("R17", "High"), r("R12", "Medium")]);
    expect(out.primary?.id).toBe("R08");
    expect(out.contributing).toHaveLength(2);
  });

  it("always shows R15 when it fires, even past the two contributing factors", () => {
    const out = rank([r("R08", "High"), r("R09", "High"), r("R17", "High"), r("R15", "Low")]);
    expect(ids(out.contributing)).toEqual(["R09", "R17", "R15"]);
  });

  it("demotes R11 behind a specific rule that also fired, even at a higher confidence", () => {
    const out = rank([r("R11", "High"), r("R12", "Medium")]);
    expect(out.primary?.id).toBe("R12");
    expect(ids(out.contributing)).toEqual(["R11"]);
    expect(rank([r("R11", "Medium"), r("R15", "Low")]).primary?.id).toBe("R11");
  });

  it("keeps advisories (R19, and R14/R18 without an incident) out of the primary cause, and minor findings too", () => {
    const out = rank([r("R14", "Medium", { minor: true }), r("R19", "High"), r("R10", "High", { minor: true })]);
    expect(out.primary).toBeUndefined();
    expect(ids(out.advisories)).toEqual(["R19", "R14"]);
    expect(ids(out.contributing)).toEqual(["R10"]);
  });
});

describe("evaluation", () => {
  const fake = (over: Partial<Rule>): Rule => ({
    id: "R06",
    precedence: 3,
    title: "fake",
    kind: "incident",
    needsLogs: false,
    evaluate: () => r("R06", "High"),
    ...over,
  });

  it("caps a rule that needs logs at Low when no workspace is configured", () => {
    const ctx = buildContext(fixture());
    expect(evaluateRules(ctx, [fake({ needsLogs: true })]).byId.get("R06")?.confidence).toBe("Low");
    expect(evaluateRules(ctx, [fake({})]).byId.get("R06")?.confidence).toBe("High");
  });

  it("turns a rule that throws into 'not judged' instead of failing the diagnosis", () => {
    const out = evaluateRules(buildContext(fixture()), [
      fake({
        evaluate: () => {
          throw new Error("boom");
        },
      }),
    ]);
    expect(out.byId.get("R06")).toMatchObject({ fired: false, note: expect.stringContaining("boom") });
  });

  it("raises R15 to High when R05/R06/R07 explains what the change broke (S4)", () => {
    const d = diagnose(SCENARIOS.S4.build());
    expect(d.contributing.find((f) => f.id === "R15")?.confidence).toBe("High");
  });
});

describe("the no-incident path", () => {
  const quiet = () => fixture({ err: 0, metrics: { MemoryPercentage: step(95, 55) } });

  it("answers no incident and skips incident rules, but runs state and advisory rules", () => {
    const d = diagnose(quiet());
    expect(d.verdict).toBe("no-incident");
    expect(d.summary).toMatch(/^No 502\/503 incident detected in the last 3 h/);
    expect(d.ruleResults.find((x) => x.id === "R08")).toMatchObject({ fired: false, note: "no incident" });
    expect(d.ruleResults.find((x) => x.id === "R03")?.note).not.toBe("no incident");
  });

  it("on an explicit request evaluates every rule and labels findings minor", () => {
    const d = diagnose(quiet(), { explicit: true });
    expect(d.verdict).toBe("no-incident");
    expect(d.primary).toBeUndefined();
    expect(d.contributing[0]).toMatchObject({ id: "R08", minor: true, confidence: "Medium" });
  });

  it("still reports a stopped app as the primary cause", () => {
    const d = diagnose(fixture({ err: 0, site: { state: "Stopped" } }));
    expect(d).toMatchObject({ verdict: "stopped", primary: { id: "R03" } });
  });

  it("says insufficient-data when neither Requests nor Http5xx can be read", () => {
    const d = diagnose(fixture({ metrics: { Requests: null, Http5xx: null } }));
    expect(d.verdict).toBe("insufficient-data");
    expect(d.unknowns.join(" ")).toContain("Requests");
  });
});

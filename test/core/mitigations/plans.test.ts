import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { Mitigation } from "../../../src/core/diagnosis.ts";
import { isCompletePlan } from "../../../src/core/mitigations/plans.ts";
import { SCENARIOS } from "../scenario-mothers.ts";

const SITE = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a";
const good: Mitigation = {
  kind: "restart",
  write: true,
  title: "Restart",
  params: { target: "app" },
  why: "R08 …",
  change: { before: "Running", after: "Running (processes restarted)" },
  risk: "blip",
  armCall: `POST ${SITE}/restart?softRestart=false`,
  fromRule: "R08",
};

describe("complete plans", () => {
  it("accepts a write with call, change, risk and params; advice needs none", () => {
    expect(isCompletePlan(good)).toBe(true);
    expect(
      isCompletePlan({ kind: "investigate", write: false, title: "x", params: {}, why: "", risk: "", fromRule: "R11" }),
    ).toBe(true);
  });

  it("rejects a write missing any part, or carrying NaN or a malformed resource ID", () => {
    expect(isCompletePlan({ ...good, armCall: undefined })).toBe(false);
    expect(isCompletePlan({ ...good, change: undefined })).toBe(false);
    expect(isCompletePlan({ ...good, change: { before: 1, after: null } })).toBe(false);
    expect(isCompletePlan({ ...good, risk: "" })).toBe(false);
    expect(isCompletePlan({ ...good, params: {} })).toBe(false);
    expect(isCompletePlan({ ...good, params: { toCapacity: Number.NaN } })).toBe(false);
    expect(isCompletePlan({ ...good, armCall: "POST /restart" })).toBe(false);
    expect(isCompletePlan({ ...good, armCall: `POST ${SITE}/workers//reboot` })).toBe(false);
  });

  it("downgrades a write it cannot complete to advice (no resource ID in the snapshot)", () => {
    const s = SCENARIOS.S1.build();
    s.app.id = "";
    const d = diagnose(s);
    expect(d.mitigations.filter((m) => m.write)).toEqual(d.mitigations.filter((m) => m.write && isCompletePlan(m)));
    expect(d.mitigations.find((m) => m.title.startsWith("Restart the app"))?.write).toBe(false);
  });

  it("every write in S1–S8 is complete and names its rule", () => {
    for (const sc of Object.values(SCENARIOS))
      for (const m of diagnose(sc.build()).mitigations) {
        expect(isCompletePlan(m)).toBe(true);
        expect(m.why).toContain(m.fromRule);
      }
  });
});

// Synthetic S1–S8 (docs/scenarios.md): expected primary, minimum confidence, allowed contributing
// factors, the expected mitigation and the must-nots.
import { describe, expect, it } from "vitest";
import { diagnose } from "../../src/core/diagnose.ts";
import { CONFIDENCE_RANK, type Diagnosis, type Mitigation } from "../../src/core/diagnosis.ts";
import { SCENARIOS } from "./scenario-mothers.ts";

const fired = (d: Diagnosis) => d.ruleResults.filter((r) => r.fired).map((r) => r.id);
const kinds = (d: Diagnosis) => d.mitigations.map((m) => m.kind);
const setting = (d: Diagnosis, name: string) =>
  d.mitigations.find((m) => m.kind === "appSetting" && m.params.name === name);

describe.each(Object.entries(SCENARIOS))("%s", (_name, sc) => {
  const d = diagnose(sc.build());
  it(`has ${sc.expect.primary} as the primary cause at ${sc.expect.minConfidence} or higher`, () => {
    expect(d.verdict).toBe("incident");
    expect(d.primary?.id).toBe(sc.expect.primary);
    expect(CONFIDENCE_RANK[d.primary!.confidence]).toBeGreaterThanOrEqual(CONFIDENCE_RANK[sc.expect.minConfidence]);
  });
  it("reports only allowed contributing factors and respects the must-nots", () => {
    for (const c of d.contributing) expect(sc.expect.contributingAllowed).toContain(c.id);
    for (const id of sc.expect.mustNotFire) expect(fired(d)).not.toContain(id);
    expect(sc.expect.mustNotPrimary).not.toContain(d.primary?.id);
  });
  it("names its evidence and sources", () => {
    expect(d.evidence.length).toBeGreaterThan(0);
    for (const e of d.evidence) expect(e.source.length).toBeGreaterThan(0);
  });
});

describe("scenario mitigations", () => {
  it("S1: restart now, AH-MEM at 80 % of 1.75 GiB (1468006 KB), dump, scale up to P0v3 — never a scale out", () => {
    const d = diagnose(SCENARIOS.S1.build());
    expect(d.mitigations[0]).toMatchObject({ kind: "restart", params: { target: "app" } });
    const ah = d.mitigations.find((m) => m.kind === "autoHeal") as Mitigation;
    expect(ah.params).toMatchObject({
      preset: "AH-MEM",
      autoHealRules: {
        triggers: { privateBytesInKB: 1468006 },
        actions: { actionType: "Recycle", minProcessExecutionTime: "00:10:00" },
      },
    });
    expect(d.mitigations.some((m) => m.kind === "investigate" && m.params.topic === "memory-dump")).toBe(true);
    expect(d.mitigations.find((m) => m.kind === "scaleUp")?.params.toSku).toBe("P0v3");
    expect(kinds(d)).not.toContain("scaleOut");
    expect(d.ruleResults.find((r) => r.id === "R08")?.facts?.leak).toBe(true);
  });

  it("S2: scale out to 4 first, then an autoscale rule; no restart", () => {
    const d = diagnose(SCENARIOS.S2.build());
    expect(d.mitigations[0]).toMatchObject({ kind: "scaleOut", params: { fromCapacity: 2, toCapacity: 4 } });
    expect(d.mitigations[0].armCall).toMatch(/^PUT \/subscriptions\/.+\/serverfarms\/plan-checkout-web/);
    expect(d.mitigations[1]).toMatchObject({ kind: "investigate", params: { topic: "autoscale-rule" } });
    expect(kinds(d)).not.toContain("restart");
  });

  it("S3: WEBSITES_PORT=3000, nothing about the start time limit, no scaling", () => {
    const d = diagnose(SCENARIOS.S3.build());
    expect(d.mitigations[0]).toMatchObject({ kind: "appSetting", params: { name: "WEBSITES_PORT", value: "3000" } });
    expect(setting(d, "WEBSITES_CONTAINER_START_TIME_LIMIT")).toBeUndefined();
    expect(kinds(d)).not.toContain("scaleUp");
    expect(kinds(d)).not.toContain("scaleOut");
    expect(d.contributing.map((f) => f.id)).toContain("R15");
  });

  it("S4: WEBSITES_CONTAINER_START_TIME_LIMIT=480, no WEBSITES_PORT", () => {
    const d = diagnose(SCENARIOS.S4.build());
    expect(d.mitigations[0]).toMatchObject({
      kind: "appSetting",
      params: { name: "WEBSITES_CONTAINER_START_TIME_LIMIT", value: "480" },
    });
    expect(setting(d, "WEBSITES_PORT")).toBeUndefined();
  });

  it("S5: reboot RD0003 and enable health check; no scale up", () => {
    const d = diagnose(SCENARIOS.S5.build());
    expect(d.mitigations[0]).toMatchObject({ kind: "restart", params: { action: "rebootWorker", worker: "RD0003" } });
    expect(d.mitigations[0].armCall).toMatch(/\/workers\/RD0003\/reboot$/);
    expect(d.mitigations.find((m) => m.kind === "healthCheck")?.params).toMatchObject({
      path: "/health",
      WEBSITE_HEALTHCHECK_MAXPINGFAILURES: 2,
    });
    expect(kinds(d)).not.toContain("scaleUp");
    for (const c of d.contributing) expect(c.scope).toEqual({ instance: "RD0003" });
  });

  it("S6: connection reuse first, VNet/NAT, a temporary scale out to 3–4; no scale up", () => {
    const d = diagnose(SCENARIOS.S6.build());
    expect(d.mitigations[0].params.topic).toBe("connection-pooling");
    expect(d.mitigations[1].params.topic).toBe("vnet-nat");
    const out = d.mitigations.find((m) => m.kind === "scaleOut");
    expect([3, 4]).toContain(out?.params.toCapacity);
    expect(kinds(d)).not.toContain("scaleUp");
  });

  it("S7: check the dependency, AH-SLOW with count 250; R10 never above Low without logs", () => {
    const d = diagnose(SCENARIOS.S7.build());
    expect(d.mitigations[0].params.topic).toBe("dependency");
    const ah = d.mitigations.find((m) => m.kind === "autoHeal");
    expect(ah?.params.autoHealRules).toEqual({
      triggers: { slowRequests: { timeTaken: "00:01:00", count: 250, timeInterval: "00:05:00" } },
      actions: { actionType: "Recycle", minProcessExecutionTime: "00:10:00" },
    });
    const r10 = d.ruleResults.find((r) => r.id === "R10")!;
    expect(!r10.fired || r10.confidence === "Low").toBe(true);
    expect(kinds(d)).not.toContain("scaleUp");
  });

  it("S8: a background job for /api/reports/export; no scale, restart or auto-heal", () => {
    const d = diagnose(SCENARIOS.S8.build());
    expect(d.mitigations[0]).toMatchObject({ kind: "investigate", params: { topic: "background-job" } });
    expect(d.mitigations[0].title).toContain("/api/reports/export");
    for (const k of ["scaleUp", "scaleOut", "restart", "autoHeal"]) expect(kinds(d)).not.toContain(k);
  });
});

// Causes that explain other causes: the explaining rule is primary, the explained one is set aside with a
// reason and drives no mitigation.
import { describe, expect, it } from "vitest";
import { diagnose } from "../../src/core/diagnose.ts";
import type { Diagnosis } from "../../src/core/diagnosis.ts";
import { SUPERSESSIONS } from "../../src/core/supersession.ts";
import { fixture, step } from "./rules/fixture.ts";

const PLAN_BYTES = 8192 * 1024 * 1024; // P1v3
const fromRule = (d: Diagnosis, id: string) => d.mitigations.filter((m) => m.fromRule === id);

describe("supersession", () => {
  it("R18 over R08: the victim of a neighbour's memory is not restarted", () => {
    const s = fixture({
      plan: { numberOfSites: 3 },
      metrics: { MemoryPercentage: step(100, 55), MemoryWorkingSet: step(0.1 * PLAN_BYTES, 0.1 * PLAN_BYTES) },
    });
    const d = diagnose(s);
    expect(d.primary?.id).toBe("R18");
    expect(d.setAside).toContainEqual(expect.objectContaining({ id: "R08", by: "R18" }));
    expect(d.setAside?.find((x) => x.id === "R08")?.reason).toMatch(/another app/);
    expect(fromRule(d, "R08")).toEqual([]);
    expect(d.mitigations.filter((m) => m.kind === "restart")).toEqual([]);
  });

  it("R18 does not apply when this app is the heavy one (share above 30 %)", () => {
    const s = fixture({
      plan: { numberOfSites: 3 },
      metrics: { MemoryPercentage: step(100, 55), MemoryWorkingSet: step(0.9 * PLAN_BYTES, 0.2 * PLAN_BYTES) },
    });
    const d = diagnose(s);
    expect(d.primary?.id).not.toBe("R18");
    expect(d.setAside ?? []).toEqual([]);
  });

  it("R16 over R13 when the erring instance is new in the window: no reboot of a fresh worker", () => {
    const s = fixture({
      metrics: {
        Requests: (m, i) => (i === 1 && m < 60 ? null : 100),
        Http5xx: (m, i) => (i === 1 && m >= 60 && m < 70 ? 15 : 0),
      },
    });
    const d = diagnose(s);
    expect(d.primary?.id).toBe("R16");
    expect(d.setAside).toContainEqual(expect.objectContaining({ id: "R13", by: "R16" }));
    expect(d.mitigations.some((m) => m.params.action === "rebootWorker")).toBe(false);
  });

  it("R13 stays primary when the erring instance served before the incident", () => {
    const s = fixture({ metrics: { Http5xx: (m, i) => (i === 1 && m >= 60 && m < 90 ? 15 : 0) } });
    const d = diagnose(s);
    expect(d.primary?.id).toBe("R13");
    expect(d.setAside ?? []).toEqual([]);
  });

  it("R14 over R13: an instance the health check evicts is explained by the eviction", () => {
    const s = fixture({
      config: { healthCheckPath: "/health" },
      metrics: {
        HealthCheckStatus: (m, i) => (i === 1 && m >= 55 && m < 95 ? 0 : 100),
        Http5xx: (m, i) => (i === 1 && m >= 60 && m < 90 ? 15 : 0),
      },
    });
    const d = diagnose(s);
    expect(d.primary?.id).toBe("R14");
    expect(d.setAside).toContainEqual(expect.objectContaining({ id: "R13", by: "R14" }));
    expect(fromRule(d, "R13")).toEqual([]);
  });

  it("every explained rule and explaining rule is a real rule, and no rule explains itself", () => {
    for (const s of SUPERSESSIONS) {
      expect(s.over).not.toContain(s.by);
      expect(s.when.length).toBeGreaterThan(10);
    }
  });
});

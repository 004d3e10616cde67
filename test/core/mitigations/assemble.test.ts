import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import { emptyLogs } from "../mothers.ts";
import { fixture, step } from "../rules/fixture.ts";

/** Front-end timeouts on one path (R10 High) while requests also queue (R11). */
function timeoutsAndQueue() {
  const logs = emptyLogs();
  logs.slowFailures.push({ path: "/export", count: 600, p50Ms: 230_100, maxMs: 230_400 });
  logs.failuresByPath.push({ path: "/export", count: 600 });
  return fixture({ logs, metrics: { HttpResponseTime: step(8, 0.3), RequestsInApplicationQueue: step(30, 0) } });
}

describe("assembling mitigations", () => {
  it("lets the primary cause veto actions that would not help it (R10: no auto-heal, restart or scaling)", () => {
    const d = diagnose(timeoutsAndQueue());
    expect(d.primary?.id).toBe("R10");
    expect(d.contributing.map((f) => f.id)).toContain("R11");
    const kinds = d.mitigations.map((m) => m.kind);
    for (const k of ["autoHeal", "restart", "scaleOut", "scaleUp"]) expect(kinds).not.toContain(k);
    expect(d.mitigations.some((m) => m.fromRule === "R11" && m.kind === "investigate")).toBe(true);
  });

  it("orders the primary's plans first and drops duplicates (one reboot for R13 and a scoped R08)", () => {
    const s = fixture({
      capacity: 4,
      metrics: {
        Http5xx: (m, i) => (i === 2 && m >= 60 && m < 90 ? 40 : 0),
        MemoryPercentage: (m, i) => (i === 2 && m >= 60 && m < 90 ? 97 : 55),
      },
    });
    const d = diagnose(s);
    expect(d.primary?.id).toBe("R13");
    const reboots = d.mitigations.filter((m) => m.params.action === "rebootWorker");
    expect(reboots).toHaveLength(1);
    expect(d.mitigations[0].fromRule).toBe("R13");
  });
});

import { describe, expect, it } from "vitest";
import type { FixtureOpts } from "./fixture.ts";
import { fixture, judge, step } from "./fixture.ts";

const snat = (metrics: FixtureOpts["metrics"], o: FixtureOpts = {}) => fixture({ ...o, metrics: { ...metrics } });

describe("R12 SNAT / outbound exhaustion", () => {
  it("fires Medium on SocketOutboundAll > 2000 and ≥ 2× baseline (edges 2000 / 2001)", () => {
    expect(judge("R12", snat({ SocketOutboundAll: step(2000, 300) })).fired).toBe(false);
    expect(judge("R12", snat({ SocketOutboundAll: step(2001, 300) }))).toMatchObject({
      fired: true,
      confidence: "Medium",
    });
  });

  it("needs the rise: 2.9k over a 1.5k baseline is not 2×, 3k is", () => {
    expect(judge("R12", snat({ SocketOutboundAll: step(2999, 1500) })).fired).toBe(false);
    expect(judge("R12", snat({ SocketOutboundAll: step(3000, 1500) })).fired).toBe(true);
  });

  it("fires on TcpTimeWait > 300 rising", () => {
    expect(judge("R12", snat({ TcpTimeWait: step(300, 100) })).fired).toBe(false);
    expect(judge("R12", snat({ TcpTimeWait: step(301, 100) })).fired).toBe(true);
  });

  it("fires on AppConnections at 90 % of the SKU limit (P1v3: 1920 → 1728)", () => {
    expect(judge("R12", snat({ AppConnections: step(1727, 400) })).fired).toBe(false);
    expect(judge("R12", snat({ AppConnections: step(1728, 400) })).fired).toBe(true);
  });

  it("needs intermittent failures (< 50 %) and an idle CPU (< 60)", () => {
    expect(judge("R12", snat({ SocketOutboundAll: step(3000, 300) }, { err: 0.5 })).fired).toBe(false);
    expect(judge("R12", snat({ SocketOutboundAll: step(3000, 300) }, { err: 0.49 })).fired).toBe(true);
    expect(judge("R12", snat({ SocketOutboundAll: step(3000, 300), CpuPercentage: step(60, 35) })).fired).toBe(false);
  });

  it("is raised by the SNAT detector", () => {
    const s = fixture({
      metrics: { SocketOutboundAll: step(3000, 300) },
      detectors: [{ id: "SnatPortExhaustion", status: "Critical" }],
    });
    expect(judge("R12", s).confidence).toBe("High");
  });
});

import { describe, expect, it } from "vitest";
import { withoutConfig } from "../mothers.ts";
import { fixture, judge } from "./fixture.ts";

const hc = (value: (m: number, i: number) => number, o = {}) =>
  fixture({ config: { healthCheckPath: "/health" }, metrics: { HealthCheckStatus: value }, ...o });
const inc = (m: number) => m >= 60 && m < 90;

describe("R14 health check", () => {
  it("fires Medium when an instance is below 100 (edges 99.9 / 100)", () => {
    expect(
      judge(
        "R14",
        hc((m, i) => (i === 0 && inc(m) ? 100 : 100)),
      ).fired,
    ).toBe(false);
    expect(
      judge(
        "R14",
        hc((m, i) => (i === 0 && inc(m) ? 99.9 : 100)),
      ),
    ).toMatchObject({ fired: true, confidence: "Medium" });
  });

  it("without the site config: not checked (never 'no health check path'), even with unhealthy instances", () => {
    const r = judge("R14", withoutConfig(hc(() => 50)));
    expect(r).toMatchObject({ fired: false, note: "not checked: site config not read" });
  });

  it("needs a health check path", () => {
    const s = fixture({ metrics: { HealthCheckStatus: () => 50 } });
    expect(judge("R14", s).fired).toBe(false);
  });

  it("reads 'broken path' when every instance fails while the app serves (err5xx < 1 %), even without an incident", () => {
    const r = judge(
      "R14",
      hc(() => 0, { err: 0 }),
    );
    expect(r).toMatchObject({ fired: true, facts: { subcase: "broken path" } });
  });

  it("reads eviction when the healthy instances carry more than their share", () => {
    const s = hc((_m, i) => (i === 0 ? 50 : 100), {
      err: 0,
      capacity: 2,
      metrics: {
        HealthCheckStatus: (_m: number, i: number) => (i === 0 ? 50 : 100),
        Requests: (_m: number, i: number) => (i === 0 ? 20 : 180),
      },
    });
    expect(judge("R14", s).facts?.subcase).toBe("eviction concentrates load");
  });
});

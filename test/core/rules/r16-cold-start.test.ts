import { describe, expect, it } from "vitest";
import { buildContext } from "../../../src/core/derived/context.ts";
import { evaluateR16 } from "../../../src/core/rules/r16-cold-start.ts";
import type { ChangeEvent } from "../../../src/core/snapshot.ts";
import { T0, withoutConfig } from "../mothers.ts";
import { fixture, judge } from "./fixture.ts";

const restart: ChangeEvent = {
  at: T0 + 58 * 60_000,
  operation: "Microsoft.Web/sites/restart/action",
  kind: "restart",
  source: "activityLog",
};
const until = (to: number) => (m: number) => (m >= 60 && m < to ? 10 : 0);

describe("R16 cold start", () => {
  it("fires Low when every incident bucket starts within 10 min after a restart", () => {
    expect(judge("R16", fixture({ changes: [restart], metrics: { Http5xx: until(70) } }))).toMatchObject({
      fired: true,
      confidence: "Low",
    });
    // The bucket starting at minute 70 is 12 min after the restart: too late.
    expect(judge("R16", fixture({ changes: [restart], metrics: { Http5xx: until(75) } })).fired).toBe(false);
  });

  it("is Medium when the errors sit on a new instance, High once it explains R13's one bad instance", () => {
    const s = fixture({
      metrics: {
        Requests: (m, i) => (i === 1 && m < 60 ? null : 100),
        Http5xx: (m, i) => (i === 1 && m >= 60 && m < 70 ? 15 : 0),
      },
    });
    expect(judge("R16", s)).toMatchObject({ fired: true, confidence: "High" });
    expect(evaluateR16(buildContext(s))).toMatchObject({ fired: true, confidence: "Medium" });
  });

  it("without the site config: fires, but states neither Always On nor the health check", () => {
    const r = judge("R16", withoutConfig(fixture({ changes: [restart], metrics: { Http5xx: until(70) } })));
    expect(r.fired).toBe(true);
    expect(r.facts).toEqual({});
    const known = judge("R16", fixture({ changes: [restart], metrics: { Http5xx: until(70) } }));
    expect(known.facts).toEqual({ alwaysOn: true, healthCheck: false });
  });

  it("needs a trigger", () => {
    expect(judge("R16", fixture({ metrics: { Http5xx: until(70) } })).fired).toBe(false);
  });
});

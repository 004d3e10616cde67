import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import { T0 } from "../mothers.ts";
import { fixture, judge } from "./fixture.ts";

describe("R03 app stopped or disabled", () => {
  it("fires High when the site is stopped, with the stop event and 403s as evidence", () => {
    const s = fixture({
      err: 0,
      site: { state: "Stopped" },
      metrics: { Http403: () => 50 },
      changes: [
        { at: T0 + 30 * 60_000, operation: "Microsoft.Web/sites/stop/action", kind: "stop", source: "activityLog" },
      ],
    });
    const r = judge("R03", s);
    expect(r.fired).toBe(true);
    expect(r.confidence).toBe("High");
    expect(r.evidence.map((e) => e.metric)).toEqual(["site.state", "ActivityLog", "Http403"]);
  });

  it("fires when disabled (billing), not when running and enabled", () => {
    expect(judge("R03", fixture({ site: { enabled: false } })).facts?.billing).toBe(true);
    expect(judge("R03", fixture()).fired).toBe(false);
  });

  it("is the primary cause even with an incident, and the verdict is 'stopped' with a start plan", () => {
    const d = diagnose(fixture({ site: { state: "Stopped" } }));
    expect(d.verdict).toBe("stopped");
    expect(d.primary?.id).toBe("R03");
    expect(d.mitigations[0]).toMatchObject({ kind: "start", write: true });
    expect(d.mitigations[0].armCall).toMatch(/^POST \/subscriptions\/.+\/sites\/app\/start$/);
  });
});

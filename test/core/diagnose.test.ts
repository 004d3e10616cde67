// A diagnosis without the site config (status and diagnose go on when its read fails): it says what it did
// not check, and nothing it proposes states or assumes a config value it did not read (docs/faults.md).
import { describe, expect, it } from "vitest";
import { diagnose } from "../../src/core/diagnose.ts";
import type { Mitigation } from "../../src/core/diagnosis.ts";
import { CONFIG_UNREAD } from "../../src/core/mitigations/plans.ts";
import { withoutConfig } from "./mothers.ts";
import { SCENARIOS } from "./scenario-mothers.ts";

/** A write whose "before" is a value of the site config. */
const changesConfig = (m: Mitigation) =>
  m.kind === "autoHeal" ||
  m.kind === "healthCheck" ||
  m.kind === "siteConfig" ||
  (m.kind === "autoscaleProfile" && m.params.property === "minimumElasticInstanceCount");

describe("diagnose without the site config", () => {
  it.each(Object.keys(SCENARIOS))("%s: says what was not checked; no config value is stated or assumed", (name) => {
    const s = SCENARIOS[name].build();
    const d = diagnose(withoutConfig(s), { now: s.window.end, explicit: true });
    expect(d.unknowns.join("\n")).toContain("siteConfig: webApps.getConfiguration shop-api: throttled for 30 s");
    expect(d.unknowns.join("\n")).toContain("not checked without the site config: health check (R14)");
    expect(d.ruleResults.find((r) => r.id === "R14")).toMatchObject({
      fired: false,
      note: expect.stringMatching(/not checked/),
    });
    // Neither proposed on a guess: enabling a health check or Always On that may already be on.
    expect(d.mitigations.filter((m) => m.kind === "healthCheck")).toEqual([]);
    expect(d.mitigations.filter((m) => m.kind === "siteConfig" && m.params.property === "alwaysOn")).toEqual([]);
    for (const m of d.mitigations.filter(changesConfig)) expect(m.change?.before, m.title).toBe(CONFIG_UNREAD);
  });

  it("S1 (Windows leak): R08 still judged on the SKU memory, but no auto-heal trigger on a limit it cannot know", () => {
    const s = SCENARIOS.S1.build();
    const known = diagnose(s, { now: s.window.end });
    expect(known.mitigations.map((m) => m.kind)).toContain("autoHeal");
    const d = diagnose(withoutConfig(s), { now: s.window.end });
    expect(d.primary?.id).toBe("R08");
    expect(d.mitigations.map((m) => m.kind)).not.toContain("autoHeal");
    expect(d.unknowns.join("\n")).toContain("the 32-bit worker's 2 GiB limit (R08)");
  });
});

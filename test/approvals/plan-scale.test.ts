// autoscaleProfile (pure): the draft that raises the minimum of the autoscale profile in force.
import { describe, expect, it } from "vitest";
import { autoscaleProfile } from "../../src/approvals/plan-scale.ts";
import type { AutoscaleInfo } from "../../src/core/snapshot.ts";
import { snapshot } from "../core/mothers.ts";

const setting: AutoscaleInfo = {
  id: "/subscriptions/s/resourceGroups/rg/providers/microsoft.insights/autoscalesettings/as-shop",
  name: "as-shop",
  enabled: true,
  profileName: "Default",
  minimum: 2,
  maximum: 5,
  default: 2,
};

describe("autoscaleProfile", () => {
  it("raises the minimum, and the maximum and default with it when they are lower", () => {
    const r = autoscaleProfile(snapshot({ capacity: 2, autoscale: setting }), 8);
    if (!r.ok) throw new Error(r.reason);
    expect(r.draft.operation).toEqual({
      op: "autoscaleProfile",
      settingId: setting.id,
      capacity: { profileName: "Default", minimum: 8, maximum: 8, default: 8 },
    });
    expect(r.draft.risks.join(" ")).not.toMatch(/scheduled profile/);
  });

  it("warns when the profile in force is a scheduled one", () => {
    const r = autoscaleProfile(
      snapshot({ capacity: 2, autoscale: { ...setting, profileName: "Black Friday", scheduled: true } }),
      4,
    );
    if (!r.ok) throw new Error(r.reason);
    expect(r.draft.risks.join(" ")).toMatch(
      /“Black Friday” is a scheduled profile: when its schedule ends, the setting's other profile applies with its own minimum/,
    );
  });

  it("refuses a count at or below the minimum, beyond the SKU's ceiling, or not a whole number", () => {
    const s = snapshot({ capacity: 2, autoscale: setting });
    expect(autoscaleProfile(s, 2)).toMatchObject({ ok: false, reason: expect.stringMatching(/only raises/) });
    expect(autoscaleProfile(s, 500)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/allows at most \d+ instances/),
    });
    expect(autoscaleProfile(s, 2.5)).toMatchObject({ ok: false, reason: expect.stringMatching(/whole number/) });
  });
});

import { describe, expect, it } from "vitest";
import { FaultRegistry } from "../../../src/sim/azure/faults.ts";
import { nextWorkerName } from "../../../src/sim/azure/routes/plans.ts";
import { TokenBucket } from "../../../src/sim/azure/throttle.ts";

describe("TokenBucket", () => {
  it("spends the burst, then refills at the rate and says how long to wait", () => {
    let now = 0;
    const b = new TokenBucket(2, 3, () => now);
    expect([b.take(), b.take(), b.take()].map((r) => r.remaining)).toEqual([2, 1, 0]);
    expect(b.take()).toEqual({ ok: false, remaining: 0, retryAfterSeconds: 1 });
    now = 1000;
    expect(b.take()).toMatchObject({ ok: true, remaining: 1 });
  });
});

describe("FaultRegistry", () => {
  it("matches by route, method and scope, and counts down times", () => {
    const f = new FaultRegistry();
    f.add({
      route: /^sites\./,
      method: "POST",
      scope: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a",
      status: 403,
      times: 1,
    });
    expect(
      f.take("sites.restart", "POST", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/ab/restart"),
    ).toBeUndefined();
    expect(
      f.take("sites.get", "GET", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a"),
    ).toBeUndefined();
    expect(
      f.take("sites.restart", "post", "/subscriptions/S/resourcegroups/rg/providers/microsoft.web/sites/A/restart")
        ?.status,
    ).toBe(403);
    expect(
      f.take("sites.restart", "POST", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/a/restart"),
    ).toBeUndefined();
  });
});

describe("nextWorkerName", () => {
  it("follows Windows and Linux worker naming", () => {
    expect(nextWorkerName(["RD0001", "RD0002"])).toBe("RD0003");
    expect(nextWorkerName(["lw0sdlwk00003E", "lw0sdlwk00003F"])).toBe("lw0sdlwk000040");
    expect(nextWorkerName(["worker-a"])).toBe("worker-a-1");
  });
});

import { describe, expect, it } from "vitest";
import { TZ_FAILURE_TTL_MS, TZ_TTL_MS, UserTimeZones, validZone } from "../../src/slack/timezone.ts";

describe("UserTimeZones", () => {
  it("asks users.info once per user within the TTL", async () => {
    let now = 0;
    const asked: string[] = [];
    const zones = new UserTimeZones(
      async (u) => {
        asked.push(u);
        return u === "U1" ? "Europe/Berlin" : "Asia/Tokyo";
      },
      () => now,
    );
    expect(await zones.get("U1")).toBe("Europe/Berlin");
    expect(await zones.get("U1")).toBe("Europe/Berlin");
    expect(await zones.get("U2")).toBe("Asia/Tokyo");
    expect(asked).toEqual(["U1", "U2"]);
    now += TZ_TTL_MS;
    await zones.get("U1");
    expect(asked).toEqual(["U1", "U2", "U1"]);
  });

  it("an invalid zone or a failed lookup means UTC (undefined); a failure is retried sooner", async () => {
    let now = 0;
    let fail = true;
    let calls = 0;
    const zones = new UserTimeZones(
      async () => {
        calls++;
        if (fail) throw new Error("user_not_found");
        return "Not/AZone";
      },
      () => now,
    );
    expect(await zones.get("U1")).toBeUndefined();
    now += TZ_FAILURE_TTL_MS;
    fail = false;
    expect(await zones.get("U1")).toBeUndefined();
    expect(calls).toBe(2);
  });

  it("validZone accepts IANA names only", () => {
    expect(validZone("America/Los_Angeles")).toBe("America/Los_Angeles");
    expect(validZone("Mars/Olympus")).toBeUndefined();
    expect(validZone(42)).toBeUndefined();
    expect(validZone("")).toBeUndefined();
  });
});

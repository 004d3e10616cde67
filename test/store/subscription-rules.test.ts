import { describe, expect, it } from "vitest";
import { assertLocalDate, isValidTimeZone, subscriptionProblems } from "../../src/store/subscription-rules.ts";
import { subscriptionMother } from "./harness.ts";

describe("digest subscription rules", () => {
  it("accepts a valid subscription", () => {
    expect(subscriptionProblems(subscriptionMother())).toEqual([]);
    expect(subscriptionProblems(subscriptionMother({ time: "23:59", timeZone: "UTC", days: "daily" }))).toEqual([]);
  });

  it("names every problem at once", () => {
    const bad = subscriptionMother({
      channel: "",
      time: "9:00",
      timeZone: "Europe/Nowhere",
      days: "mondays" as "daily",
      createdBy: "",
    });
    expect(subscriptionProblems(bad)).toEqual([
      "channel is empty",
      'time "9:00" is not HH:MM (00:00–23:59)',
      'time zone "Europe/Nowhere" is not an IANA time zone',
      'days "mondays" is not weekdays or daily',
      "createdBy is empty",
    ]);
    expect(subscriptionProblems(subscriptionMother({ time: "24:00" }))).toHaveLength(1);
  });

  it("checks IANA zones and local dates", () => {
    expect(isValidTimeZone("America/New_York")).toBe(true);
    expect(isValidTimeZone("")).toBe(false);
    expect(() => assertLocalDate("2025-06-02")).not.toThrow();
    expect(() => assertLocalDate("2025-13-01")).toThrow(/YYYY-MM-DD/);
    expect(() => assertLocalDate("2025-06-02T00:00")).toThrow(/YYYY-MM-DD/);
  });
});

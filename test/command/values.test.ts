import { describe, expect, it } from "vitest";
import {
  durationMs,
  parseCount,
  parsePath,
  parseSku,
  parseStatusCodes,
  parseTimespan,
  parseWindow,
  windowLabel,
} from "../../src/command/values.ts";

const MIN = 60_000;

describe("parseWindow", () => {
  it.each([
    ["30m", 30 * MIN, "30m"],
    ["1h", 60 * MIN, "1h"],
    ["6h", 360 * MIN, "6h"],
    ["24h", 1440 * MIN, "1d"],
    ["3d", 3 * 1440 * MIN, "3d"],
    ["90m", 90 * MIN, "90m"],
    ["1h30m", 90 * MIN, "90m"],
    ["5m", 5 * MIN, "5m"],
    ["30d", 30 * 1440 * MIN, "30d"],
    ["2w", 14 * 1440 * MIN, "14d"],
    ["6H", 360 * MIN, "6h"],
    ["300s", 5 * MIN, "5m"],
    ["2hours", 120 * MIN, "2h"],
  ])("%s → %d ms (%s)", (text, ms, label) => {
    expect(parseWindow(text)).toEqual({ ok: true, value: { ms, label, defaulted: false } });
  });

  it("explains a window below 5 minutes", () => {
    const r = parseWindow("2m");
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.problem).toBe("The window “2m” is too short: the shortest is 5m (the bot reads 5-minute buckets).");
  });

  it("explains a window above 30 days", () => {
    const r = parseWindow("31d");
    if (r.ok) throw new Error("accepted 31d");
    expect(r.problem).toBe("The window “31d” is too long: the longest is 30d.");
  });

  it("asks for a unit when there is none, and suggests hours", () => {
    expect(parseWindow("6")).toEqual({
      ok: false,
      problem: "The window “6” has no unit: use m, h or d, e.g. 6h.",
      suggestions: ["6h"],
    });
  });

  it.each(["abc", "6x", "h6", "-1h", "1.5h", ""])("rejects %j", (text) => {
    const r = parseWindow(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/is not a window/);
  });

  it("rejects windows that are not whole minutes", () => {
    expect(parseWindow("301s").ok).toBe(false);
  });

  it("labels exactly", () => {
    expect(windowLabel(36 * 60 * MIN)).toBe("36h");
    expect(durationMs("1d1h")).toBe(25 * 60 * MIN);
    expect(durationMs("1y")).toBeUndefined();
  });
});

describe("parseCount", () => {
  it("accepts whole numbers in range", () => {
    expect(parseCount("3", 1, 30, "the instance count")).toEqual({ ok: true, value: 3 });
    expect(parseCount("30", 1, 30, "n")).toEqual({ ok: true, value: 30 });
  });

  it.each([
    ["zero", "“zero” is not a whole number (the instance count is 1–30)."],
    ["2.5", "“2.5” is not a whole number (the instance count is 1–30)."],
    ["0", "“0” is too small: the instance count must be at least 1."],
    ["-3", "“-3” is too small: the instance count must be at least 1."],
    ["31", "“31” is too large: the instance count can be at most 30."],
  ])("%s → %s", (text, problem) => {
    expect(parseCount(text, 1, 30, "the instance count")).toEqual({ ok: false, problem });
  });
});

describe("parseSku", () => {
  it.each([
    ["P1v3", "P1v3"],
    ["p1v3", "P1v3"],
    ["S1", "S1"],
    ["b2", "B2"],
    ["P1MV3", "P1mv3"],
    ["i2v2", "I2v2"],
    ["ep1", "EP1"],
    ["P0v4", "P0v4"],
  ])("%s → %s", (text, sku) => {
    expect(parseSku(text)).toEqual({ ok: true, value: sku });
  });

  it.each(["Q9", "P", "P1x3", "P10v3", "premium", "S1 ", "P1vv3"])("rejects %j", (text) => {
    const r = parseSku(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem).toMatch(/is not an App Service plan SKU \(e\.g\. S1, P1v3, P1mv3\)\.$/);
  });
});

describe("parsePath", () => {
  it("accepts URL paths", () => {
    expect(parsePath("/healthz")).toEqual({ ok: true, value: "/healthz" });
    expect(parsePath("/api/health?deep=1")).toEqual({ ok: true, value: "/api/health?deep=1" });
  });

  it("requires a leading slash", () => {
    expect(parsePath("healthz", "The health check path")).toEqual({
      ok: false,
      problem: "The health check path must start with “/” (got “healthz”), e.g. /healthz.",
    });
  });

  it("rejects characters a path cannot hold, and overlong paths", () => {
    expect(parsePath("/a<b>").ok).toBe(false);
    expect(parsePath(`/${"a".repeat(600)}`)).toEqual({
      ok: false,
      problem: "The path is too long: at most 512 characters.",
    });
  });
});

describe("parseTimespan", () => {
  it.each([
    ["00:01:00", "00:01:00"],
    ["1:00:00", "01:00:00"],
    ["30s", "00:00:30"],
    ["5m", "00:05:00"],
    ["90s", "00:01:30"],
    ["2h", "02:00:00"],
  ])("%s → %s", (text, ts) => {
    expect(parseTimespan(text, "--interval")).toEqual({ ok: true, value: ts });
  });

  it("rejects other shapes and zero", () => {
    expect(parseTimespan("00:60:00", "--interval")).toEqual({
      ok: false,
      problem: "--interval “00:60:00” is not a time span: use hh:mm:ss, e.g. 00:05:00.",
    });
    expect(parseTimespan("00:00:00", "--interval")).toEqual({
      ok: false,
      problem: "--interval must be more than 00:00:00 and less than 24:00:00.",
    });
    expect(parseTimespan("1d", "--interval").ok).toBe(false);
  });
});

describe("parseStatusCodes", () => {
  it("accepts a code or a range", () => {
    expect(parseStatusCodes("500-599")).toEqual({ ok: true, value: "500-599" });
    expect(parseStatusCodes("502")).toEqual({ ok: true, value: "502" });
  });

  it.each(["599-500", "600", "5xx", "50-59"])("rejects %s", (text) => {
    expect(parseStatusCodes(text).ok).toBe(false);
  });
});

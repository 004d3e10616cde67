import { describe, expect, it } from "vitest";
import { errorOf, intentOf, messageOf } from "./helpers.ts";

describe("digest subscribe", () => {
  it("leaves out the time, zone and days not typed (the feature resolves them), scope empty", () => {
    expect(intentOf("digest subscribe")).toEqual({ verb: "digest", action: "subscribe", scope: [] });
    expect(intentOf("digest subscribe 07:00")).toEqual({
      verb: "digest",
      action: "subscribe",
      time: "07:00",
      scope: [],
    });
    expect(intentOf("digest subscribe daily")).toEqual({
      verb: "digest",
      action: "subscribe",
      days: "daily",
      scope: [],
    });
  });

  it("reads time, zone, days and scope in any order", () => {
    const want = {
      verb: "digest",
      action: "subscribe",
      time: "08:30",
      timeZone: "Europe/Berlin",
      days: "daily",
      scope: [
        { kind: "resourceGroup", resourceGroup: "rg-shop" },
        { kind: "app", app: { kind: "name", name: "cart" } },
      ],
    };
    expect(intentOf("digest subscribe 08:30 Europe/Berlin daily rg:rg-shop cart")).toEqual(want);
    expect(intentOf("digest subscribe rg:rg-shop daily europe/berlin 8:30 cart")).toEqual(want);
  });

  it("reads 12-hour times and UTC", () => {
    expect(intentOf("digest subscribe 7am UTC")).toMatchObject({ time: "07:00", timeZone: "UTC" });
    expect(intentOf("digest subscribe 12am")).toMatchObject({ time: "00:00" });
    expect(intentOf("digest subscribe 6:15PM")).toMatchObject({ time: "18:15" });
  });

  it("reads every scope form", () => {
    expect(intentOf("digest subscribe all")).toMatchObject({ scope: [{ kind: "all" }] });
    expect(intentOf("digest subscribe sub:0000-1 tag:env=prod tag:critical rg-a/app-b")).toMatchObject({
      scope: [
        { kind: "subscription", subscriptionId: "0000-1" },
        { kind: "tag", key: "env", value: "prod" },
        { kind: "tag", key: "critical" },
        { kind: "app", app: { kind: "rgName", resourceGroup: "rg-a", name: "app-b" } },
      ],
    });
  });

  it.each([
    ["digest subscribe 25:00", "“25:00” is not a time of day: use HH:MM, 00:00–23:59."],
    ["digest subscribe 13pm", "“13pm” is not a time: use 1–12 with am/pm."],
    ["digest subscribe 09:00 10:00", "digest subscribe takes one time."],
    ["digest subscribe daily weekdays", "digest subscribe takes one of weekdays or daily."],
    ["digest subscribe UTC Europe/Paris", "digest subscribe takes one time zone."],
    ["digest subscribe all cart", "The scope “all” already covers everything: give it alone."],
    ["digest subscribe rg:bad.", "“bad.” is not a resource group name."],
    ["digest subscribe sub:a_b", "“a_b” is not a subscription ID."],
    ["digest subscribe tag:=x", "“tag:=x” is not a tag: use tag:key or tag:key=value."],
    [
      "digest subscribe <!channel>",
      "“&lt;!channel&gt;” is a Slack mention, not an app: use a name (shop-api), rg/name or a resource ID.",
    ],
  ])("%s → %s", (text, message) => {
    expect(messageOf(text, "digest")).toBe(message);
  });

  it("suggests the closest time zone", () => {
    const e = errorOf("digest subscribe Europe/Berln");
    expect(e.message).toBe("Unknown time zone “Europe/Berln”. Did you mean Europe/Berlin?");
    expect(e.suggestions).toEqual(["Europe/Berlin"]);
  });
});

describe("digest list, unsubscribe, now", () => {
  it("parses each action", () => {
    expect(intentOf("digest list")).toEqual({ verb: "digest", action: "list" });
    expect(intentOf("digest unsubscribe ds_42")).toEqual({ verb: "digest", action: "unsubscribe", id: "ds_42" });
    expect(intentOf("digest now")).toEqual({ verb: "digest", action: "now", scope: [] });
    expect(intentOf("digest now rg:rg-shop")).toEqual({
      verb: "digest",
      action: "now",
      scope: [{ kind: "resourceGroup", resourceGroup: "rg-shop" }],
    });
  });

  it.each([
    ["digest", "digest needs an action: subscribe, list, unsubscribe, now."],
    ["digest subsribe", "Unknown action “subsribe” for digest. Did you mean subscribe?"],
    ["digest list x", "digest takes nothing after list; unexpected “x”."],
    ["digest unsubscribe", "digest unsubscribe needs the subscription ID (see digest list)."],
    ["digest unsubscribe a b", "digest takes one subscription ID after unsubscribe; unexpected “b”."],
    ["digest unsubscribe a/b", "“a/b” is not a subscription ID."],
    ["digest list --json", "digest takes no options (got “--json”)."],
  ])("%s → %s", (text, message) => {
    expect(messageOf(text, "digest")).toBe(message);
  });
});

describe("audit", () => {
  it("defaults to 7 days, not JSON, every app", () => {
    expect(intentOf("audit")).toEqual({ verb: "audit", days: 7, json: false });
  });

  it("takes an app, --days and --json", () => {
    expect(intentOf("audit shop-api --days 3 --json")).toEqual({
      verb: "audit",
      app: { kind: "name", name: "shop-api" },
      days: 3,
      json: true,
    });
  });

  it.each([
    ["audit --days 0", "“0” is too small: --days must be at least 1."],
    ["audit --days 91", "“91” is too large: --days can be at most 90."],
    ["audit --days week", "“week” is not a whole number (--days is 1–90)."],
    ["audit a b", "audit takes at most one app; unexpected “b”."],
    ["audit --jsn", "Unknown option “--jsn” for audit. Did you mean --json?"],
  ])("%s → %s", (text, message) => {
    expect(messageOf(text, "audit")).toBe(message);
  });
});

// The common alert schema parser against Azure's own samples (test/fixtures/alerts) and bad input.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { appTargetOf, isoDurationMs, parseCommonAlert } from "../../src/alerts/schema.ts";

const fixture = (f: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, "../fixtures/alerts", f), "utf8"));

function parse(f: string) {
  const r = parseCommonAlert(fixture(f));
  if (!r.ok) throw new Error(r.reason);
  return r.alert;
}

describe("Azure's sample payloads", () => {
  it("metric, static threshold (the documented full sample: a resolved VM alert)", () => {
    const a = parse("metric-static.json");
    expect(a).toMatchObject({
      rule: "WCUS-R2-Gen2",
      severity: 3,
      kind: "metric",
      monitorCondition: "Resolved",
      targetName: "wcus-r2-gen2",
      firedAt: Date.parse("2019-03-22T13:58:24.3713213Z"),
      resolvedAt: Date.parse("2019-03-22T14:03:16.2246313Z"),
      window: { start: Date.parse("2019-03-22T13:40:03.064Z"), end: Date.parse("2019-03-22T13:45:03.064Z") },
    });
    expect(a.conditions).toEqual([
      {
        metric: "Percentage CPU",
        operator: "GreaterThan",
        threshold: "25",
        observed: 31.1105,
        aggregation: "Average",
        windowSize: "PT5M",
        dynamic: false,
      },
    ]);
    expect(a.notification).toBe("Resolved 2019-03-22T13:58:24.3713213Z 2019-03-22T14:03:16.2246313Z");
    expect(appTargetOf(a)).toBeUndefined();
  });

  it("metric, dynamic threshold", () => {
    const a = parse("metric-dynamic.json");
    expect(a.conditions[0]).toMatchObject({ metric: "Egress", threshold: "47658", observed: 50101, dynamic: true });
    expect(a.notification).toBe("Fired 2019-03-22T13:58:24.3713213Z");
  });

  it("log search v2: the query is the metric, its failing periods are not a dynamic threshold", () => {
    const a = parse("log-search-v2.json");
    expect(a.kind).toBe("log");
    expect(a.conditions[0]).toMatchObject({
      metric: "Heartbeat",
      operator: "LowerThan",
      threshold: "1",
      observed: 0,
      dynamic: false,
      windowSize: "PT10M",
    });
  });

  it("activity log, Resource Health and Service Health carry an event", () => {
    expect(parse("activity-log.json")).toMatchObject({
      kind: "activity",
      severity: 4,
      event: {
        title: "Microsoft.Compute/virtualMachines/restart/action",
        status: "Succeeded",
        detail: "user@contoso.com",
      },
    });
    expect(parse("resource-health.json")).toMatchObject({
      kind: "resourceHealth",
      event: { status: "Available → Unavailable", detail: "Downtime, UserInitiated" },
    });
    // ServiceHealth sends channels, eventSource and level as numbers: tolerated.
    expect(parse("service-health.json")).toMatchObject({
      kind: "serviceHealth",
      event: {
        title: "Azure Synapse Analytics Scheduled Maintenance Pending",
        detail: "Azure Synapse Analytics · East US · Maintenance · Planned",
      },
    });
  });
});

describe("refusals say what was wrong", () => {
  const base = () => fixture("metric-dynamic.json") as { data: { essentials: Record<string, unknown> } };
  it.each([
    [[], /not a JSON object/],
    [{ schemaId: "Microsoft.Insights/activityLogs", data: {} }, /enable the common alert schema/],
    [{ schemaId: "azureMonitorCommonAlertSchema" }, /essentials is missing/],
  ])("%j", (body, reason) => {
    const r = parseCommonAlert(body);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
  it("no alertId, a bad monitorCondition or no firedDateTime", () => {
    for (const [k, v, reason] of [
      ["alertId", "", /alertId is missing/],
      ["monitorCondition", "Activated", /Fired or Resolved/],
      ["firedDateTime", "yesterday", /firedDateTime/],
    ] as const) {
      const b = base();
      b.data.essentials[k] = v;
      const r = parseCommonAlert(b);
      expect(r.ok ? "" : r.reason).toMatch(reason);
    }
  });
  it("severity defaults to Sev4 when absent (budget alerts send null)", () => {
    const b = base();
    b.data.essentials.severity = null;
    const r = parseCommonAlert(b);
    expect(r.ok && r.alert.severity).toBe(4);
  });
});

describe("helpers", () => {
  it("reads ISO 8601 durations", () => {
    expect(isoDurationMs("PT5M")).toBe(300_000);
    expect(isoDurationMs("PT1H30M")).toBe(5_400_000);
    expect(isoDurationMs("P1D")).toBe(86_400_000);
    expect(isoDurationMs("PT")).toBeUndefined();
    expect(isoDurationMs("5m")).toBeUndefined();
  });
  it("finds the App Service target, site or slot, in any casing", () => {
    const r = parseCommonAlert({
      schemaId: "azureMonitorCommonAlertSchema",
      data: {
        essentials: {
          alertId: "a",
          monitorCondition: "Fired",
          firedDateTime: "2026-11-24T10:00:00Z",
          alertTargetIDs: [
            "/subscriptions/s/resourcegroups/rg/providers/microsoft.insights/components/x",
            "/subscriptions/s/resourcegroups/rg/providers/microsoft.web/sites/shop/slots/staging",
          ],
        },
      },
    });
    expect(r.ok && appTargetOf(r.alert)).toBe(
      "/subscriptions/s/resourcegroups/rg/providers/microsoft.web/sites/shop/slots/staging",
    );
  });
});

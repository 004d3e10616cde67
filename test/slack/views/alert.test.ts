// The alert thread's views: Block Kit limits, escaping of what Azure and rule authors wrote, resolution.
import { describe, expect, it } from "vitest";
import type { Alert } from "../../../src/alerts/schema.ts";
import { newState, withFired, withResolved } from "../../../src/alerts/threads.ts";
import { alertRecapView, alertStormView, alertThreadView } from "../../../src/slack/views/alert.ts";
import { expectWithinLimits } from "./checks.ts";

const T = Date.UTC(2026, 10, 24, 10);
const APP = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/shop-api";
const alert = (id: string, o: Partial<Alert> = {}): Alert => ({
  alertId: `/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/${id}`,
  rule: "http5xx <b>&</b> @channel",
  severity: 1,
  signalType: "Metric",
  kind: "metric",
  monitoringService: "Platform",
  monitorCondition: "Fired",
  notification: "n",
  targetIds: [APP],
  firedAt: T,
  description: "",
  conditions: [
    {
      metric: "Http5xx",
      operator: "GreaterThan",
      threshold: "10",
      observed: 42,
      aggregation: "Total",
      windowSize: "PT5M",
      dynamic: false,
    },
  ],
  ...o,
});
const base = { threadId: "0aa09009-9942-49eb-9cf1-d79af8996d60", portalBase: "https://portal.azure.com" };

describe("alertThreadView", () => {
  it("fired: severity, app, rule, condition, links, buttons; rule text escaped", () => {
    const m = alertThreadView({
      ...base,
      state: withFired(newState("shop-api", APP), alert("a"), T),
      resolvedAt: null,
    });
    expectWithinLimits(m);
    const json = JSON.stringify(m.blocks);
    expect(json).toContain("Sev1 · shop-api: http5xx");
    expect(json).toContain("Http5xx Total &gt; 10 (observed 42) over 5 min");
    expect(json).toContain("&lt;b&gt;&amp;&lt;/b&gt;");
    expect(json).not.toContain("<b>");
    expect(json).not.toMatch(/<!channel>/);
    expect(json).toContain("/troubleshoot|Diagnose and solve problems>");
    expect(json).toContain("appsvc_alert_ack");
  });
  it("many alerts stay within Block Kit limits (the rest are counted)", () => {
    let s = newState("shop-api", APP);
    for (let i = 0; i < 60; i++) s = withFired(s, alert(`a${i}`, { rule: `r${i}`.repeat(100) }), T + i);
    const m = alertThreadView({ ...base, state: s, resolvedAt: null });
    expectWithinLimits(m);
    expect(JSON.stringify(m.blocks)).toContain("… and 50 more alerts");
  });
  it("resolved: the header and duration, no buttons; the recap counts alerts and notifications", () => {
    let s = withFired(newState("shop-api", APP), alert("a"), T);
    s = withFired(s, alert("a"), T + 60_000);
    s = withResolved(s, alert("a", { monitorCondition: "Resolved", resolvedAt: T + 23 * 60_000 }), T).state;
    const m = alertThreadView({ ...base, state: s, resolvedAt: T + 23 * 60_000 });
    expectWithinLimits(m);
    expect(JSON.stringify(m.blocks)).toContain("✅ Resolved · shop-api");
    expect(JSON.stringify(m.blocks)).toContain("after 23 min");
    expect(JSON.stringify(m.blocks)).not.toContain("appsvc_alert_");
    expect(alertRecapView(s, T + 23 * 60_000).text).toBe(
      "✅ Resolved at 10:23 UTC after 23 min: 1 alert, 2 notifications.",
    );
  });
  it("storm summary", () => {
    const m = alertStormView(120, 37, T, "Europe/Berlin");
    expectWithinLimits(m);
    expect(m.text).toContain("120 alerts across 37 apps since 11:00 CET");
  });
});

// Routing (policy bindings with alerts:, the fallback channel) and the thread rules, both pure.
import { describe, expect, it } from "vitest";
import { routeAlert, scopedAppOf } from "../../src/alerts/route.ts";
import type { Alert } from "../../src/alerts/schema.ts";
import {
  JOIN_WINDOW_MS,
  MUTE_MS,
  mutedBy,
  newState,
  placeFor,
  withFired,
  withResolved,
} from "../../src/alerts/threads.ts";
import { parsePolicy } from "../../src/policy/load.ts";
import type { AlertThread } from "../../src/store/store.ts";

const SHOP =
  "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-shop/providers/Microsoft.Web/sites/shop-api";

const policy = parsePolicy(`
bindings:
  - channel: C0CRIT
    scope: { apps: [shop-api] }
    alerts: { minSeverity: Sev1 }
  - channel: C0ALL
    scope: { resourceGroups: [rg-shop] }
    alerts: true
  - channel: C0NOALERTS
    scope: { apps: [other] }
`);

describe("routeAlert", () => {
  const app = scopedAppOf(SHOP);
  it("picks the first binding whose scope covers the app at that severity", () => {
    expect(routeAlert({ severity: 0 }, app, policy, "C0FALL")).toEqual({ channel: "C0CRIT", by: "bindings[0].alerts" });
    expect(routeAlert({ severity: 3 }, app, policy, "C0FALL")).toEqual({ channel: "C0ALL", by: "bindings[1].alerts" });
  });
  it("falls back to APPSVC_ALERTS_CHANNEL, or says why nowhere", () => {
    const other = scopedAppOf(SHOP.replace("rg-shop", "rg-other").replace("shop-api", "x"));
    expect(routeAlert({ severity: 0 }, other, policy, "C0FALL")).toEqual({
      channel: "C0FALL",
      by: "APPSVC_ALERTS_CHANNEL",
    });
    expect(routeAlert({ severity: 0 }, undefined, undefined, undefined)).toMatchObject({
      why: expect.stringMatching(/not about an App Service app/),
    });
    expect(routeAlert({ severity: 0 }, other, policy, undefined)).toMatchObject({
      why: expect.stringMatching(/no binding with alerts:/),
    });
  });
  it("parses site and slot IDs case-insensitively", () => {
    expect(scopedAppOf(SHOP.toLowerCase())).toMatchObject({ name: "shop-api", resourceGroup: "rg-shop" });
    expect(scopedAppOf(`${SHOP}/slots/staging`)).toMatchObject({ slot: "staging" });
    expect(
      scopedAppOf("/subscriptions/x/resourceGroups/y/providers/Microsoft.Compute/virtualMachines/z"),
    ).toBeUndefined();
  });
});

const T = Date.UTC(2026, 10, 24, 10);
function alert(id: string, o: Partial<Alert> = {}): Alert {
  return {
    alertId: id,
    rule: `rule-${id}`,
    severity: 2,
    signalType: "Metric",
    kind: "metric",
    monitoringService: "Platform",
    monitorCondition: "Fired",
    notification: `Fired ${T}`,
    targetIds: [SHOP],
    firedAt: T,
    description: "",
    conditions: [],
    ...o,
  };
}
const thread = (o: Partial<AlertThread>): AlertThread => ({
  id: "t1",
  channel: "C",
  appKey: "k",
  generation: 1,
  messageTs: "1.1",
  openedAt: T,
  lastAt: T,
  resolvedAt: null,
  state: newState("shop-api", SHOP) as unknown as AlertThread["state"],
  version: 1,
  ...o,
});

describe("thread rules", () => {
  it("joins an open thread active within 30 minutes, else opens the next generation", () => {
    expect(placeFor(undefined, T)).toEqual({ open: 1 });
    expect(placeFor(thread({}), T + JOIN_WINDOW_MS)).toMatchObject({ join: { id: "t1" } });
    expect(placeFor(thread({}), T + JOIN_WINDOW_MS + 1)).toEqual({ open: 2 });
    expect(placeFor(thread({ resolvedAt: T }), T + 1)).toEqual({ open: 2 });
  });
  it("counts repeats and resolves when every alert has", () => {
    let s = withFired(newState("shop-api", SHOP), alert("a"), T);
    s = withFired(s, alert("a"), T + 60_000);
    s = withFired(s, alert("b"), T + 90_000);
    expect(s.alerts.a).toMatchObject({ count: 2, lastFiredAt: T + 60_000 });
    const one = withResolved(s, alert("a", { monitorCondition: "Resolved", resolvedAt: T + 100_000 }), T + 120_000);
    expect(one.resolved).toBe(false);
    expect(one.state.alerts.a.resolvedAt).toBe(T + 100_000);
    const both = withResolved(one.state, alert("b", { monitorCondition: "Resolved" }), T + 130_000);
    expect(both.resolved).toBe(true);
    expect(withResolved(s, alert("unknown"), T).resolved).toBe(false);
  });
  it("a mute holds for an hour, or until its thread resolves", () => {
    const hour = thread({
      state: {
        ...newState("x", SHOP),
        mute: { until: T + MUTE_MS, by: "U1", at: T },
      } as unknown as AlertThread["state"],
    });
    expect(mutedBy(hour, T + MUTE_MS - 1)).toBeDefined();
    expect(mutedBy(hour, T + MUTE_MS)).toBeUndefined();
    const untilResolved = {
      ...newState("x", SHOP),
      mute: { until: null, by: "U1", at: T },
    } as unknown as AlertThread["state"];
    expect(mutedBy(thread({ state: untilResolved }), T + 10 * MUTE_MS)).toBeDefined();
    expect(mutedBy(thread({ state: untilResolved, resolvedAt: T }), T + 1)).toBeUndefined();
  });
});

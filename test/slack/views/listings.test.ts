// Views of many things: the app list, Azure health, logs, links, metrics and the App Home tab.

import { describe, expect, it } from "vitest";
import type { LogsData, MetricGrid } from "../../../src/core/snapshot.ts";
import { healthView } from "../../../src/slack/views/health.ts";
import { homeView } from "../../../src/slack/views/home.ts";
import { linksView, scmHost } from "../../../src/slack/views/links.ts";
import { listView } from "../../../src/slack/views/list.ts";
import { logsView } from "../../../src/slack/views/logs.ts";
import { metricsView } from "../../../src/slack/views/metrics.ts";
import type { SlackMessage } from "../../../src/slack/views/types.ts";
import { emptyLogs } from "../../core/mothers.ts";
import { expectHomeWithinLimits, expectNoInjection, expectWithinLimits, strings } from "./checks.ts";
import { appRef, HOUR, MIN, NOW } from "./fixtures.ts";

const all = (m: Pick<SlackMessage, "blocks"> & { text?: string }) => strings(m).join("\n");

describe("listView", () => {
  const items = [
    { app: appRef({ name: "shop-api" }), state: "Running", sku: "P1v3", instances: 2, verdict: "incident" },
    { app: appRef({ name: "shop-web" }), state: "Running", sku: "P1v3", instances: 2, verdict: "no-incident" },
    {
      app: appRef({ name: "billing", resourceGroup: "rg-billing" }),
      state: "Stopped",
      sku: "S1",
      instances: 1,
      verdict: "stopped",
    },
    {
      app: appRef({
        name: "reports",
        resourceGroup: "rg-billing",
        subscriptionId: "00000000-0000-0000-0000-000000000002",
      }),
    },
  ];

  it("groups by subscription and resource group, one line per app", () => {
    const m = listView(items);
    expectWithinLimits(m);
    expect(m).toMatchSnapshot();
    const text = all(m);
    expect(text).toContain("*rg-billing* · 1 app\n⏹ `billing` · Stopped · S1 × 1 · westeurope · stopped");
    const since = Date.UTC(2026, 5, 2, 7, 40);
    const withStop = all(listView([{ ...items[2], stoppedSince: since, stoppedBy: "jane@contoso.com" }]));
    expect(withStop).toContain("⏹ `billing` · Stopped since 2 Jun 07:40 UTC by jane@contoso.com · S1 × 1");
    expect(text).toContain(
      "*rg-shop* · 2 apps\n🔴 `shop-api` · Running · P1v3 × 2 · westeurope · incident\n🟢 `shop-web`",
    );
    expect(text).toContain("⚪ `reports` · state n/a · westeurope");
    expect(text.indexOf("0000-000000000001")).toBeLessThan(text.indexOf("0000-000000000002"));
    expect(m.text).toBe("4 apps in 3 resource groups (1 🔴, 1 ⏹ stopped).");
  });

  it("filters, and says when nothing matches", () => {
    expect(all(listView(items, "billing"))).not.toContain("shop-api");
    expect(listView(items, "nope").text).toBe("No app matches nope.");
    expect(all(listView([]))).toContain("I can see no apps");
  });

  it("500 apps: at most 50 blocks, the full list in the attached file", () => {
    const many = Array.from({ length: 500 }, (_, i) => ({
      app: appRef({ name: `app-${i}`, resourceGroup: `rg-${i % 120}` }),
      state: "Running",
    }));
    const m = listView(many);
    expectWithinLimits(m);
    expect(m.blocks.length).toBe(50);
    expect(m.file?.content).toContain("app-499");
    expect(m.file?.content.match(/`app-\d+`/g)?.length).toBe(500);
  });
});

describe("healthView", () => {
  it("Resource Health and Service Health events with a link to details", () => {
    const m = healthView({
      app: appRef(),
      resourceHealth: {
        availabilityState: "Degraded",
        reasonType: "Unplanned",
        title: "Degraded",
        summary: "We're investigating.",
        occurredTime: NOW - HOUR,
      },
      serviceHealth: [
        {
          id: "T1",
          title: "App Service – West Europe",
          eventType: "ServiceIssue",
          status: "Active",
          regions: ["westeurope"],
          services: ["App Service"],
          start: NOW - HOUR,
          link: "https://app.azure.com/h/T1",
        },
        { id: "T0", title: "Old", eventType: "PlannedMaintenance", status: "Resolved", regions: [], services: [] },
      ],
      timeZone: "Europe/Berlin",
      now: NOW,
    });
    expectWithinLimits(m);
    expectNoInjection(m);
    expect(m).toMatchSnapshot();
    expect(all(m)).toContain("*Resource Health:* 🟠 Degraded (Unplanned)");
    expect(all(m)).toContain(
      "🔴 *App Service – West Europe* — ServiceIssue · Active · westeurope · since 2 Jun 09:15 CEST · <https://app.azure.com/h/T1|details>",
    );
    expect(m.text).toBe("shop-api: Resource Health Degraded · 1 active Service Health event.");
  });

  it("no events: says so", () => {
    expect(all(healthView({ serviceHealth: [] }))).toContain("🟢 no App Service events");
  });

  it("a read that failed is named with its call, never shown as 'no events' (issue 13)", () => {
    const sh = "events.listBySubscriptionId 00000000-0000-0000-0000-000000000001: throttled for 30 s";
    const m = healthView({
      app: appRef(),
      resourceHealth: { availabilityState: "Available" },
      notRead: [{ signal: "serviceHealth", reason: sh }],
    });
    expectWithinLimits(m);
    expect(all(m)).toContain(`*Service Health:* not read — ${sh}.`);
    expect(all(m)).not.toContain("no App Service events");
    expect(m.text).toBe("shop-api: Resource Health Available · Service Health not read.");
    const rh = "availabilityStatuses.getByResource shop-api: timed out after 4 s";
    const noRh = healthView({ app: appRef(), serviceHealth: [], notRead: [{ signal: "resourceHealth", reason: rh }] });
    expect(all(noRh)).toContain(`*Resource Health:* not read — ${rh}.`);
  });

  it("the fleet with one subscription not read: the events found, and the read that failed", () => {
    const m = healthView({ serviceHealth: [], notRead: [{ signal: "serviceHealth", reason: "events.x s2: 503" }] });
    expect(all(m)).not.toContain("🟢");
    expect(all(m)).toContain("no App Service events where it was read; not read — events.x s2: 503");
  });
});

describe("logsView", () => {
  const logs: LogsData = {
    http5xx: [
      { t: NOW - 10 * MIN, status: 502, subStatus: "3", count: 1200 },
      { t: NOW - 5 * MIN, status: 502, subStatus: "3", count: 4 },
      { t: NOW - 5 * MIN, status: 503, subStatus: "0", count: 40 },
    ],
    slowFailures: [{ path: "/export", count: 12, p50Ms: 230_000, maxMs: 231_500 }],
    failuresByPath: [
      { path: "/api/cart", count: 1100 },
      { path: "/export", count: 144 },
    ],
    platform: [
      { t: NOW - 3 * MIN, level: "Informational", message: "Container shop-api_0 for site shop-api initialized" },
    ],
    console: [],
  };

  it("5xx by status, sub-status and path, slow failures and the latest lines", () => {
    const m = logsView({ app: appRef(), logs, workspaceConfigured: true, timeZone: "Europe/Berlin", now: NOW });
    expectWithinLimits(m);
    expect(m).toMatchSnapshot();
    const text = all(m);
    expect(text).toContain("502.3   1,204");
    expect(text).toContain("/api/cart  1,100");
    expect(text).toContain("/export     12  230 s  232 s");
    expect(m.text).toBe("shop-api: 1,244 5xx in the logs, mostly 502.3 (1,204).");
    expect(m.file).toBeUndefined();
  });

  it("cross-checks the metrics: 14,139 5xx in the metrics and no log row means the logs are not flowing", () => {
    const m = logsView({ app: appRef(), logs: emptyLogs(), metrics5xx: 14_139, workspaceConfigured: true });
    expectWithinLimits(m);
    const text = all(m);
    expect(text).not.toContain("No 5xx rows");
    expect(text).toContain("The metrics count 14,139 5xx in this window");
    expect(text).toContain("AppServiceHTTPLogs");
    expect(text).toContain("az monitor diagnostic-settings create");
    expect(m.text).toBe(
      "shop-api: the metrics show 14,139 5xx but no HTTP logs reach the workspace; here is how to send AppServiceHTTPLogs.",
    );
    // A quiet app with no rows is simply quiet; a partial log says how much is missing.
    expect(all(logsView({ app: appRef(), logs: emptyLogs(), metrics5xx: 2, workspaceConfigured: true }))).toContain(
      "No 5xx rows",
    );
    const partial = all(logsView({ app: appRef(), logs, metrics5xx: 5000, workspaceConfigured: true, now: NOW }));
    expect(partial).toContain("The logs hold 1,244 of the 5,000 5xx the metrics count");
  });

  it("a query not read is named and never reads as 'no 5xx' (issue 13)", () => {
    const http5xx = { signal: "logs.http5xx", reason: "logs http5xx shop-api: throttled for 30 s" };
    const quiet = logsView({ app: appRef(), logs: emptyLogs(), workspaceConfigured: true, notRead: [http5xx] });
    expectWithinLimits(quiet);
    expect(all(quiet)).not.toContain("No 5xx rows in the workspace");
    expect(all(quiet)).toContain("No 5xx rows in the log queries that answered");
    expect(all(quiet)).toContain("Not read: logs.http5xx (logs http5xx shop-api: throttled for 30 s)");
    expect(quiet.text).toBe("shop-api: no 5xx in the log queries that answered; some were not read.");
    // The 5xx count unread: no total, no cross-check against the metrics, the other tables still shown.
    const rest = logsView({ app: appRef(), logs, metrics5xx: 14_139, workspaceConfigured: true, notRead: [http5xx] });
    expect(all(rest)).toContain("*5xx by status.sub-status:* not read — logs http5xx shop-api: throttled for 30 s");
    expect(all(rest)).toContain("/api/cart  1,100");
    expect(all(rest)).not.toContain("The metrics count");
    expect(all(rest)).not.toContain("The logs hold");
    expect(rest.text).toBe("shop-api: logs partly read; the 5xx by status could not be read.");
  });

  it("the metrics not read: an empty log is not cross-checked, and says so", () => {
    const m = logsView({
      app: appRef(),
      logs: emptyLogs(),
      metrics5xx: null,
      workspaceConfigured: true,
      notRead: [{ signal: "siteMetrics", reason: "metrics.list shop-api (site, PT1M): 503" }],
    });
    expect(all(m)).toContain("No 5xx rows in the workspace");
    expect(all(m)).toContain("Not cross-checked against the metrics' 5xx (not read).");
    expect(all(m)).toContain("Not read: siteMetrics (metrics.list shop-api (site, PT1M): 503)");
  });

  it("no workspace: how to send AppServiceHTTPLogs to one and configure the bot", () => {
    const m = logsView({ app: appRef(), workspaceConfigured: false });
    expectWithinLimits(m);
    const text = all(m);
    expect(text).toContain("AppServiceHTTPLogs");
    expect(text).toContain("`AZURE_LOG_ANALYTICS_WORKSPACE_ID`");
    expect(text).toContain("az monitor diagnostic-settings create");
  });

  it("many paths: the message keeps ten rows, the file has all", () => {
    const big = {
      ...logs,
      failuresByPath: Array.from({ length: 30 }, (_, i) => ({ path: `/p/${i}`, count: 100 - i })),
    };
    const m = logsView({ app: appRef(), logs: big, workspaceConfigured: true });
    expectWithinLimits(m);
    expect(all(m)).not.toContain("/p/29");
    expect(m.file?.content).toContain("/p/29");
  });
});

describe("linksView", () => {
  it("portal diagnostics and Kudu links from the site's own SCM host", () => {
    const app = appRef();
    const m = linksView({
      app,
      enabledHostNames: [
        "shop-api-h4c3.westeurope-01.azurewebsites.net",
        "shop-api-h4c3.scm.westeurope-01.azurewebsites.net",
      ],
    });
    expectWithinLimits(m);
    expectNoInjection(m);
    expect(m).toMatchSnapshot();
    const text = all(m);
    expect(text).toContain(`<https://portal.azure.com/#@/resource${app.id}/troubleshoot|Diagnose and solve problems>`);
    expect(text).toContain("<https://shop-api-h4c3.scm.westeurope-01.azurewebsites.net/DebugConsole|Kudu console>");
    expect(text).toContain("<https://shop-api-h4c3.scm.westeurope-01.azurewebsites.net/api/logstream|Log stream>");
  });

  it("no SCM host (or a forged one): no Kudu link", () => {
    expect(scmHost(["evil.scm.x|y>z.example", "a.example"])).toBeUndefined();
    const m = linksView({
      app: appRef(),
      enabledHostNames: ["shop-api.azurewebsites.net"],
      portalBase: "https://portal.azure.us/",
    });
    expect(all(m)).toContain("<https://portal.azure.us/#@/resource");
    expect(all(m)).toContain("the site lists no SCM host");
  });
});

describe("metricsView", () => {
  const grid = (
    name: string,
    aggregation: MetricGrid["aggregation"],
    all: (number | null)[],
    unit?: string,
    scope: MetricGrid["scope"] = "site",
  ): MetricGrid => ({
    name,
    scope,
    aggregation,
    start: NOW - HOUR,
    grainMs: 20 * MIN,
    all,
    perInstance: {},
    unit,
    source: "GET metrics",
  });

  it("sum/avg/max per metric with units; unknown is n/a", () => {
    const m = metricsView({
      app: appRef(),
      grids: [
        grid("Requests", "Total", [1000, 2000, 3000], "Count"),
        grid("HttpResponseTime", "Average", [0.2, 0.4, null], "Seconds"),
        grid("MemoryPercentage", "Average", [80, 90, 96], "Percent", "plan"),
        grid("Http5xx", "Total", [null, null, null], "Count"),
      ],
      windowMs: HOUR,
      timeZone: "Europe/Berlin",
    });
    expectWithinLimits(m);
    expect(m).toMatchSnapshot();
    const text = all(m);
    expect(text).toContain("Requests (site)          Total    6,000   2,000   3,000");
    expect(text).toContain("HttpResponseTime (site)  Average      —  300 ms  400 ms");
    expect(text).toContain("MemoryPercentage (plan)  Average      —     89%     96%");
    expect(text).toContain("Http5xx (site)           Total      n/a     n/a     n/a");
  });

  it("reads that failed are named, not shown as n/a rows (issue 13)", () => {
    const m = metricsView({
      app: appRef(),
      grids: [grid("Requests", "Total", [1000, 2000, 3000], "Count")],
      windowMs: HOUR,
      notRead: [{ signal: "planMetrics", reason: "metrics.list asp-shop-api (plan, PT1M): throttled for 30 s" }],
    });
    expectWithinLimits(m);
    const text = all(m);
    expect(text).toContain("Not read: planMetrics (metrics.list asp-shop-api (plan, PT1M): throttled for 30 s)");
    expect(text).not.toContain("(plan)");
  });
});

describe("homeView", () => {
  it("apps with state and last verdict; pending approvals and recent actions accepted (empty for now)", () => {
    const h = homeView({
      user: "U0123ABC",
      apps: [
        { app: appRef(), state: "Running", lastVerdict: "incident", lastCheckedAt: NOW },
        { app: appRef({ name: "billing" }), state: "Stopped" },
      ],
      pendingApprovals: [],
      recentActions: [],
      timeZone: "Europe/Berlin",
      now: NOW,
    });
    expectHomeWithinLimits(h);
    expectNoInjection(h, ["U0123ABC"]);
    expect(h).toMatchSnapshot();
    const text = all(h);
    expect(text).toContain("Hi <@U0123ABC>.");
    expect(text).toContain("*Pending approvals* (0)\n_None._");
    expect(text).toContain("🔴 `shop-api` · Running · incident · checked 2 Jun 10:15 CEST");
    expect(text).toContain("⏹ `billing` · Stopped · not checked");
  });

  it("renders approvals and actions once they exist, and stays within 100 blocks", () => {
    const app = appRef();
    const h = homeView({
      user: "not-a-user-id <@U1>",
      apps: Array.from({ length: 3000 }, (_, i) => ({
        app: appRef({ name: `app-${i}`, resourceGroup: `rg-${i}` }),
        state: "Running",
      })),
      pendingApprovals: [
        { id: "a1", app, title: "Restart the app", requestedBy: "U0AAA", requestedAt: NOW, expiresAt: NOW + 15 * MIN },
        {
          id: "a2",
          app,
          title: "Scale out to 6",
          requestedBy: "U0AAA",
          requestedAt: NOW,
          outsideLimits: "This channel's policy allows at most 4 instances <!channel>",
        },
      ],
      recentActions: [{ app, title: "Scale out to 4", outcome: "recovered", at: NOW - HOUR, approvedBy: "U0BBB" }],
    });
    expectHomeWithinLimits(h);
    expectNoInjection(h, ["U0AAA", "U0BBB"]);
    const text = all(h);
    expect(text).toContain("Restart the app · asked by <@U0AAA>");
    expect(text).toMatch(
      /Scale out to 6 · asked by <@U0AAA> [^\n]*\n {3}:warning: Approve will be refused, it can only be cancelled: This channel's policy allows at most 4 instances &lt;!channel&gt;/,
    );
    expect(text).toContain("Scale out to 4 → *recovered* · approved by <@U0BBB>");
    expect(text).toContain("… and 2800 more");
  });
});

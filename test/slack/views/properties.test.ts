// Property tests: for hostile names, texts and sizes (0–500 apps, 0–200 evidence lines), every view stays
// within Block Kit limits with a non-empty fallback, and nothing foreign can mention or link.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diagnoseView } from "../../../src/slack/views/diagnose.ts";
import { errorView } from "../../../src/slack/views/error.ts";
import { healthView } from "../../../src/slack/views/health.ts";
import { helpView, usageErrorView } from "../../../src/slack/views/help.ts";
import { homeView } from "../../../src/slack/views/home.ts";
import { linksView } from "../../../src/slack/views/links.ts";
import { listView } from "../../../src/slack/views/list.ts";
import { logsView } from "../../../src/slack/views/logs.ts";
import { metricsView } from "../../../src/slack/views/metrics.ts";
import { mitigationPendingView, progressView } from "../../../src/slack/views/progress.ts";
import { resolutionView } from "../../../src/slack/views/resolution.ts";
import { statusView } from "../../../src/slack/views/status.ts";
import type { SlackMessage } from "../../../src/slack/views/types.ts";
import { domainError, figures, nasty, nastyApp, nastyDiagnosis, nastySnapshot } from "./arbitraries.ts";
import { expectHomeWithinLimits, expectNoInjection, expectWithinLimits, strings } from "./checks.ts";
import { appRef, evidence, HOUR, LEAK_FIGURES, leakDiagnosis, NOW, snapshot } from "./fixtures.ts";

const check = (m: SlackMessage) => {
  expectWithinLimits(m);
  expectNoInjection(m);
};
const RUNS = { numRuns: 40 };

describe("status and diagnose, hostile input", () => {
  const input = nastyApp.chain((app) =>
    fc.record({
      app: fc.constant(app),
      snapshot: nastySnapshot(app),
      diagnosis: nastyDiagnosis(app, 200),
      figures,
      timeZone: fc.option(fc.constantFrom("Europe/Berlin", "UTC", "America/New_York", "Nope/Nope"), { nil: undefined }),
      mitigationsEnabled: fc.boolean(),
    }),
  );

  it("stay within limits and inject nothing", () => {
    fc.assert(
      fc.property(input, (i) => {
        const full = { ...i, windowMs: HOUR, now: NOW };
        check(statusView(full));
        check(diagnoseView(full));
      }),
      RUNS,
    );
  });
});

describe("lists and answers, hostile input", () => {
  it("listView with 0–500 apps", () => {
    const item = fc.record({
      app: nastyApp,
      state: fc.option(nasty, { nil: undefined }),
      sku: fc.option(nasty, { nil: undefined }),
      instances: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
      verdict: fc.option(fc.oneof(nasty, fc.constantFrom("incident", "no-incident")), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(item, { maxLength: 500, size: "max" }),
        fc.option(nasty, { nil: undefined }),
        (apps, filter) => {
          check(listView(apps, filter));
        },
      ),
      { numRuns: 15 },
    );
  });

  it("progress, resolution, errors, usage, help, pending", () => {
    fc.assert(
      fc.property(nasty, nasty, fc.array(nastyApp, { maxLength: 30 }), domainError, (text, verb, apps, err) => {
        check(progressView({ theirs: text, note: text }, verb));
        check(resolutionView({ kind: "ambiguous", candidates: apps }, text, verb));
        check(resolutionView({ kind: "unknown", query: text, suggestions: apps }, text));
        check(errorView(err, { verb, app: text }));
        check(errorView(new Error(text), { verb }));
        check(usageErrorView({ message: text, usage: verb, suggestions: [text, verb] }));
        const verbs = apps.map((a) => ({
          verb: "status" as const,
          synopsis: [a.name, a.resourceGroup],
          summary: text,
          example: verb,
          aliases: [a.location],
        }));
        check(helpView([{ group: "read", title: text, verbs }], { topic: verb, notes: [text] }));
        check(helpView([{ group: "act", title: text, verbs }], { topic: "status" }));
        check(mitigationPendingView({ verb, app: apps[0] ?? text }));
      }),
      RUNS,
    );
  });

  it("health, logs, links, metrics", () => {
    const line = fc.record({
      t: fc.integer({ min: NOW - 1e8, max: NOW }),
      level: fc.option(nasty, { nil: undefined }),
      message: nasty,
    });
    fc.assert(
      fc.property(
        nastyApp,
        nasty,
        fc.array(nasty, { maxLength: 40 }),
        fc.array(line, { maxLength: 40 }),
        (app, text, many, lines) => {
          check(
            healthView({
              app,
              resourceHealth: { availabilityState: text, title: text, summary: text, reasonType: text },
              serviceHealth: many.map((t, i) => ({
                id: t,
                title: t,
                eventType: text,
                status: i % 2 ? "Active" : t,
                regions: [t],
                services: [],
                link: i % 3 ? `https://${t}` : t,
              })),
            }),
          );
          check(
            logsView({
              app,
              workspaceConfigured: true,
              logs: {
                http5xx: many.map((t, i) => ({ t: NOW, status: 500 + (i % 5), subStatus: t, count: i })),
                slowFailures: many.map((t, i) => ({ path: t, count: i, p50Ms: i * 1000, maxMs: i * 2000 })),
                failuresByPath: many.map((t, i) => ({ path: t, count: i })),
                platform: lines,
                console: lines,
              },
            }),
          );
          check(logsView({ app, workspaceConfigured: false }));
          check(
            linksView({ app, enabledHostNames: [...many, text, `${text}.scm.azurewebsites.net`], portalBase: text }),
          );
          check(linksView({ app, enabledHostNames: ["a.scm.azurewebsites.net"] }));
          check(
            metricsView({
              app,
              grids: many.map((t, i) => ({
                name: t,
                scope: "site",
                aggregation: i % 2 ? "Total" : "Average",
                start: NOW,
                grainMs: 60_000,
                all: [i, null, i * 1e6],
                perInstance: {},
                unit: t,
                source: t,
              })),
              windowMs: HOUR,
            }),
          );
        },
      ),
      RUNS,
    );
  });

  it("home tab: 0–3000 apps, approvals and actions", () => {
    fc.assert(
      fc.property(
        fc.array(nastyApp, { maxLength: 50 }),
        fc.integer({ min: 0, max: 3000 }),
        nasty,
        (apps, extra, text) => {
          const rows = [...apps, ...Array.from({ length: extra }, (_, i) => appRef({ name: `a${i}` }))].map((app) => ({
            app,
            state: text,
            lastVerdict: text,
          }));
          const h = homeView({
            user: text,
            apps: rows,
            pendingApprovals: apps.map((app) => ({ id: text, app, title: text, requestedBy: text, requestedAt: NOW })),
            recentActions: apps.map((app) => ({ app, title: text, outcome: text, at: NOW, approvedBy: text })),
          });
          expectHomeWithinLimits(h);
          expectNoInjection(h, /^[UW][A-Z0-9]{2,20}$/.test(text) ? [text] : []);
        },
      ),
      { numRuns: 20 },
    );
  });
});

describe("injection, a worked example", () => {
  it("mentions and forged links in names, groups, Azure titles and evidence notes come out inert", () => {
    const evil = "<!channel> <@U123> <https://evil.example|click> & @here";
    const app = appRef({ name: evil, resourceGroup: evil, slot: "@channel" });
    const d = {
      ...leakDiagnosis(app, [evidence({ note: evil, metric: evil, source: evil })]),
      summary: evil,
    };
    const s = { ...snapshot(app), resourceHealth: { availabilityState: "Degraded", title: evil } };
    const m = statusView({
      app,
      snapshot: s,
      diagnosis: d,
      figures: LEAK_FIGURES,
      windowMs: HOUR,
      now: NOW,
      mitigationsEnabled: true,
    });
    check(m);
    const text = strings(m).join("\n");
    expect(text).toContain("&lt;!channel&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; @\u200Dhere");
    const dv = diagnoseView({
      app,
      snapshot: s,
      diagnosis: d,
      figures: LEAK_FIGURES,
      windowMs: HOUR,
      now: NOW,
      mitigationsEnabled: true,
    });
    check(dv);
    expect(dv.file?.content).toContain(
      `<\u200D!channel> <\u200D@U123> <\u200Dhttps://evil.example|click> & @\u200Dhere`,
    );
  });
});

// The digest view: the digest line format (docs/glossary.md#digest-score), Block Kit limits for any fleet size (500 apps → attached file),
// the Diagnose buttons' convention, actions with their verification, and escaping of foreign names.
import { describe, expect, it } from "vitest";
import type { DigestFigures } from "../../../src/core/digest-figures.ts";
import { digestScore } from "../../../src/core/digest-score.ts";
import type { AppRef } from "../../../src/core/snapshot.ts";
import type { DigestAction } from "../../../src/digests/actions.ts";
import type { DigestData, DigestLine } from "../../../src/digests/build-digest.ts";
import { digestLine, digestView, fmtAvailability } from "../../../src/slack/views/digest.ts";
import { expectNoInjection, expectWithinLimits, strings } from "./checks.ts";

const NOW = Date.UTC(2026, 5, 2, 7, 0);
const DAY = 86_400_000;

function app(name: string, i = 0): AppRef {
  const rg = `rg-${i % 7}`;
  return {
    id: `/subscriptions/sub-1/resourceGroups/${rg}/providers/Microsoft.Web/sites/${name}`,
    subscriptionId: "sub-1",
    resourceGroup: rg,
    name,
    location: "West Europe",
    region: "westeurope",
    kind: "app",
    planId: `/subscriptions/sub-1/resourceGroups/${rg}/providers/Microsoft.Web/serverfarms/asp-${i}`,
  };
}

function figures(a: AppRef, over: Partial<DigestFigures> = {}): DigestFigures {
  return {
    appId: a.id,
    name: a.name,
    sku: "P1v3",
    capacity: 2,
    region: a.region,
    requests: 100_000,
    http5xx: 10,
    err5xxRate: 0.0001,
    availability: 0.9999,
    badMinutes: 0,
    latencyMeanSec: 0.2,
    p95Sec: 0.3,
    p95Source: "approx",
    baselineP95Sec: null,
    cpuPeak: 40,
    cpuMinutesAbove90: 0,
    memPeak: 50,
    memMinutesAbove90: 0,
    restarts: { user: 0, platform: 0 },
    healthCheck: { configured: true, min: 100, instancesBelow100: 0 },
    incidents: 0,
    activeNow: { stopped: false, quota: false, platform: false },
    openIncidents: [],
    riskFlags: [],
    ...over,
  };
}

function line(a: AppRef, over: Partial<DigestFigures> = {}, p95Ratio: number | null = null): DigestLine {
  const f = figures(a, over);
  return { app: a, figures: f, score: digestScore(f), plan: `${f.sku}×${f.capacity}`, p95Ratio };
}

function data(
  all: DigestLine[],
  idle: DigestLine[] = [],
  actions: DigestAction[] = [],
  stopped: DigestLine[] = all.filter((l) => l.score.status === "stopped"),
): DigestData {
  const lines = all.filter((l) => l.score.status !== "stopped");
  const ranked = [...lines].sort((x, y) => (y.score.score ?? 0) - (x.score.score ?? 0));
  const shown = ranked.slice(0, 10);
  const rest = ranked.slice(10);
  const counts = { red: 0, orange: 0, green: 0, idle: idle.length, stopped: stopped.length };
  for (const l of ranked) if (l.score.status !== "idle") counts[l.score.status]++;
  const healthy = rest.filter((l) => l.score.status === "green").length;
  return {
    generatedAt: NOW,
    window: { start: NOW - DAY, end: NOW },
    timeZone: "Europe/Berlin",
    total: lines.length + idle.length + stopped.length,
    counts,
    shown,
    hidden: { count: rest.length, healthy, notHealthy: rest.length - healthy },
    idle,
    stopped,
    ranked,
    actions,
    chart: { apps: [], window: { start: NOW - DAY, end: NOW } },
    unread: [],
    unknowns: ["Resource Health per app: not read"],
  };
}

const shopApi = () =>
  line(
    app("shop-api"),
    {
      requests: 147_077,
      http5xx: 1912,
      err5xxRate: 0.013,
      availability: 0.987,
      badMinutes: 45,
      p95Sec: 4.8,
      p95Source: "logs",
      baselineP95Sec: 1.6,
      cpuPeak: 97,
      memPeak: 71,
      restarts: { user: 0, platform: 1 },
      openIncidents: ["R17 capacity: scale out → 4"],
    },
    3,
  );

describe("digest line", () => {
  it("follows the digest line format", () => {
    expect(digestLine(shopApi())).toBe(
      "🔴 *shop-api* (P1v3×2, westeurope) · avail 98.7% · 5xx 1,912 (1.3%) · p95 4.8 s (↑3×) · CPU 97% · mem 71% · restarts 0/1 · HC 100 · R17 capacity: scale out → 4",
    );
  });

  it("says n/a for unknowns, ≈ for the 1-min-average p95, HC off, and the risk flags", () => {
    const l = line(app("legacy"), {
      cpuPeak: null,
      memPeak: null,
      healthCheck: { configured: false, min: null, instancesBelow100: 0 },
      riskFlags: ["single instance", "no health check"],
    });
    const text = digestLine({ ...l, plan: undefined });
    expect(text).toContain("(plan n/a, westeurope)");
    expect(text).toContain("p95 ≈300 ms");
    expect(text).toContain("CPU n/a · mem n/a");
    expect(text).toContain("HC off");
    expect(text).toContain("⚠ single instance, no health check");
  });

  it("never rounds availability up across the SLA", () => {
    expect(fmtAvailability(0.99949)).toBe("99.94%");
    expect(fmtAvailability(0.987)).toBe("98.7%");
    expect(fmtAvailability(1)).toBe("100%");
    expect(fmtAvailability(null)).toBe("n/a");
  });
});

describe("digestView", () => {
  it("fits 500 apps: 10 lines, +N, Diagnose buttons for the apps that need a look, the rest in the file", () => {
    const lines = Array.from({ length: 497 }, (_, i) =>
      line(app(`app-${String(i).padStart(3, "0")}`, i), i < 4 ? { badMinutes: 30 + i, err5xxRate: 0.02 } : {}),
    );
    lines.push(shopApi());
    const idle = [line(app("idle-1"), { requests: 0 }), line(app("idle-2"), { requests: 0 })];
    const actions: DigestAction[] = Array.from({ length: 14 }, (_, i) => ({
      correlationId: `c${i}`,
      action: "restart",
      app: `app-${i}`,
      requestedBy: "U0DEV",
      approvedBy: "U0LEAD",
      at: NOW - i * 3_600_000,
      outcome: "succeeded",
      verification: { ok: i % 2 === 0, text: i % 2 === 0 ? "5xx back to 0%" : "5xx still 3%" },
    }));
    const m = digestView(data(lines, idle, actions));
    expectWithinLimits(m);
    expectNoInjection(m, ["U0DEV", "U0LEAD"]);
    const all = strings(m).join("\n");
    expect(m.blocks[0]).toMatchObject({ type: "header" });
    expect(all).toContain("App Service digest · Tue, 2 Jun 2026 · Europe/Berlin");
    const appLines = strings(m).filter((s) => /^(🔴|🟠|🟢) \*/m.test(s));
    const count = appLines
      .join("\n")
      .split("\n")
      .filter((s) => /^(🔴|🟠|🟢) \*/.test(s)).length;
    expect(count).toBe(10);
    expect(all).toContain(`+${lines.length - 10} healthy`);
    expect(all).toContain("Idle / no traffic: `idle-1`, `idle-2`");
    expect(all).toContain("4 more in the attached file");
    expect(all).toMatch(/verified: 5xx back to 0%/);
    expect(all).toMatch(/not verified: 5xx still 3%/);
    const buttons = m.blocks.flatMap((b) =>
      b.type === "section" && b.accessory?.type === "button" ? [b.accessory] : [],
    );
    expect(buttons).toHaveLength(5);
    expect(buttons[0]).toMatchObject({ action_id: "appsvc_diagnose", text: { text: "Diagnose shop-api" } });
    expect(JSON.parse(buttons[0].value ?? "")).toEqual({ appId: app("shop-api").id, windowMs: DAY });
    // The file has the whole ranking and every action.
    expect(m.file?.content.match(/^\d+\. /gm)).toHaveLength(498);
    expect(m.file?.content).toContain("app-496");
    expect(m.file?.content.match(/restart `app-/g) ?? m.file?.content.match(/restart app-/g)).toHaveLength(14);
    expect(m.text).toMatch(/🔴 \d+ · 🟠 \d+ · 🟢 \d+ · ⚪ 2 of 500 apps/);
  });

  it("stays within limits whatever the names, and escapes them", () => {
    const evil = ["<!channel>", "a@here-b", "<https://evil.example|click>", "x&y", "*bold*`tick`"];
    const lines = evil.map((n, i) =>
      line(app(n, i), { badMinutes: 60, err5xxRate: 0.2, openIncidents: [`R08 ${n}`], riskFlags: [n] }),
    );
    const m = digestView(
      data(
        lines,
        [],
        [
          {
            correlationId: "c",
            action: "<!here>",
            app: "<@U123>",
            requestedBy: "<!channel>",
            at: NOW,
            outcome: "failed",
          },
        ],
      ),
    );
    expectWithinLimits(m);
    expectNoInjection(m);
  });

  it("lists a stopped app apart as ⏹ with since when and by whom, never among the worst", () => {
    const billing = line(app("billing"), {
      requests: 0,
      http5xx: 0,
      availability: 1,
      activeNow: { stopped: true, quota: false, platform: false },
    });
    const stopped = { ...billing, stoppedBy: { at: NOW - 3 * 3_600_000, caller: "jane@contoso.com" } };
    const d = data([shopApi(), stopped]);
    const m = digestView(d);
    const text = JSON.stringify(m.blocks);
    expect(d.shown.map((l) => l.app.name)).toEqual(["shop-api"]);
    expect(text).toMatch(/⏹ \*billing\* \([^)]+\) · stopped since \d+ \w+ \d\d:\d\d CEST by jane@contoso\.com/);
    expect(text).not.toMatch(/🔴 \*billing\*/);
    expect(text).toContain("⏹ 1 stopped");
    expect(m.text).toContain("⏹ 1");
  });

  it("says so when nothing is in scope or nothing had traffic", () => {
    const none = digestView(data([]));
    expectWithinLimits(none);
    expect(strings(none).join("\n")).toContain("No app in scope.");
    expect(strings(none).join("\n")).toContain("No action by the bot in the last 24 h.");
    expect(none.file).toBeUndefined();
    const quiet = digestView(data([], [line(app("sleepy"), { requests: 0 })]));
    expect(strings(quiet).join("\n")).toContain("No app had traffic in the window.");
  });
});

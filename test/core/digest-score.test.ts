import { describe, expect, it } from "vitest";
import {
  type DigestEntry,
  type DigestFigures,
  digestFigures,
  digestScore,
  MAX_SHOWN,
  rankDigest,
} from "../../src/core/digest-score.ts";
import { T0 } from "./mothers.ts";
import { fixture } from "./rules/fixture.ts";

const DAY = 24 * 60;

/** A 24 h app: 200 requests a minute; 10 5xx a minute for an hour from minute 600 (5 %: bad minutes). */
function day(o: Parameters<typeof fixture>[0] = {}) {
  return fixture({
    minutes: DAY,
    ...o,
    metrics: { Http5xx: (m, i) => (i === 0 && m >= 600 && m < 660 ? 10 : 0), ...o.metrics },
  });
}

function figures(over: Partial<DigestFigures>): DigestFigures {
  return {
    appId: "",
    name: "app",
    sku: "P1v3",
    capacity: 2,
    region: "westeurope",
    requests: 1000,
    http5xx: 0,
    err5xxRate: 0,
    availability: 1,
    badMinutes: 0,
    latencyMeanSec: 0.3,
    p95Sec: 0.4,
    p95Source: "approx",
    baselineP95Sec: 0.4,
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
const entry = (f: Partial<DigestFigures>): DigestEntry => {
  const fig = figures(f);
  return { figures: fig, score: digestScore(fig) };
};

describe("digest figures", () => {
  it("counts availability, bad minutes, 5xx and latency from the grids", () => {
    const f = digestFigures({ snapshot: day() });
    expect(f.requests).toBe(200 * DAY);
    expect(f.http5xx).toBe(600);
    expect(f.badMinutes).toBe(60);
    expect(f.availability).toBeCloseTo(1 - 600 / (200 * DAY), 9);
    expect(f.latencyMeanSec).toBeCloseTo(0.3, 9);
    expect(f.p95Source).toBe("approx");
    expect(f.incidents).toBe(1);
  });

  it("reads CPU and memory peaks with minutes ≥ 90, restarts, health check and risk flags", () => {
    const s = day({
      capacity: 1,
      config: { healthCheckPath: undefined, alwaysOn: false },
      metrics: {
        CpuPercentage: (m) => (m >= 100 && m < 112 ? 95 : 35),
        MemoryWorkingSet: (m) => (m === 300 ? 1e6 : 2.6e9),
      },
      changes: [
        {
          at: T0 + 60_000 * 50,
          operation: "Microsoft.Web/sites/restart/action",
          kind: "restart",
          source: "activityLog",
        },
      ],
    });
    const f = digestFigures({ snapshot: s });
    expect(f.cpuPeak).toBe(95);
    expect(f.cpuMinutesAbove90).toBe(12);
    expect(f.restarts).toEqual({ user: 1, platform: 1 });
    expect(f.healthCheck).toEqual({ configured: false, min: null, instancesBelow100: 0 });
    expect(f.riskFlags).toEqual(expect.arrayContaining(["single instance", "no health check", "Always On off"]));
  });

  it("prefers the logs' p95 and counts unhealthy instances", () => {
    const s = day({
      config: { healthCheckPath: "/health" },
      metrics: { HealthCheckStatus: (_m, i) => (i === 1 ? 60 : 100) },
    });
    const f = digestFigures({ snapshot: s, p95FromLogsSec: 4.8, baselineP95Sec: 1.2 });
    expect(f).toMatchObject({ p95Sec: 4.8, p95Source: "logs", baselineP95Sec: 1.2 });
    expect(f.healthCheck).toEqual({ configured: true, min: 60, instancesBelow100: 1 });
  });
});

describe("digest score", () => {
  it("adds the terms of the formula", () => {
    const s = digestScore(digestFigures({ snapshot: day(), baselineP95Sec: 0.3 }));
    expect(s.parts.badMinutes).toBe(40);
    expect(s.parts.availability).toBe(10);
    expect(s.parts.active).toBe(0);
    expect(s.status).toBe("red");
    expect(s.emoji).toBe("🔴");
  });

  it("is red on an active incident whatever the score, orange from 20, green below", () => {
    expect(digestScore(figures({ activeNow: { stopped: false, quota: true, platform: false } })).status).toBe("red");
    expect(digestScore(figures({ openIncidents: ["R08 memory leak"] })).status).toBe("red");
    // p95 at its baseline already scores 5 (10 × min(1, p95 / 2·baseline)).
    expect(digestScore(figures({})).parts.p95).toBe(5);
    const orange = figures({ cpuPeak: 95, memPeak: 92, restarts: { user: 0, platform: 3 } });
    expect(digestScore(orange)).toMatchObject({ score: 20, status: "orange", emoji: "🟠" });
    expect(digestScore(figures({ cpuPeak: 95, memPeak: 92 }))).toMatchObject({
      score: 15,
      status: "green",
      emoji: "🟢",
    });
  });

  it("puts a stopped app apart: ⏹, unscored, never among the worst", () => {
    const stopped = {
      figures: figures({ name: "billing", activeNow: { stopped: true, quota: false, platform: false } }),
    };
    const bad = { figures: figures({ name: "shop", openIncidents: ["R08 memory leak"] }) };
    expect(digestScore(stopped.figures)).toMatchObject({ score: null, status: "stopped", emoji: "⏹" });
    const ranked = rankDigest([
      { ...stopped, score: digestScore(stopped.figures) },
      { ...bad, score: digestScore(bad.figures) },
    ]);
    expect(ranked.shown.map((e) => e.figures.name)).toEqual(["shop"]);
    expect(ranked.stopped.map((e) => e.figures.name)).toEqual(["billing"]);
  });

  it("leaves idle apps unscored", () => {
    expect(digestScore(figures({ requests: 0 }))).toMatchObject({ score: null, status: "idle" });
    expect(digestScore(figures({ requests: null }))).toMatchObject({ score: null, status: "idle" });
  });
});

describe("digest order", () => {
  it("puts the worst first, breaks ties by traffic, and idle apps last", () => {
    const ranked = rankDigest([
      entry({ name: "quiet", requests: 10 }),
      entry({ name: "idle", requests: 0 }),
      entry({ name: "busy", requests: 5000 }),
      entry({ name: "leaky", memPeak: 95, badMinutes: 30 }),
    ]);
    expect(ranked.shown.map((e) => e.figures.name)).toEqual(["leaky", "busy", "quiet"]);
    expect(ranked.idle.map((e) => e.figures.name)).toEqual(["idle"]);
  });

  it(`shows at most ${MAX_SHOWN}, then counts the rest ("+N healthy")`, () => {
    const many = [
      ...Array.from({ length: 11 }, (_, k) => entry({ name: `ok${k}`, requests: 100 + k })),
      entry({ name: "bad", badMinutes: 60 }),
    ];
    const ranked = rankDigest(many);
    expect(ranked.shown).toHaveLength(MAX_SHOWN);
    expect(ranked.shown[0].figures.name).toBe("bad");
    expect(ranked.hidden).toEqual({ count: 2, healthy: 2, notHealthy: 0 });
  });
});

// Property: diagnose() never throws and never proposes a write without a complete plan, whatever the
// snapshot holds: missing grids, empty or truncated series, NaN/∞/null points, odd plan and site fields.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diagnose, INTERNAL_ERROR } from "../../src/core/diagnose.ts";
import { RULE_IDS } from "../../src/core/diagnosis.ts";
import { isCompletePlan } from "../../src/core/mitigations/plans.ts";
import type { MetricGrid, Snapshot } from "../../src/core/snapshot.ts";
import { emptyLogs, snapshot, T0 } from "./mothers.ts";
import { SCENARIOS } from "./scenario-mothers.ts";

const point = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -10, max: 5000, noNaN: true }) },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, 1e308) },
);
const series = fc.array(point, { maxLength: 80 });

/** One way of damaging a grid. */
const damage = fc.oneof(
  { weight: 8, arbitrary: fc.constant({ kind: "keep" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "drop" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "empty" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "unsplit" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("replace" as const), all: series, inst: series }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("shift" as const), by: fc.integer({ min: -7_200_000, max: 7_200_000 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("grain" as const),
      grain: fc.constantFrom(0, -60_000, 1, 30_000, 300_000, Number.NaN),
    }),
  },
);

function apply(g: MetricGrid, d: Record<string, unknown>): MetricGrid | null {
  switch (d.kind) {
    case "drop":
      return null;
    case "empty":
      return { ...g, all: [], perInstance: {} };
    case "unsplit":
      return { ...g, perInstance: {} };
    case "replace":
      return {
        ...g,
        all: d.all as (number | null)[],
        perInstance: { RD0001: d.inst as (number | null)[], RD0002: [] },
      };
    case "shift":
      return { ...g, start: g.start + (d.by as number) };
    case "grain":
      return { ...g, grainMs: d.grain as number };
    default:
      return g;
  }
}

const logLine = fc.record({
  t: fc.integer({ min: T0 - 3_600_000, max: T0 + 7_200_000 }),
  message: fc.constantFrom(
    "Starting container for site",
    "Container x didn't respond to HTTP pings on port: 80, failing site start.",
    "Server listening on http://0.0.0.0:3000",
    "Listening on 127.0.0.1:8080",
    "Loading cache… 50%",
    "Traceback (most recent call last)",
    "Container is terminated",
    "",
  ),
});

const snapshotArb = fc
  .record({
    base: fc.constantFrom("plain", ...Object.keys(SCENARIOS)),
    os: fc.constantFrom("windows" as const, "linux" as const),
    sku: fc.constantFrom("F1", "B1", "S1", "P1v3", "P0v4", "I1v2", "weird", ""),
    capacity: fc.oneof(fc.integer({ min: -1, max: 40 }), fc.constant(Number.NaN)),
    damages: fc.array(damage, { minLength: 19, maxLength: 19 }),
    stopped: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
    exceeded: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
    withLogs: fc.boolean(),
    platform: fc.array(logLine, { maxLength: 12 }),
    console: fc.array(logLine, { maxLength: 6 }),
    slow: fc.array(
      fc.record({
        path: fc.string(),
        count: fc.integer({ min: -5, max: 500 }),
        p50Ms: fc.integer({ min: 0, max: 300_000 }),
        maxMs: fc.integer({ min: 0, max: 300_000 }),
      }),
      { maxLength: 7 },
    ),
    changes: fc.array(
      fc.record({
        at: fc.integer({ min: T0 - 3_600_000, max: T0 + 7_200_000 }),
        kind: fc.constantFrom(
          "restart",
          "stop",
          "start",
          "config",
          "swap",
          "deployment",
          "scale",
          "autoscale",
          "other",
        ),
        targetSlot: fc.option(fc.constantFrom("staging", ""), { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
    autoscale: fc.option(
      fc.record({
        minimum: fc.integer({ min: 0, max: 5 }),
        maximum: fc.integer({ min: 0, max: 10 }),
        id: fc.constantFrom("", "/subscriptions/s/resourceGroups/r/providers/Microsoft.Insights/autoscalesettings/a"),
      }),
      { nil: undefined },
    ),
    elastic: fc.boolean(),
    appSettings: fc.option(
      fc.dictionary(fc.constantFrom("WEBSITES_PORT", "WEBSITES_CONTAINER_START_TIME_LIMIT", "X"), fc.string()),
      { nil: undefined },
    ),
    badWindow: fc.integer({ min: 0, max: 9 }).map((x) => x === 0),
    use32: fc.boolean(),
    healthCheck: fc.boolean(),
    sites: fc.integer({ min: 0, max: 4 }),
  })
  .map((a): Snapshot => {
    const s =
      a.base === "plain"
        ? snapshot({
            os: a.os,
            sku: a.sku,
            minutes: 60,
            capacity: 2,
            r5: 1000,
            config: { use32BitWorkerProcess: a.use32, ...(a.healthCheck ? { healthCheckPath: "/health" } : {}) },
            metrics: { Http5xx: (m) => (m > 20 ? 40 : 0) },
          })
        : SCENARIOS[a.base].build();
    if (a.stopped) s.site.state = "Stopped";
    if (a.exceeded) s.site.usageState = "Exceeded";
    Object.assign(s.plan, { capacity: a.capacity, elasticScaleEnabled: a.elastic, numberOfSites: a.sites });
    if (a.base === "plain") s.plan.skuName = a.sku;
    s.metrics = s.metrics
      .map((g, i) => apply(g, a.damages[i % a.damages.length]))
      .filter((g): g is MetricGrid => g !== null);
    if (a.withLogs) {
      const logs = s.logs ?? emptyLogs();
      logs.platform = [...logs.platform, ...a.platform];
      logs.console = [...logs.console, ...a.console];
      logs.slowFailures = [...logs.slowFailures, ...a.slow];
      logs.failuresByPath = [...logs.failuresByPath, ...a.slow.map((x) => ({ path: x.path, count: x.count }))];
      logs.http5xx = [...logs.http5xx, ...a.changes.map((c) => ({ t: c.at, status: 502, subStatus: "5", count: 10 }))];
      s.logs = logs;
    }
    s.changes = [...s.changes, ...a.changes.map((c) => ({ ...c, operation: c.kind, source: "activityLog" as const }))];
    if (a.autoscale) s.autoscale = { name: "as", enabled: true, profileName: "p", default: 1, ...a.autoscale };
    if (a.appSettings) s.appSettings = a.appSettings;
    else delete s.appSettings;
    if (a.badWindow) s.window = { start: s.window.end, end: s.window.start };
    return s;
  });

describe("diagnose on arbitrary snapshots", () => {
  it("never throws and never proposes a write without a complete plan", () => {
    fc.assert(
      fc.property(snapshotArb, fc.boolean(), (s, explicit) => {
        const d = diagnose(s, { explicit });
        expect(d.unknowns.some((u) => u.startsWith(INTERNAL_ERROR))).toBe(false);
        expect(["incident", "platform", "stopped", "quota", "no-incident", "insufficient-data"]).toContain(d.verdict);
        expect(d.summary).not.toContain("\n");
        for (const m of d.mitigations) {
          expect(RULE_IDS).toContain(m.fromRule);
          if (m.write) expect(isCompletePlan(m), JSON.stringify(m)).toBe(true);
        }
        if (d.primary) expect(RULE_IDS).toContain(d.primary.id);
      }),
      { numRuns: 300 },
    );
  });
});

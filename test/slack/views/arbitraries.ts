// fast-check arbitraries: hostile text (mentions, forged links, entities, control characters, very long
// runs) and domain objects built from it.
import fc from "fast-check";
import type { Diagnosis, Evidence, Finding, Mitigation, MitigationKind, RuleId } from "../../../src/core/diagnosis.ts";
import { RULE_IDS } from "../../../src/core/diagnosis.ts";
import { DomainError } from "../../../src/core/errors.ts";
import type { KeyFigures } from "../../../src/core/figures.ts";
import type { AppRef, Snapshot } from "../../../src/core/snapshot.ts";
import { appRef, NOW, snapshot } from "./fixtures.ts";

export const TOKENS = [
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<@U123>",
  "<#C123>",
  "<!subteam^S1>",
  "<https://evil.example|click>",
  "<https://evil.example>",
  "&",
  "&amp;",
  "&lt;!here&gt;",
  "@channel",
  "@here",
  "@everyone",
  "`",
  "```",
  "*",
  "|",
  ">",
  "<",
  "\n",
  "\u0000",
  "\u202E",
  "😀",
  "\uD800",
];

/** Hostile text: injection tokens mixed with arbitrary strings, sometimes very long. */
export const nasty: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 20 })), { maxLength: 8 })
      .map((a) => a.join("")),
  },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...TOKENS), fc.integer({ min: 200, max: 4000 }))
      .map(([t, n]) => t.repeat(Math.ceil(n / t.length))),
  },
);

export const nastyApp: fc.Arbitrary<AppRef> = fc
  .record({
    name: nasty,
    resourceGroup: nasty,
    slot: fc.option(nasty, { nil: undefined }),
    location: nasty,
    subscriptionId: nasty,
  })
  .map((r) => appRef(r));

const value = fc.oneof(fc.double({ noNaN: false }), nasty, fc.integer());

export const nastyEvidence: fc.Arbitrary<Evidence> = fc.record({
  metric: nasty,
  aggregation: nasty,
  window: fc.record({ start: fc.integer({ min: NOW - 1e9, max: NOW }), end: fc.integer({ min: NOW - 1e9, max: NOW }) }),
  observed: value,
  threshold: value,
  comparison: fc.constantFrom(">=", ">", "<=", "<", "==", "!=", "≈", "matches", "present" as const),
  source: nasty,
  instance: fc.option(nasty, { nil: undefined }),
  note: fc.option(nasty, { nil: undefined }),
});

const ruleId = fc.constantFrom<RuleId>(...RULE_IDS);

export const nastyFinding = (maxEvidence: number): fc.Arbitrary<Finding> =>
  fc.record({
    id: ruleId,
    title: nasty,
    confidence: fc.constantFrom("Low", "Medium", "High" as const),
    precedence: fc.integer({ min: 1, max: 12 }),
    evidence: fc.array(nastyEvidence, { maxLength: maxEvidence, size: maxEvidence > 20 ? "max" : "small" }),
    scope: fc.option(fc.record({ instance: nasty }), { nil: undefined }),
    minor: fc.option(fc.boolean(), { nil: undefined }),
  });

const kinds: MitigationKind[] = [
  "restart",
  "start",
  "scaleOut",
  "scaleUp",
  "autoHeal",
  "healthCheck",
  "appSetting",
  "siteConfig",
  "swapBack",
  "autoscaleProfile",
  "waitForPlatform",
  "investigate",
];

export const nastyMitigation: fc.Arbitrary<Mitigation> = fc.record({
  kind: fc.constantFrom(...kinds),
  write: fc.boolean(),
  title: nasty,
  params: fc.dictionary(nasty, fc.oneof(nasty, fc.integer(), fc.array(nasty, { maxLength: 3 }), fc.constant(null)), {
    maxKeys: 5,
  }),
  why: nasty,
  change: fc.option(fc.record({ before: fc.oneof(nasty, fc.constant(null)), after: nasty }), { nil: undefined }),
  risk: nasty,
  armCall: fc.option(nasty, { nil: undefined }),
  fromRule: ruleId,
});

/** A diagnosis with up to `maxEvidence` evidence lines on its primary cause. */
export const nastyDiagnosis = (app: AppRef, maxEvidence: number): fc.Arbitrary<Diagnosis> =>
  fc
    .record({
      verdict: fc.constantFrom("incident", "platform", "stopped", "quota", "no-incident", "insufficient-data" as const),
      summary: nasty,
      primary: fc.option(nastyFinding(maxEvidence), { nil: undefined }),
      contributing: fc.array(nastyFinding(5), { maxLength: 4 }),
      advisories: fc.array(nastyFinding(2), { maxLength: 8 }),
      mitigations: fc.array(nastyMitigation, { maxLength: 30 }),
      unknowns: fc.array(nasty, { maxLength: 4 }),
      peak: fc.option(fc.double({ min: 0, max: 1 }), { nil: undefined }),
    })
    .map((r) => ({
      appId: app.id,
      verdict: r.verdict,
      summary: r.summary,
      window: { start: NOW - 3 * 3600_000, end: NOW },
      ...(r.peak !== undefined
        ? {
            incidentWindow: {
              start: NOW - 1800_000,
              end: NOW,
              buckets: 6,
              total5xx: 100,
              totalRequests: null,
              peakErr5xx: r.peak,
              episodes: 2,
            },
          }
        : {}),
      ...(r.primary ? { primary: r.primary } : {}),
      contributing: r.contributing,
      advisories: r.advisories,
      evidence: [],
      mitigations: r.mitigations,
      unknowns: r.unknowns,
      baselineSource: "none" as const,
      ruleResults: [],
    }));

const fig = fc.option(fc.double({ min: 0, max: 1e9, noNaN: true }), { nil: null });
export const figures: fc.Arbitrary<KeyFigures> = fc.record({
  requests: fig,
  http5xx: fig,
  errorRate: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  responseTimeAvgS: fig,
  responseTimeMaxS: fig,
  cpuPeakPct: fig,
  memPeakPct: fig,
  healthCheckMin: fig,
});

export const nastySnapshot = (app: AppRef) =>
  fc
    .record({
      state: nasty,
      rhTitle: nasty,
      hc: fc.option(nasty, { nil: undefined }),
      configRead: fc.boolean(),
      unknown: nasty,
      reason: nasty,
    })
    .map((r): Snapshot => {
      const { config, ...s } = snapshot(app);
      return {
        ...s,
        site: { ...s.site, state: r.state },
        ...(r.configRead && config ? { config: { ...config, healthCheckPath: r.hc } } : {}),
        resourceHealth: { availabilityState: "Degraded", title: r.rhTitle },
        unknowns: [{ signal: r.unknown, reason: r.reason }],
      };
    });

export const domainError = fc
  .record({
    kind: fc.constantFrom("forbidden", "notFound", "throttled", "timeout", "unavailable", "invalid" as const),
    userMessage: nasty,
    hint: fc.option(nasty, { nil: undefined }),
    call: fc.option(nasty, { nil: undefined }),
    retryAfterSeconds: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: undefined }),
    suggestions: fc.array(nastyApp, { maxLength: 12 }),
  })
  .map((r) => new DomainError(r));

// Acceptance over the scenario library (docs/scenarios.md): the real Azure adapter reads the HTTPS
// simulator through the real SDK clients, the pure core diagnoses, and each scenario's expected outcome,
// set-aside causes and must-nots hold.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ArmFleet, createArmFleet } from "../../src/azure/arm-fleet.ts";
import { staticTokenCredential } from "../../src/azure/credentials.ts";
import { formatDiagnosis, formatStatus } from "../../src/cli/format.ts";
import { diagnose } from "../../src/core/diagnose.ts";
import { CONFIDENCE_RANK, type Diagnosis, type Mitigation } from "../../src/core/diagnosis.ts";
import { keyFigures } from "../../src/core/figures.ts";
import type { Snapshot } from "../../src/core/snapshot.ts";
import { manualClock } from "../../src/sim/azure/fleet.ts";
import { addScenario, emptyFleet, scenarioExpectations } from "../../src/sim/azure/scenarios/index.ts";
import { ACCEPTANCE_SCENARIOS, type AcceptanceScenario } from "../../src/sim/azure/scenarios/library.ts";
import { type AzureSim, startAzureSim } from "../../src/sim/azure/server.ts";
import { diagnoseView, diagnosisMarkdown } from "../../src/slack/views/diagnose.ts";
import { statusView } from "../../src/slack/views/status.ts";

const WORKSPACE = "3f8a5c2e-1b4d-4e6f-9a7b-2c1d0e9f8a7b";
const SCENARIOS = ACCEPTANCE_SCENARIOS;
const LOOKBACK_MS = 180 * 60_000;

const clock = manualClock(Date.UTC(2026, 10, 24, 11, 0));
const fleet = emptyFleet(clock);
for (const s of SCENARIOS) addScenario(fleet, s);

let sim: AzureSim;
let arm: ArmFleet;
const results = new Map<string, Diagnosis>();
const snapshots = new Map<string, Snapshot>();

beforeAll(async () => {
  sim = await startAzureSim({ fleet });
  arm = createArmFleet({
    subscriptionIds: fleet.subscriptions,
    credential: staticTokenCredential("acceptance"),
    armEndpoint: sim.url,
    metricsBatchEndpointTemplate: sim.metricsBatchEndpointTemplate,
    logs: { endpoint: sim.logsEndpoint, workspaceId: WORKSPACE },
    ca: sim.ca,
    now: () => clock.now(),
  });
  const window = { start: clock.now() - LOOKBACK_MS, end: clock.now() };
  for (const s of SCENARIOS) {
    const r = await arm.resolveApp(scenarioExpectations[s].app);
    if (r.kind !== "found") throw new Error(`${s}: ${scenarioExpectations[s].app} not found`);
    const snapshot = await arm.snapshot(r.app, window, { baseline: true });
    results.set(s, diagnose(snapshot, { explicit: true, now: clock.now() }));
    snapshots.set(s, snapshot);
  }
}, 180_000);

afterAll(async () => {
  await sim?.close();
});

/** The expectation's vocabulary → the core's mitigation kinds. */
function kindMatches(m: Mitigation, expected: string): boolean {
  switch (expected) {
    case "rebootWorker":
      return m.kind === "restart" && m.params.action === "rebootWorker";
    case "restart":
      return m.kind === "restart" && m.params.action !== "rebootWorker";
    case "none":
      return false;
    case "appSettings":
      return m.kind === "appSetting";
    default:
      return m.kind === expected;
  }
}

const text = (m: Mitigation) => `${m.title} ${m.why} ${JSON.stringify(m.params)}`.toLowerCase();
const findings = (d: Diagnosis) => [d.primary, ...d.contributing, ...d.advisories].filter((f) => f !== undefined);

/** The expected mitigation, with its key parameters, is among the proposals (and first where it is the fix). */
const expectedMitigation: Partial<Record<AcceptanceScenario, (d: Diagnosis) => void>> = {
  S1: (d) => {
    expect(kindMatches(d.mitigations[0], "restart")).toBe(true);
    const ah = d.mitigations.find((m) => m.kind === "autoHeal");
    expect(ah?.params).toMatchObject({
      preset: "AH-MEM",
      autoHealRules: {
        triggers: { privateBytesInKB: 1468006 },
        actions: { actionType: "Recycle", minProcessExecutionTime: "00:10:00" },
      },
    });
    const up = d.mitigations.find((m) => m.kind === "scaleUp");
    expect(["P0v3", "P1v3"]).toContain(up?.params.toSku);
  },
  S2: (d) => {
    expect(d.mitigations[0]).toMatchObject({ kind: "scaleOut", params: { fromCapacity: 2, toCapacity: 4 } });
    expect(d.mitigations.some((m) => /autoscale/.test(text(m)))).toBe(true);
  },
  S3: (d) => {
    expect(d.mitigations[0]).toMatchObject({ kind: "appSetting", params: { settings: { WEBSITES_PORT: "3000" } } });
  },
  S4: (d) => {
    expect(d.mitigations[0]).toMatchObject({
      kind: "appSetting",
      params: { settings: { WEBSITES_CONTAINER_START_TIME_LIMIT: "480" } },
    });
  },
  S5: (d) => {
    expect(d.mitigations[0]).toMatchObject({ kind: "restart", params: { action: "rebootWorker", worker: "RD0003" } });
    expect(d.mitigations.find((m) => m.kind === "healthCheck")?.params.path).toBe("/health");
  },
  S6: (d) => {
    expect(d.mitigations[0].kind).toBe("investigate");
    expect(text(d.mitigations[0])).toMatch(/pool|reuse/);
    const out = d.mitigations.find((m) => m.kind === "scaleOut");
    if (out) expect([3, 4]).toContain(out.params.toCapacity);
  },
  S7: (d) => {
    expect(d.mitigations[0].kind).toBe("investigate");
    expect(text(d.mitigations[0])).toMatch(/dependen|database/);
    const ah = d.mitigations.find((m) => m.kind === "autoHeal");
    expect(ah?.params).toMatchObject({
      preset: "AH-SLOW",
      autoHealRules: { triggers: { slowRequests: { timeTaken: "00:01:00", count: 250, timeInterval: "00:05:00" } } },
    });
  },
  S8: (d) => {
    expect(d.mitigations[0].kind).toBe("investigate");
    expect(text(d.mitigations[0])).toContain("/api/reports/export");
    expect(text(d.mitigations[0])).toMatch(/background|queue|202/);
  },
};

function checkMustNot(d: Diagnosis, rule: string): void {
  const [what, a, b] = rule.split(":");
  switch (what) {
    case "primary":
      expect(d.primary?.id, rule).not.toBe(a);
      return;
    case "rule":
      expect(
        findings(d).map((f) => f.id),
        rule,
      ).not.toContain(a);
      return;
    case "confidenceAbove":
      for (const f of findings(d).filter((f) => f.id === a)) {
        expect(CONFIDENCE_RANK[f.confidence], rule).toBeLessThanOrEqual(CONFIDENCE_RANK[b as "Low"]);
      }
      return;
    case "mitigation":
      expect(d.mitigations[0] && kindMatches(d.mitigations[0], a), rule).toBeFalsy();
      return;
    case "proposal":
      expect(
        d.mitigations.filter((m) => kindMatches(m, a)),
        rule,
      ).toEqual([]);
      return;
    case "setting":
      expect(
        d.mitigations.filter((m) => JSON.stringify(m.params).includes(a)),
        rule,
      ).toEqual([]);
      return;
    default:
      return; // human-readable lines; their machine forms follow them in the list
  }
}

describe.each(SCENARIOS)("scenario %s through the real adapter", (s) => {
  const exp = scenarioExpectations[s];

  it(`${exp.verdict ?? "incident"}, primary ${exp.primary} at ≥ ${exp.minConfidence}, allowed contributing only`, () => {
    const d = results.get(s);
    expect(d?.verdict).toBe(exp.verdict ?? "incident");
    if (exp.primary === "none") expect(d?.primary).toBeUndefined();
    else expect(d?.primary?.id).toBe(exp.primary);
    expect(CONFIDENCE_RANK[d?.primary?.confidence ?? "Low"]).toBeGreaterThanOrEqual(CONFIDENCE_RANK[exp.minConfidence]);
    // R15 (recent change) is always allowed to show: it explains why.
    for (const c of d?.contributing ?? []) expect([...exp.contributingAllowed, "R15"]).toContain(c.id);
  });

  it(`proposes ${exp.mitigation.kind} first${exp.mitigation.kind === "none" ? " (nothing)" : ""}`, () => {
    const d = results.get(s);
    if (!d) throw new Error("no diagnosis");
    const specific = expectedMitigation[s];
    if (specific) return specific(d);
    if (exp.mitigation.kind === "none") {
      expect(d.mitigations.filter((m) => m.write)).toEqual([]);
      return;
    }
    expect(d.mitigations[0]).toMatchObject({
      kind: exp.mitigation.kind,
      ...(exp.mitigation.params ? { params: exp.mitigation.params } : {}),
    });
  });

  it("respects every must-not, and sets aside the causes another one explains", () => {
    const d = results.get(s);
    if (!d) throw new Error("no diagnosis");
    for (const rule of exp.mustNot) checkMustNot(d, rule);
    const aside = (d.setAside ?? []).map((f) => `${f.id}<${f.by}`);
    expect(aside).toEqual(exp.setAside ?? []);
    for (const f of d.setAside ?? []) {
      expect(f.reason.length).toBeGreaterThan(10);
      expect(d.mitigations.filter((m) => m.fromRule === f.id)).toEqual([]);
    }
  });

  it("says whether the incident is ongoing or ended", () => {
    const d = results.get(s);
    if (!d) throw new Error("no diagnosis");
    if (!d.incidentWindow)
      return expect(exp.verdict === "no-incident" || exp.verdict === "stopped" || exp.verdict === "quota").toBe(true);
    expect(d.incidentWindow.ongoing).toBe(!exp.ended);
    if (exp.ended) expect(d.summary).toMatch(/ended .* ago/);
  });

  it("reads as people write: no internal slugs, no raw floats, in status, diagnose and the CLI", () => {
    const d = results.get(s);
    const snap = snapshots.get(s);
    if (!d || !snap) throw new Error("no diagnosis");
    const input = {
      app: snap.app,
      snapshot: snap,
      diagnosis: d,
      figures: keyFigures(snap),
      windowMs: LOOKBACK_MS,
      now: clock.now(),
      mitigationsEnabled: true,
    };
    const texts = [
      JSON.stringify(statusView(input)),
      JSON.stringify(diagnoseView(input)),
      diagnosisMarkdown(input),
      formatStatus(snap, d, input.figures),
      formatDiagnosis(snap, d, input.figures),
      ...d.mitigations.map((m) => m.why),
    ];
    // Azure's own word on the region is shown whenever it is active, whatever the verdict.
    const status = texts[0];
    for (const e of snap.serviceHealth.filter((x) => x.status === "Active" && x.regions.includes(snap.app.location)))
      expect(status).toContain(e.title);
    for (const t of texts) {
      expect(t).not.toMatch(/\d\.\d{5,}/); // 93.71399999999998
      expect(t).not.toMatch(/no-incident|insufficient-data|per B5|\bB5\b/);
    }
  });

  it("names its evidence and sources, and every write has a complete plan", () => {
    const d = results.get(s);
    if (!d) throw new Error("no diagnosis");
    if (exp.primary !== "none") {
      if (!d.primary) throw new Error("no primary");
      expect(d.primary.evidence.length).toBeGreaterThan(0);
      for (const e of d.primary.evidence) expect(e.source).not.toBe("");
    }
    for (const m of d.mitigations.filter((m) => m.write)) {
      expect(m.armCall, m.title).toMatch(/^(POST|PUT|PATCH) /);
      expect(m.change, m.title).toBeDefined();
      expect(m.risk, m.title).not.toBe("");
    }
  });
});

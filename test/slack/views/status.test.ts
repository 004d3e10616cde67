import type { ActionsBlock, Button } from "@slack/types";
import { describe, expect, it } from "vitest";
import { statusView } from "../../../src/slack/views/status.ts";
import type { SlackMessage } from "../../../src/slack/views/types.ts";
import { expectNoInjection, expectWithinLimits, strings } from "./checks.ts";
import {
  appRef,
  HOUR,
  leakInput,
  NOW,
  quietDiagnosis,
  snapshot,
  stoppedDiagnosis,
  UNKNOWN_FIGURES,
} from "./fixtures.ts";

const all = (m: SlackMessage) => strings(m).join("\n");
const buttons = (m: SlackMessage): Button[] =>
  m.blocks.filter((b): b is ActionsBlock => b.type === "actions").flatMap((b) => b.elements as Button[]);

describe("statusView", () => {
  it("memory-leak incident: verdict first, figures with units, the cause with its evidence, buttons", () => {
    const m = statusView(leakInput());
    expectWithinLimits(m);
    expectNoInjection(m);
    expect(m).toMatchSnapshot();
    expect(m.text).toBe("shop-api: 🔴 incident — R08 Memory exhaustion or leak (High). 5xx 4.2% over 1 h.");
    const text = all(m);
    expect(m.blocks[0]).toMatchObject({ type: "header", text: { text: "🔴 shop-api · incident" } });
    expect(text).toContain("*Running* · P1v3 × 2 · West Europe · Windows");
    expect(text).toContain("Health check: `/health` (min 100% healthy) · Resource Health: 🟢 Available");
    expect(text).toContain("*Requests*\n45.2k");
    expect(text).toContain("*5xx*\n1,912 (4.2%)");
    expect(text).toContain("avg 340 ms · max 13 s");
    expect(text).toContain("*Memory peak*\n96%");
    expect(text).toContain("R08 Memory exhaustion or leak (High)");
    expect(text).toContain("*96%* ≥ 90%");
    expect(text).toContain("*Recent change* (R15, Medium)");
    expect(text).toContain("deployment by ci@contoso.com");
    expect(text).toContain("Not read: Log Analytics (no workspace configured)");
    expect(text).toContain("Times in Europe/Berlin (CEST)");
    expect(text).toContain("09:15–10:15 CEST");
  });

  it("buttons: Diagnose, Collect, then one per write mitigation, with parseable values", () => {
    const input = leakInput();
    const b = buttons(statusView(input));
    expect(b.map((x) => x.text.text)).toEqual(["Diagnose", "Collect", "Restart", "Auto-heal AH-MEM", "Scale out → 4"]);
    expect(b.map((x) => x.action_id)).toEqual([
      "appsvc_diagnose",
      "appsvc_collect",
      "appsvc_mitigate_0",
      "appsvc_mitigate_1",
      "appsvc_mitigate_2",
    ]);
    expect(JSON.parse(b[0].value ?? "")).toEqual({ appId: input.app.id, windowMs: HOUR });
    expect(JSON.parse(b[1].value ?? "")).toEqual({ appId: input.app.id, windowMs: HOUR });
    expect(JSON.parse(b[4].value ?? "")).toEqual({
      appId: input.app.id,
      kind: "scaleOut",
      params: input.diagnosis.mitigations[2].params,
    });
    expect(b[2].style).toBe("primary");
    expect(b[3].style).toBeUndefined();
    expect(JSON.parse(b[3].value ?? "").params.autoHealRules.actions.actionType).toBe("Recycle");
  });

  it("says whether fix buttons open an approval or explain that it is coming", () => {
    expect(all(statusView(leakInput({ mitigationsEnabled: false })))).toContain("approvals are coming");
    expect(all(statusView(leakInput({ mitigationsEnabled: true })))).toContain("opens an approval");
  });

  it("unknown figures render n/a, never 0", () => {
    const m = statusView(leakInput({ figures: UNKNOWN_FIGURES, diagnosis: quietDiagnosis() }));
    expectWithinLimits(m);
    expect(m).toMatchSnapshot();
    const text = all(m);
    expect(text).toContain("*Requests*\nn/a");
    expect(text).toContain("*5xx*\nn/a");
    expect(text).toContain("avg n/a · max n/a");
    expect(text).toContain("*CPU peak*\nn/a");
    expect(text).not.toMatch(/\*(Requests|5xx|CPU peak|Memory peak)\*\n0/);
    expect(m.text).toBe("shop-api: 🟢 healthy. 5xx n/a over 1 h.");
    expect(buttons(m).map((x) => x.action_id)).toEqual(["appsvc_diagnose", "appsvc_collect"]);
  });

  it("advisories without an incident are orange; unreadable metrics are grey", () => {
    const hc = {
      id: "R14" as const,
      title: "Health check misconfigured",
      confidence: "Medium" as const,
      precedence: 11,
      evidence: [],
    };
    const m = statusView(leakInput({ diagnosis: { ...quietDiagnosis(), advisories: [hc] } }));
    expect(m.text).toBe("shop-api: 🟠 minor findings. 5xx 4.2% over 1 h.");
    expect(all(m)).toContain(
      "No 502/503 incident in the last 1 h.\nWorth a look: R14 Health check misconfigured (Medium)",
    );
    const grey = statusView(
      leakInput({
        figures: UNKNOWN_FIGURES,
        diagnosis: {
          ...quietDiagnosis(),
          verdict: "insufficient-data",
          summary: "Requests and Http5xx could not be read.",
        },
      }),
    );
    expect(grey.text).toBe("shop-api: ⚪ insufficient data. 5xx n/a over 1 h.");
    expect(all(grey)).toContain("Requests and Http5xx could not be read.");
  });

  it("stopped app on a slot: ⏹ (not a failure), Start button, no health check, UTC when no zone is given", () => {
    const app = appRef({ slot: "staging" });
    const s = snapshot(app, {
      site: { ...snapshot().site, state: "Stopped" },
      config: { autoHealEnabled: false, use32BitWorkerProcess: false, alwaysOn: true },
      resourceHealth: undefined,
      unknowns: [],
    });
    const m = statusView({
      ...leakInput({ app }),
      snapshot: s,
      diagnosis: stoppedDiagnosis(app),
      timeZone: undefined,
      figures: UNKNOWN_FIGURES,
    });
    expectWithinLimits(m);
    expect(m).toMatchSnapshot();
    const text = all(m);
    expect(m.blocks[0]).toMatchObject({ text: { text: "⏹ shop-api/staging · stopped" } });
    expect(text).toContain("*⏹ stopped (since before the lookback; no stop in the Activity Log)*");
    // With the stop in the Activity Log: since when, for how long, and who.
    const now = leakInput().now;
    const stop = {
      at: now - 70 * 60_000,
      operation: "Microsoft.Web/sites/slots/stop/action",
      kind: "stop" as const,
      caller: "jane.doe@contoso.com",
      source: "activityLog" as const,
    };
    const withStop = statusView({
      ...leakInput({ app }),
      snapshot: { ...s, changes: [stop] },
      diagnosis: stoppedDiagnosis(app),
      timeZone: undefined,
      figures: UNKNOWN_FIGURES,
    });
    expect(all(withStop)).toMatch(/⏹ stopped since \d\d:\d\d UTC \(1 h 10 min\) by jane\.doe@contoso\.com/);
    expect(text).toContain("Health check: off · Resource Health: not read");
    expect(text).toContain("Times in UTC");
    expect(buttons(m).map((x) => x.text.text)).toEqual(["Diagnose", "Collect", "Start"]);
  });

  it("shows autoscale and automatic scaling on the plan line", () => {
    const base = snapshot();
    const auto = statusView({
      ...leakInput(),
      snapshot: {
        ...base,
        autoscale: { id: "a", name: "a", enabled: true, profileName: "default", minimum: 2, maximum: 6, default: 2 },
      },
    });
    expect(all(auto)).toContain("P1v3 × 2 (autoscale 2–6)");
    const elastic = statusView({
      ...leakInput(),
      snapshot: { ...base, plan: { ...base.plan, elasticScaleEnabled: true, maximumElasticWorkerCount: 20 } },
    });
    expect(all(elastic)).toContain("P1v3 × 2 (automatic scaling, max 20)");
  });

  it("keeps every button value within 2000 characters even with huge parameters", () => {
    const input = leakInput();
    input.diagnosis.mitigations[1].params.autoHealRules = { huge: "x".repeat(5000) };
    const b = buttons(statusView(input));
    const v = JSON.parse(b[3].value ?? "");
    expect(b[3].value?.length).toBeLessThanOrEqual(2000);
    expect(v).toEqual({
      appId: input.app.id,
      kind: "autoHeal",
      params: { preset: "AH-MEM", autoHealEnabled: true },
      reduced: true,
    });
  });

  it("is pure: the same input gives the same message", () => {
    expect(statusView(leakInput())).toEqual(statusView(leakInput()));
    expect(NOW).toBe(Date.UTC(2025, 5, 2, 8, 15));
  });
});

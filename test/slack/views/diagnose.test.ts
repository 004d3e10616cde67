import type { ActionsBlock, Button } from "@slack/types";
import { describe, expect, it } from "vitest";
import { diagnoseView, PRIMARY_EVIDENCE_INLINE } from "../../../src/slack/views/diagnose.ts";
import type { SlackMessage } from "../../../src/slack/views/types.ts";
import { expectNoInjection, expectWithinLimits, strings } from "./checks.ts";
import { appRef, evidence, leakDiagnosis, leakInput, MIN, NOW, quietDiagnosis, snapshot } from "./fixtures.ts";

const all = (m: SlackMessage) => strings(m).join("\n");
const buttons = (m: SlackMessage): Button[] =>
  m.blocks.filter((b): b is ActionsBlock => b.type === "actions").flatMap((b) => b.elements as Button[]);

describe("diagnoseView", () => {
  it("memory leak: verdict, window, every evidence line, contributing factor, ranked mitigations", () => {
    const m = diagnoseView(leakInput());
    expectWithinLimits(m);
    expectNoInjection(m);
    expect(m).toMatchSnapshot();
    const text = all(m);
    expect(m.text).toBe(
      "shop-api: 🔴 incident — R08 Memory exhaustion or leak (High). Peak 5xx 12% 09:42–10:15 CEST. 4 mitigations proposed.",
    );
    expect(text).toContain("*Verdict: incident* — 502/503 incident: memory exhaustion");
    expect(text).toContain(
      "*Incident window:* 09:42–10:15 CEST (33 min) · peak 5xx *12%* · 1,912 5xx of 45,210 requests",
    );
    expect(text).toContain("*Primary cause: R08 Memory exhaustion or leak (High)*");
    expect(text).toContain("· 09:40–10:15 · *96%* ≥ 90% ·");
    expect(text).toContain("monotonic rise · 08:15–09:40 · *85%* ≥ 60%");
    expect(text).toContain("*Contributing: R15 Recent change broke the app (Medium)*");
    expect(text).toContain("*4.2%* ≥ 0.3%");
    expect(text).toContain("*1. Restart the app (all instances)* · needs approval");
    expect(text).toContain("Change: `Running` → `Running (processes restarted)`");
    expect(text).toContain("ARM: `POST /subscriptions/");
    expect(text).toContain("/restart?softRestart=false&amp;synchronous=false`");
    expect(text).toContain("*4. Capture a memory dump* · advice, changes nothing");
    expect(text).toContain("• Collect a memory dump from Diagnose and solve problems");
    expect(text).toContain("Baselines from the quiet buckets of the lookback");
    // Collect first; advice has no button; writes do, numbered by their place in the list.
    expect(buttons(m).map((b) => b.action_id)).toEqual([
      "appsvc_collect",
      "appsvc_mitigate_0",
      "appsvc_mitigate_1",
      "appsvc_mitigate_2",
    ]);
    // The auto-heal ARM body does not fit a message line: the full detail is attached.
    expect(m.file?.filename).toBe("diagnose-shop-api-202506020815.md");
    expect(m.file?.content).toContain('"autoHealEnabled": true');
    expect(m.file?.content).toContain(
      'After: {"triggers":{"privateBytesInKB":5872025},"actions":{"actionType":"Recycle"}}',
    );
    expect(m.file?.content).toContain(
      "POST /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-shop/providers/Microsoft.Web/sites/shop-api/restart?softRestart=false&synchronous=false",
    );
  });

  it("long evidence stays in the file; the message keeps the first lines and says how many more", () => {
    const extra = Array.from({ length: 40 }, (_, i) =>
      evidence({
        metric: "MemoryPercentage",
        observed: 90 + (i % 10),
        window: { start: NOW - (i + 1) * 5 * MIN, end: NOW - i * 5 * MIN },
        note: `bucket ${i}`,
      }),
    );
    const input = leakInput({ diagnosis: leakDiagnosis(appRef(), extra) });
    const m = diagnoseView(input);
    expectWithinLimits(m);
    const hidden = 42 - PRIMARY_EVIDENCE_INLINE;
    expect(all(m)).toContain(`_+ ${hidden} more evidence lines in the attached file_`);
    expect(all(m)).not.toContain("bucket 39");
    expect(m.file?.content).toContain("bucket 39");
    expect(m.file?.content.match(/^• `MemoryPercentage`/gm)?.length).toBe(42);
  });

  it("no incident: green, no mitigations, no file", () => {
    const m = diagnoseView(leakInput({ diagnosis: quietDiagnosis() }));
    expectWithinLimits(m);
    expect(m).toMatchSnapshot();
    expect(m.text).toBe("shop-api: 🟢 healthy. No mitigation proposed.");
    expect(all(m)).toContain("*Mitigations:* none proposed.");
    expect(m.file).toBeUndefined();
    expect(buttons(m).map((b) => b.action_id)).toEqual(["appsvc_collect"]);
  });

  it("platform incident: wait-for-platform advice is shown without a button", () => {
    const d = {
      ...quietDiagnosis(),
      verdict: "platform" as const,
      summary: "Azure platform incident in westeurope.",
      primary: {
        id: "R01" as const,
        title: "Azure platform incident",
        confidence: "High" as const,
        precedence: 2,
        evidence: [
          evidence({
            metric: "ServiceHealth",
            aggregation: "event",
            observed: "Active",
            threshold: "Active",
            comparison: "==" as const,
            note: "App Service · westeurope",
          }),
        ],
      },
      mitigations: [
        {
          kind: "waitForPlatform" as const,
          write: false,
          title: "Follow the Azure incident",
          params: { trackingId: "ABC-123" },
          why: "R01",
          risk: "None: nothing is changed.",
          fromRule: "R01" as const,
        },
      ],
    };
    const m = diagnoseView(leakInput({ diagnosis: d, snapshot: snapshot() }));
    expectWithinLimits(m);
    expect(m.text).toContain("🔴 platform incident — R01 Azure platform incident (High)");
    expect(all(m)).toContain("*1. Follow the Azure incident* · advice, changes nothing");
    expect(buttons(m).map((b) => b.action_id)).toEqual(["appsvc_collect"]);
  });
});

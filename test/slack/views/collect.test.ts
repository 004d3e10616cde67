import { describe, expect, it } from "vitest";
import type { Collected } from "../../../src/collect/collect.ts";
import { summariseContainerLog } from "../../../src/collect/container-log.ts";
import { summariseDiagnostics } from "../../../src/collect/diagnostics-summary.ts";
import { findOutlier } from "../../../src/collect/process-outliers.ts";
import type { ProcessRow } from "../../../src/collect/types.ts";
import { collectView, outlierText } from "../../../src/slack/views/collect.ts";
import { snapshot } from "../../core/mothers.ts";
import { expectNoInjection, expectWithinLimits } from "./checks.ts";

const NOW = Date.UTC(2026, 10, 24, 11, 0);
const rows: ProcessRow[] = ["RD0001", "RD0002", "RD0003", "RD0004"].map((instance, i) => ({
  instance,
  pid: 4000 + i,
  name: "w3wp",
  scm: false,
  privateBytes: instance === "RD0003" ? 7.6e9 : 3e9,
  workingSet: 2.8e9,
  threads: 40,
  handles: 900,
  cpuSeconds: 300,
  startedAt: NOW - 46 * 60_000,
}));

function collected(over: Partial<Collected> = {}): Collected {
  const snap = snapshot({ name: "shop-api", capacity: 4 });
  const outlier = findOutlier(rows);
  return {
    kind: "found",
    app: snap.app,
    os: "windows",
    container: false,
    snapshot: snap,
    diagnostics: {
      ok: true,
      ms: 5,
      value: {
        read: { results: [], raw: {} },
        summary: summariseDiagnostics([
          {
            kind: "detector",
            id: "sitememoryanalysis",
            issue: true,
            periods: [{ start: 1, end: 2, message: "Memory <!channel> reached 97% on *RD0003*" }],
          },
        ]),
      },
    },
    containerLog: {
      ok: false,
      ms: 0,
      problem: { kind: "unsupported", message: "Container logs exist only for Linux and custom-container apps." },
    },
    processes: { ok: true, ms: 5, value: outlier ? { rows, outlier } : { rows } },
    logStream: {
      ok: false,
      ms: 3,
      problem: {
        kind: "forbidden",
        message: "The bot's Azure identity lacks permission 'Microsoft.Web/sites/publish/Action' on app 'shop-api'.",
        hint: "Grant it the Website Contributor role.",
      },
    },
    ms: 1234,
    ...over,
  };
}

describe("collectView", () => {
  it("leads with the outlier, one line per source, the process table and Dump buttons, within Block Kit limits", () => {
    const m = collectView({
      collected: collected(),
      now: NOW,
      workspaceConfigured: false,
      files: ["processes-shop-api.json"],
      timeZone: "UTC",
    });
    expectWithinLimits(m);
    expectNoInjection(m);
    expect(m.text).toBe("shop-api: RD0003: w3wp private bytes 7.1 GB, 2.5× the other instances; started 10:14 UTC");
    const all = JSON.stringify(m.blocks);
    expect(all).toContain("➖ *Container log:* Container logs exist only for Linux");
    expect(all).toContain(
      "⚠️ *Log stream:* The bot's Azure identity lacks permission 'Microsoft.Web/sites/publish/Action'",
    );
    expect(all).toContain("Memory &lt;!channel&gt; reached 97%");
    expect(all).toContain("RD0003 · w3wp (PID 4002) · private 7.1 GB");
    expect(all).toContain("no Log Analytics workspace is configured");
    const buttons = m.blocks.flatMap((b) => (b.type === "actions" ? b.elements : []));
    expect(buttons.map((b) => (b as { text: { text: string } }).text.text)).toEqual([
      "Dump w3wp on RD0003",
      "Dump w3wp on RD0001",
      "Dump w3wp on RD0002",
      "Dump w3wp on RD0004",
    ]);
  });

  it("a Linux app leads with the container's crash line and offers no Dump button", () => {
    const log = summariseContainerLog(
      "2026-11-24T10:03:50.000Z ERROR - Container api_0 didn't respond to HTTP pings on port: 80, failing site start.",
    );
    const m = collectView({
      collected: collected({
        os: "linux",
        container: true,
        containerLog: { ok: true, ms: 3, value: { read: { tail: "" }, summary: log } },
        processes: { ok: false, ms: 0, problem: { kind: "unsupported", message: "Windows only." } },
      }),
      now: NOW,
      workspaceConfigured: true,
      files: [],
    });
    expect(m.text).toMatch(/^shop-api: Container api_0 didn't respond to HTTP pings on port: 80/);
    expect(m.blocks.some((b) => b.type === "actions")).toBe(false);
  });

  it("outlierText says when there is no other instance to compare", () => {
    expect(
      outlierText(
        { instance: "RD0001", pid: 1, name: "w3wp", metric: "privateBytes", value: 3.3e9, startedAt: NOW },
        "UTC",
      ),
    ).toBe("RD0001: w3wp private bytes 3.1 GB (the only instance); started 11:00 UTC");
  });
});

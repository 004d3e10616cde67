import { describe, expect, it } from "vitest";
import { draftFor } from "../../src/approvals/plan-build.ts";
import type { ProcessRow } from "../../src/collect/types.ts";
import { snapshot } from "../core/mothers.ts";

const rows: ProcessRow[] = [
  { instance: "RD0002", pid: 4711, name: "w3wp", scm: false, privateBytes: 3.1e9, workingSet: 2.9e9 },
  { instance: "RD0002", pid: 5120, name: "dotnet", scm: false, privateBytes: 0.4e9 },
  { instance: "RD0002", pid: 77, name: "w3wp", scm: true, privateBytes: 0.15e9 },
];

describe("memory dump draft", () => {
  const s = snapshot({ name: "shop-api", capacity: 3 });

  it("defaults to the app's biggest worker: its size, the pause risk, one GET and the blob name", () => {
    const r = draftFor({ kind: "memoryDump", instance: "rd0002", processes: rows }, s);
    if (!r.ok) throw new Error(r.reason);
    expect(r.draft.action).toBe("memory-dump");
    expect(r.draft.title).toBe("Memory dump of w3wp (PID 4711) on RD0002");
    expect(r.draft.operation).toMatchObject({ op: "memoryDump", instance: "RD0002", pid: 4711, estimateBytes: 3.1e9 });
    expect(r.draft.arm.method).toBe("GET");
    expect(r.draft.arm.path).toMatch(/\/sites\/shop-api\/instances\/RD0002\/processes\/4711\/dump$/);
    expect(r.draft.risks[0]).toMatch(/paused while the dump is written \(about 62 s for 2\.9 GB\)/);
    expect(r.draft.risks.join(" ")).toMatch(/secrets included/);
  });

  it("picks by name or PID, and never Kudu's own worker by name", () => {
    const byName = draftFor({ kind: "memoryDump", instance: "RD0002", process: "dotnet", processes: rows }, s);
    expect(byName.ok && byName.draft.operation).toMatchObject({ pid: 5120 });
    const byPid = draftFor({ kind: "memoryDump", instance: "RD0002", process: "4711", processes: rows }, s);
    expect(byPid.ok && byPid.draft.operation).toMatchObject({ pid: 4711 });
  });

  it("refuses an unknown instance or process with what exists, and Linux with the steps to take", () => {
    const inst = draftFor({ kind: "memoryDump", instance: "RD0009", processes: rows }, s);
    expect(inst).toEqual({ ok: false, reason: "shop-api has no instance RD0009 (instances: RD0001, RD0002, RD0003)." });
    const proc = draftFor({ kind: "memoryDump", instance: "RD0002", process: "node", processes: rows }, s);
    expect(proc.ok ? "" : proc.reason).toMatch(
      /No process node on RD0002; it runs w3wp \(PID 4711\), dotnet \(PID 5120\)/,
    );
    const linux = draftFor(
      { kind: "memoryDump", instance: "RD0002", processes: [] },
      snapshot({ name: "api", os: "linux" }),
    );
    expect(linux.ok ? "" : linux.reason).toMatch(/runs on Linux: App Service has no memory-dump API/);
  });
});

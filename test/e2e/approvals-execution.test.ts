// Execution exactly once: 100 simultaneous Approve clicks make one ARM restart; an Azure failure is reported
// in the thread and audited, never retried; a restart that cannot help (S7, slow database) is reported as
// not recovered with the next suggestion; a proposal survives a bot restart on the same SQLite data dir.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Azure,
  addOpsPeople,
  armCalls,
  BOB,
  CAROL,
  clickAs,
  current,
  type Harness,
  OPS,
  opsPolicy,
  proposeVia,
  simVerify,
  startAzureWith,
  startHarness,
  toldTo,
  USER,
} from "./harness.ts";

let azure: Azure;
let h: Harness;

beforeAll(async () => {
  azure = await startAzureWith([
    ["S1", { minutesIn: 96 }],
    ["S7", { minutesIn: 60 }],
  ]);
  h = await startHarness(azure, {
    policyYaml: opsPolicy({ scope: "shop-api, inventory-api" }),
    approvals: simVerify(azure),
  });
  addOpsPeople(h);
});
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

describe("exactly once", () => {
  it("100 concurrent Approve clicks: one ARM write, one winner, everyone else told who acted", async () => {
    const p = await proposeVia(h, "restart shop-api");
    const before = armCalls(azure, "sites.restart");
    const clicks = Array.from({ length: 100 }, (_, i) =>
      h.emu.driver.clickButton(h.botUrl, {
        channelId: OPS,
        messageTs: p.ts,
        actionId: "appsvc_approve",
        userId: i % 2 ? BOB : CAROL,
      }),
    );
    const acks = await Promise.all(clicks);
    expect(acks.every((a) => a.status === 200)).toBe(true);
    await h.idle(20_000);
    expect(armCalls(azure, "sites.restart") - before).toBe(1);
    const told = [...toldTo(h, BOB, OPS), ...toldTo(h, CAROL, OPS)];
    expect(told).toHaveLength(99);
    expect(told.every((t) => /Already (approved|running|done)/.test(t))).toBe(true);
    expect(current(h, OPS, p.ts).text).toMatch(/Done/);
    // At most one edit per state change (approved → done); a losing click never edits (issue 13).
    const edits = h.emu.store.findMessage(OPS, p.ts)?.updates.map((u) => u.text) ?? [];
    expect(edits).toEqual([expect.stringMatching(/Approved by .* restarting/), expect.stringMatching(/Done/)]);
  });

  it("an Azure failure is reported in the thread and audited, with exactly one request", async () => {
    const p = await proposeVia(h, "restart shop-api");
    azure.sim.faults.add({ route: "sites.restart", status: 500, message: "Simulated outage" });
    const before = armCalls(azure, "sites.restart");
    try {
      await clickAs(h, OPS, p.ts, "appsvc_approve", BOB);
    } finally {
      azure.sim.faults.clear();
    }
    expect(armCalls(azure, "sites.restart") - before).toBe(1);
    expect(current(h, OPS, p.ts).text).toMatch(/Failed/);
    const thread = h.emu.store.thread(OPS, p.ts).map((m) => m.text);
    expect(thread.join("\n")).toMatch(/failed: .+not retried/);
    await h.emu.driver.slashCommand(h.botUrl, { text: "audit shop-api --json", channelId: OPS, userId: USER });
    await h.idle();
    const [file] = h.emu.store.filesIn(OPS, h.emu.store.channelMessages(OPS).at(-1)?.ts);
    const rows = JSON.parse(file?.bytes?.toString("utf8") ?? "[]") as { kind: string; detail: { state?: string } }[];
    expect(rows.some((r) => r.kind === "result" && r.detail.state === "failed")).toBe(true);
  });

  it("S7: a restart does not fix a slow dependency; the thread says so with the next suggestion", async () => {
    const p = await proposeVia(h, "restart inventory-api");
    await clickAs(h, OPS, p.ts, "appsvc_approve", BOB);
    const last = h.emu.store.thread(OPS, p.ts).at(-1)?.text ?? "";
    expect(last).toMatch(/has not recovered/);
    expect(last).toMatch(/Next suggestion: /);
  });

  it("a bot restart while a proposal is pending: the new bot executes the approval", async () => {
    const p = await proposeVia(h, "restart shop-api");
    await h.restartBot();
    const before = armCalls(azure, "sites.restart");
    await clickAs(h, OPS, p.ts, "appsvc_approve", BOB);
    expect(armCalls(azure, "sites.restart") - before).toBe(1);
    expect(current(h, OPS, p.ts).text).toMatch(/Done/);
  });
});

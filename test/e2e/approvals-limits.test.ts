// The policy's limits through the real bot: a scale out above maxInstances or a scale up to a SKU outside
// skus is refused when asked for, and again at approval when the policy tightened after the proposal
// (which can still be cancelled).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Azure,
  addOpsPeople,
  armCalls,
  BOB,
  clickAs,
  current,
  type Harness,
  OPS,
  openHome,
  opsPolicy,
  proposals,
  proposeVia,
  simVerify,
  startAzureWith,
  startHarness,
  toldTo,
  USER,
} from "./harness.ts";

const withLimits = (limits: string) => opsPolicy().replace("    actions:", `    limits: ${limits}\n    actions:`);

let azure: Azure;
let h: Harness;

beforeAll(async () => {
  azure = await startAzureWith([["S1", { minutesIn: 96 }]]);
  h = await startHarness(azure, {
    policyYaml: withLimits("{ maxInstances: 3, skus: [P1v3] }"),
    approvals: simVerify(azure),
  });
  addOpsPeople(h);
});
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

async function ask(text: string) {
  const before = proposals(h, OPS).length;
  await h.emu.driver.slashCommand(h.botUrl, { text, channelId: OPS, userId: USER });
  await h.idle();
  return { proposed: proposals(h, OPS).length - before, told: toldTo(h, USER, OPS).at(-1) ?? "" };
}

describe("policy limits", () => {
  it("refuses a scale out above maxInstances, saying the limit and where it is set", async () => {
    const r = await ask("scale shop-api out 5");
    expect(r.proposed).toBe(0);
    expect(r.told).toMatch(/at most 3 instances \(bindings\[0\]\.limits\.maxInstances\); this change asks for 5/);
  });

  it("refuses a scale up to a SKU outside skus", async () => {
    const r = await ask("scale shop-api up P2v3");
    expect(r.proposed).toBe(0);
    expect(r.told).toMatch(/only to P1V3 \(bindings\[0\]\.limits\.skus\)/);
  });

  it("proposes within the limits, and the approved change is written", async () => {
    const r = await ask("scale shop-api out 3");
    expect(r.proposed).toBe(1);
    const p = proposals(h, OPS).at(-1)!;
    const before = armCalls(azure, "plans.patch") + armCalls(azure, "plans.put");
    await clickAs(h, OPS, p.ts, "appsvc_approve", BOB);
    expect(armCalls(azure, "plans.patch") + armCalls(azure, "plans.put")).toBe(before + 1);
  });

  it("a tighter policy after the proposal: Approve is refused, nothing is written, Cancel still works", async () => {
    // The plan runs 3 instances now (the test above); allow 5, propose 4, then tighten to 3.
    const policyFile = join(h.dataDir, "policy.yml");
    writeFileSync(policyFile, withLimits("{ maxInstances: 5 }"));
    await h.restartBot();
    const p = await proposeVia(h, "scale shop-api out 4");
    writeFileSync(policyFile, withLimits("{ maxInstances: 3 }"));
    await h.restartBot();
    // The approver's Home says so before anyone clicks.
    const home = (await openHome(h, BOB)).view;
    expect(home).toContain(
      ":warning: Approve will be refused, it can only be cancelled: This channel's policy allows at most 3 instances",
    );
    const writes = () => armCalls(azure, "plans.patch") + armCalls(azure, "plans.put");
    const before = writes();
    await clickAs(h, OPS, p.ts, "appsvc_approve", BOB);
    expect(toldTo(h, BOB, OPS).at(-1)).toMatch(/at most 3 instances .*asks for 4/);
    expect(writes()).toBe(before);
    await clickAs(h, OPS, p.ts, "appsvc_cancel", USER);
    expect(current(h, OPS, p.ts).text).toMatch(/Cancelled/);
  });
});

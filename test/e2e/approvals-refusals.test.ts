// Who may do what: cancel by the requester, expiry (message edited, late click told), an outsider's click
// (no ARM write), self-approval under the two-person rule, a channel the policy does not bind, and `help`
// listing only what the caller may use. Every refusal is audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/sim/azure/fleet.ts";
import {
  type Azure,
  addOpsPeople,
  armCalls,
  BOB,
  clickAs,
  current,
  type Harness,
  MALLORY,
  OPS,
  OTHER,
  opsPolicy,
  proposals,
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
  azure = await startAzureWith([["S1", { minutesIn: 96 }]]);
  h = await startHarness(azure, { policyYaml: opsPolicy(), approvals: simVerify(azure) });
  addOpsPeople(h);
});
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

async function refusalsInAudit(): Promise<string[]> {
  await h.emu.driver.slashCommand(h.botUrl, { text: "audit --json", channelId: OPS, userId: USER });
  await h.idle();
  const last = h.emu.store.channelMessages(OPS).at(-1);
  const [file] = h.emu.store.filesIn(OPS, last?.ts);
  const rows = JSON.parse(file?.bytes?.toString("utf8") ?? "[]") as { kind: string; detail: { reason?: string } }[];
  return rows.filter((r) => r.kind === "refusal").map((r) => r.detail.reason ?? "");
}

describe("refusals and withdrawals", () => {
  it("the requester cancels: buttons gone, nothing sent to Azure", async () => {
    const p = await proposeVia(h, "restart shop-api");
    await clickAs(h, OPS, p.ts, "appsvc_cancel", USER);
    expect(current(h, OPS, p.ts).text).toMatch(new RegExp(`Cancelled by <@${USER}>`));
    expect(current(h, OPS, p.ts).blocks).not.toContain("appsvc_approve");
    expect(armCalls(azure, "sites.restart")).toBe(0);
  });

  it("an outsider cannot approve or cancel: told why, no ARM write, refusal audited", async () => {
    const p = await proposeVia(h, "restart shop-api");
    await clickAs(h, OPS, p.ts, "appsvc_approve", MALLORY);
    await clickAs(h, OPS, p.ts, "appsvc_cancel", MALLORY);
    expect(armCalls(azure, "sites.restart")).toBe(0);
    const told = toldTo(h, MALLORY, OPS).join("\n");
    expect(told).toMatch(/needs an approver in role leads/);
    expect(told).toMatch(/Only the requester or an approver can cancel/);
    expect(current(h, OPS, p.ts).blocks).toContain("appsvc_approve"); // still pending for the real approvers
    expect((await refusalsInAudit()).join("\n")).toMatch(/needs an approver/);
  });

  it("the requester cannot approve their own change (two-person rule)", async () => {
    const p = await proposeVia(h, "restart shop-api", OPS, BOB);
    await clickAs(h, OPS, p.ts, "appsvc_approve", BOB);
    expect(armCalls(azure, "sites.restart")).toBe(0);
    expect(toldTo(h, BOB, OPS).join("\n")).toMatch(/Two-person rule|two-person rule/);
    expect(current(h, OPS, p.ts).blocks).toContain("appsvc_approve");
  });

  it("a channel the policy does not bind gets no proposal, with the reason", async () => {
    const ack = await h.emu.driver.slashCommand(h.botUrl, { text: "restart shop-api", channelId: OTHER, userId: USER });
    expect(ack.status).toBe(200);
    await h.idle();
    expect(proposals(h, OTHER)).toHaveLength(0);
    expect(toldTo(h, USER, OTHER).join("\n")).toMatch(/not bound in the policy/);
    expect((await refusalsInAudit()).join("\n")).toMatch(/not bound/);
  });

  it("an expired proposal becomes Expired (buttons gone) and a late click is told so", async () => {
    const p = await proposeVia(h, "restart shop-api");
    const asShown = structuredClone(p.blocks);
    azure.clock.advance(16 * MINUTE);
    await h.emu.driver.waitFor(() => /Expired/.test(current(h, OPS, p.ts).text), 5_000);
    expect(current(h, OPS, p.ts).blocks).not.toContain("appsvc_approve");
    const m = h.emu.store.findMessage(OPS, p.ts);
    if (!m) throw new Error("gone");
    const now = m.blocks;
    m.blocks = asShown; // a client that had not refreshed
    await h.emu.driver.clickButton(h.botUrl, {
      channelId: OPS,
      messageTs: p.ts,
      actionId: "appsvc_approve",
      userId: BOB,
    });
    m.blocks = now;
    await h.idle();
    expect(toldTo(h, BOB, OPS).join("\n")).toMatch(/Expired at/);
    expect(armCalls(azure, "sites.restart")).toBe(0);
  });

  it("help shows only the verbs the caller may use here", async () => {
    const ask = async (user: string, channel: string) => {
      const ack = await h.emu.driver.slashCommand(h.botUrl, { text: "help", channelId: channel, userId: user });
      return ack.body;
    };
    const alice = await ask(USER, OPS);
    expect(alice).toContain("/appsvc restart");
    expect(alice).toContain("/appsvc scale");
    expect(alice).not.toContain("/appsvc stop"); // stop is not granted in #prod-ops
    const mallory = await ask(MALLORY, OPS);
    expect(mallory).toContain("/appsvc status");
    expect(mallory).not.toContain("/appsvc restart");
    const elsewhere = await ask(USER, OTHER);
    expect(elsewhere).not.toContain("/appsvc restart");
    expect(elsewhere).not.toContain("/appsvc status");
  });
});

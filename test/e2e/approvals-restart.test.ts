// Propose → approve → execute → verify through Slack: `/appsvc restart shop-api` in #prod-ops (S1, 96 min
// into its memory leak), Bob approves, the simulator restarts the site once, and the thread says it
// recovered. The proposal shows exactly what will change; everything lands in the audit trail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Azure,
  addOpsPeople,
  armCalls,
  BOB,
  blockText,
  clickAs,
  current,
  type Harness,
  OPS,
  openHome,
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
  azure = await startAzureWith([["S1", { minutesIn: 96 }]]);
  h = await startHarness(azure, { policyYaml: opsPolicy(), approvals: simVerify(azure) });
  addOpsPeople(h);
});
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

describe("restart, approved in Slack", () => {
  it("shows the exact change, runs one ARM restart on approval and reports recovery in the thread", async () => {
    const p = await proposeVia(h, "restart shop-api");
    const shown = blockText(p.blocks);
    expect(shown).toContain("POST /subscriptions/");
    expect(shown).toContain("/sites/shop-api/restart?softRestart=false");
    expect(shown).toMatch(/Before → after/);
    expect(shown).toMatch(/Evidence/);
    expect(shown).toMatch(/Risk/);
    expect(shown).toContain(`<@${USER}>`);
    expect(shown).toMatch(/expires at/);
    expect(shown).toContain('"appsvc_cancel"');
    expect(armCalls(azure, "sites.restart")).toBe(0);

    await clickAs(h, OPS, p.ts, "appsvc_approve", BOB);
    expect(armCalls(azure, "sites.restart")).toBe(1);
    const now = current(h, OPS, p.ts);
    expect(now.blocks).not.toContain("appsvc_approve");
    expect(now.text).toMatch(/Done/);
    // The interim state was shown first: "Approved by @bob — restarting…".
    const m = h.emu.store.findMessage(OPS, p.ts);
    expect(m?.updates.map((u) => u.text).join("\n")).toMatch(new RegExp(`Approved by <@${BOB}> — restarting`));

    const thread = h.emu.store.thread(OPS, p.ts).map((r) => r.text);
    expect(thread[0]).toMatch(/Azure accepted/);
    expect(thread.at(-1)).toMatch(/recovered: 5xx [\d.]+% → 0%/);
    expect(thread.at(-1)).not.toMatch(/not recovered/);
  });

  it("a second click after the decision does nothing and says who already acted", async () => {
    const p = await proposeVia(h, "restart shop-api");
    const asShown = structuredClone(p.blocks);
    await clickAs(h, OPS, p.ts, "appsvc_approve", BOB);
    const restarts = armCalls(azure, "sites.restart");
    // The message has no buttons any more; a stale copy of it still could be clicked: replay the click.
    const stale = { channelId: OPS, messageTs: p.ts, actionId: "appsvc_approve", userId: "U0CAROL" };
    const m = h.emu.store.findMessage(OPS, p.ts);
    if (!m) throw new Error("proposal message gone");
    const decided = m.blocks;
    m.blocks = asShown; // what Carol's client still showed
    await h.emu.driver.clickButton(h.botUrl, stale);
    m.blocks = decided;
    await h.idle(20_000);
    expect(armCalls(azure, "sites.restart")).toBe(restarts);
    expect(toldTo(h, "U0CAROL", OPS).join("\n")).toMatch(new RegExp(`(Already (approved|done|running)).*<@${BOB}>`));
  });

  it("/appsvc audit lists the actions and --json attaches the export", async () => {
    const ack = await h.emu.driver.slashCommand(h.botUrl, {
      text: "audit shop-api --days 1",
      channelId: OPS,
      userId: USER,
    });
    expect(ack.status).toBe(200);
    await h.idle();
    const answer = h.emu.store.channelMessages(OPS).at(-1);
    const text = blockText(answer?.blocks);
    for (const kind of ["request", "approval", "execution", "arm-call", "result", "verification"])
      expect(text).toContain(`*${kind}*`);

    await h.emu.driver.slashCommand(h.botUrl, { text: "audit shop-api --json", channelId: OPS, userId: USER });
    await h.idle();
    const last = h.emu.store
      .channelMessages(OPS)
      .filter((x) => x.via === "chat.postMessage")
      .at(-1);
    const files = h.emu.store.filesIn(OPS, last?.ts);
    expect(files).toHaveLength(1);
    const rows = JSON.parse(files[0].bytes?.toString("utf8") ?? "[]") as { kind: string; app: string }[];
    expect(rows.length).toBeGreaterThan(6);
    expect(new Set(rows.map((r) => r.app))).toEqual(new Set(["shop-api"]));
    expect(rows.some((r) => r.kind === "arm-call")).toBe(true);
  });
});

describe("App Home with approvals", () => {
  it("shows the approver what waits for them and what was done, and a bystander nothing of it", async () => {
    await proposeVia(h, "restart shop-api --soft");
    const bob = (await openHome(h, BOB)).view;
    expect(bob).toMatch(/Pending approvals\* \(1\)/);
    expect(bob).toMatch(/Recent actions\* \([1-9]/);
    expect(bob).toContain("recovered");
    const stranger = (await openHome(h, "U0STRANGER")).view;
    expect(stranger).toMatch(/Pending approvals\* \(0\)/);
    expect(stranger).toMatch(/Recent actions\* \(0\)/);
  });
});

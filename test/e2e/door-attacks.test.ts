// Tried as an attacker with a signed Slack payload would: every forged or replayed request below does
// nothing in Azure, and is answered or audited clearly. The door (src/door) and the stored proposal decide.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSlackRequest } from "../../src/sim/slack/signing.ts";
import {
  type Azure,
  addOpsPeople,
  armCalls,
  clickAs,
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

/** A second channel where Mallory may request and approve restarts of the same app, alone. */
const LAX = "C0LAXOPS";
/** A channel that sees only another app. */
const STAGING = "C0STAGING";

function policy(): string {
  return [
    opsPolicy().trimEnd(),
    `  - channel: ${LAX}`,
    "    name: lax-ops",
    "    scope: { apps: [shop-api] }",
    `    request: [${MALLORY}]`,
    `    approve: [${MALLORY}]`,
    "    twoPersonRule: false",
    "    actions: [restart]",
    `  - channel: ${STAGING}`,
    "    name: staging",
    "    scope: { apps: [profile-api] }",
    "",
  ].join("\n");
}

let azure: Azure;
let h: Harness;

beforeAll(async () => {
  azure = await startAzureWith([
    ["S1", { minutesIn: 96 }],
    ["healthy", { appName: "profile-api", resourceGroup: "rg-profile" }],
  ]);
  h = await startHarness(azure, { policyYaml: policy(), approvals: simVerify(azure) });
  addOpsPeople(h);
  h.emu.channels.add({ id: LAX, name: "lax-ops", is_member: true });
  h.emu.channels.add({ id: STAGING, name: "staging", is_member: true });
});
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

/** Sends a block_actions click with the fields the attacker chooses, signed like Slack would. */
async function forgedClick(o: { channel: string; messageTs: string; actionId: string; value: string; user: string }) {
  const payload = {
    type: "block_actions",
    user: { id: o.user, username: "mallory", name: "mallory", team_id: h.emu.team.id },
    api_app_id: h.emu.bot.appId,
    token: "x",
    trigger_id: `${Date.now()}.forged`,
    container: { type: "message", message_ts: o.messageTs, channel_id: o.channel, is_ephemeral: false },
    team: { id: h.emu.team.id, domain: "x" },
    channel: { id: o.channel, name: "lax-ops" },
    state: { values: {} },
    response_url: `${h.emu.apiUrl.replace(/\/api\/?$/, "")}/hooks/forged`,
    actions: [{ action_id: o.actionId, block_id: "b", type: "button", value: o.value, action_ts: "1.2" }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`${h.botUrl}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": signSlackRequest(h.emu.signingSecret, ts, body),
    },
    body,
  });
  await h.idle(20_000);
  return res.status;
}

async function auditRows(channel: string): Promise<Array<{ kind: string; app: string; detail: { reason?: string } }>> {
  await h.emu.driver.slashCommand(h.botUrl, { text: "audit --json", channelId: channel, userId: USER });
  await h.idle();
  const last = h.emu.store.channelMessages(channel).at(-1);
  const [file] = h.emu.store.filesIn(channel, last?.ts);
  return JSON.parse(file?.bytes?.toString("utf8") ?? "[]");
}

describe("forged and replayed requests do nothing", () => {
  it("an Approve click naming another bound channel is refused against the proposal's own binding, and audited", async () => {
    const p = await proposeVia(h, "restart shop-api");
    const approvalId = /"appsvc_approve"[^}]*"value":"([^"]+)"/.exec(JSON.stringify(p.blocks))?.[1];
    expect(approvalId).toBeTruthy();
    for (let i = 0; i < 2; i++)
      expect(
        await forgedClick({
          channel: LAX,
          messageTs: p.ts,
          actionId: "appsvc_approve",
          value: approvalId!,
          user: MALLORY,
        }),
      ).toBe(200);
    expect(armCalls(azure, "sites.restart")).toBe(0);
    const rows = await auditRows(OPS);
    const refusals = rows.filter((r) => r.kind === "refusal" && /another channel/.test(r.detail.reason ?? ""));
    expect(refusals.length).toBe(2);
    // The refusal names neither the proposal's channel nor any path.
    for (const r of refusals) expect(r.detail.reason).not.toMatch(/prod-ops|C0PRODOPS|\//);
    // A forged Cancel from the other channel does not withdraw it either.
    await forgedClick({ channel: LAX, messageTs: p.ts, actionId: "appsvc_cancel", value: approvalId!, user: USER });
    const still = proposals(h, OPS).find((m) => m.ts === p.ts);
    expect(JSON.stringify(still?.updates.at(-1)?.blocks ?? still?.blocks)).toContain("appsvc_approve");
    await clickAs(h, OPS, p.ts, "appsvc_cancel", USER);
  });

  it("audit in an unbound channel is refused, and posts nothing there", async () => {
    const before = h.emu.store.channelMessages(OTHER).length;
    await h.emu.driver.slashCommand(h.botUrl, { text: "audit --json", channelId: OTHER, userId: USER });
    await h.idle();
    expect(h.emu.store.channelMessages(OTHER).length).toBe(before);
    expect(toldTo(h, USER, OTHER).join("\n")).toMatch(/not bound in the policy/);
    expect(toldTo(h, USER, OTHER).join("\n")).not.toMatch(/\.ya?ml\b.*\/|\/tmp\//);
  });

  it("audit in a channel whose scope excludes the app shows none of its rows", async () => {
    expect((await auditRows(OPS)).some((r) => r.app === "shop-api")).toBe(true);
    const rows = await auditRows(STAGING);
    expect(rows.filter((r) => r.app === "shop-api")).toEqual([]);
  });

  it("autoheal show for an app outside the channel's scope is refused before anything is read", async () => {
    const reads = azure.sim.requests.length;
    await h.emu.driver.slashCommand(h.botUrl, { text: "autoheal shop-api show", channelId: STAGING, userId: USER });
    await h.idle();
    const said = h.emu.store.channelMessages(STAGING).at(-1);
    const text = `${said?.updates.at(-1)?.text ?? said?.text}`;
    expect(text).toMatch(/outside what this channel may see|not found|No app/i);
    expect(text).not.toMatch(/Auto-heal on shop-api/);
    const configReads = azure.sim.requests.slice(reads).filter((r) => /config/i.test(r.route));
    expect(configReads).toEqual([]);
  });

  it("a replayed signed restart posts one proposal", async () => {
    const before = proposals(h, OPS).length;
    const cmd = h.emu.driver.slashCommand;
    const first = await cmd(h.botUrl, { text: "restart shop-api", channelId: OPS, userId: USER });
    expect(first.status).toBe(200);
    await h.idle();
    const req = h.emu.driver.lastSigned?.();
    expect(req).toBeDefined();
    const again = await fetch(`${h.botUrl}/slack/events`, { method: "POST", headers: req!.headers, body: req!.body });
    expect(again.status).toBe(200);
    await h.idle();
    expect(proposals(h, OPS).length).toBe(before + 1);
  });

  it("a command signed with a timestamp a day ahead is refused, and nothing happens", async () => {
    const before = proposals(h, OPS).length;
    const calls = h.azureCalls();
    const r = await h.emu.driver.slashCommand(
      h.botUrl,
      { text: "restart shop-api", channelId: OPS, userId: USER },
      { timestampOffsetSeconds: 86_400 },
    );
    expect(r.status).toBe(401);
    await h.idle();
    expect(proposals(h, OPS).length).toBe(before);
    expect(h.azureCalls()).toBe(calls);
  });
});

// The other changes through Slack: S2's fix button (scale out, proposed from diagnose's mitigation and
// verified), scale out on a plan that autoscale manages (its profile's minimum, once the policy grants it),
// and an auto-heal preset on a Linux app (no memory trigger in what is proposed).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Azure,
  addOpsPeople,
  BOB,
  blockText,
  clickAs,
  current,
  type Harness,
  OPS,
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
  azure = await startAzureWith([
    ["S2", { minutesIn: 60 }],
    ["healthy", { appName: "profile-api", resourceGroup: "rg-profile" }],
  ]);
  const profile = azure.fleet.sites.find((s) => s.name === "profile-api");
  if (!profile) throw new Error("no profile-api");
  azure.fleet.autoscaleSettings.push({
    subscriptionId: profile.subscriptionId,
    resourceGroup: profile.resourceGroup,
    name: "autoscale-profile",
    enabled: true,
    targetPlan: { resourceGroup: profile.planResourceGroup, name: profile.planName },
    profiles: [{ name: "Default", capacity: { minimum: 2, maximum: 6, default: 2 } }],
  });
  h = await startHarness(azure, {
    policyYaml: opsPolicy({ scope: "checkout-web, profile-api" }),
    approvals: simVerify(azure),
  });
  addOpsPeople(h);
});
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

describe("scale and auto-heal", () => {
  it("S2: diagnose's scale-out button opens a proposal; approved, it scales the plan and verification reports recovery", async () => {
    await h.emu.driver.slashCommand(h.botUrl, { text: "diagnose checkout-web", channelId: OPS, userId: USER });
    await h.idle();
    const answer = h.emu.store.channelMessages(OPS).at(-1);
    if (!answer) throw new Error("no diagnose answer");
    const buttons = (answer.blocks ?? []).flatMap(
      (b) =>
        ((b as { elements?: { action_id?: string; value?: string }[] }).elements ?? []) as {
          action_id?: string;
          value?: string;
        }[],
    );
    const scale = buttons.find((e) => e.action_id?.startsWith("appsvc_mitigate_") && e.value?.includes('"scaleOut"'));
    if (!scale?.action_id) throw new Error(`no scale-out button in ${blockText(answer.blocks)}`);
    await clickAs(h, OPS, answer.ts, scale.action_id, USER);
    const [p] = proposals(h, OPS);
    if (!p) throw new Error(`no proposal; told: ${toldTo(h, USER, OPS).join("\n")}`);
    expect(blockText(p.blocks)).toMatch(/serverfarms/i);
    await clickAs(h, OPS, p.ts, "appsvc_approve", BOB);
    expect(current(h, OPS, p.ts).text).toMatch(/Done/);
    const last = h.emu.store.thread(OPS, p.ts).at(-1)?.text ?? "";
    expect(last).toMatch(/recovered: /);
    expect(last).not.toMatch(/not recovered/);
    expect(azure.sim.requests.some((r) => /^plans\./.test(r.route) && r.method !== "GET")).toBe(true);
  });

  it("on a plan autoscale manages, scale out is the profile's minimum: refused until the policy grants autoscaleProfile", async () => {
    const before = proposals(h, OPS).length;
    const writes = azure.sim.requests.length;
    await h.emu.driver.slashCommand(h.botUrl, { text: "scale profile-api out 4", channelId: OPS, userId: USER });
    await h.idle();
    expect(proposals(h, OPS)).toHaveLength(before);
    expect(toldTo(h, USER, OPS).at(-1)).toMatch(/autoscaleProfile/);
    expect(azure.sim.requests.slice(writes).every((r) => r.method === "GET" || r.method === "POST")).toBe(true);
    await h.emu.driver.slashCommand(h.botUrl, { text: "scale profile-api up P2v3", channelId: OPS, userId: USER });
    await h.idle();
    expect(proposals(h, OPS)).toHaveLength(before + 1);
    expect(blockText(proposals(h, OPS).at(-1)?.blocks)).toContain("P2v3");
  });

  it("granted: the profile change is proposed with its PATCH, approved, written once, and autoscale brings the plan up", async () => {
    writeFileSync(
      join(h.dataDir, "policy.yml"),
      opsPolicy({ scope: "checkout-web, profile-api" }).replace("healthCheck]", "healthCheck, autoscaleProfile]"),
    );
    await h.restartBot();
    const p = await proposeVia(h, "scale profile-api out 4");
    const text = blockText(p.blocks);
    expect(text).toMatch(
      /Raise the minimum of profile “Default” of autoscale setting autoscale-profile to 4 instances/,
    );
    expect(text).toMatch(/PATCH/);
    expect(text).toMatch(/autoscalesettings\/autoscale-profile/i);
    const patches = () => azure.sim.requests.filter((r) => r.route === "autoscale.patch").length;
    expect(patches()).toBe(0);
    await clickAs(h, OPS, p.ts, "appsvc_approve", BOB);
    expect(current(h, OPS, p.ts).text).toMatch(/Done/);
    expect(patches()).toBe(1);
    const setting = azure.fleet.autoscaleSettings.find((a) => a.name === "autoscale-profile");
    expect(setting?.profiles[0].capacity).toEqual({ minimum: 4, maximum: 6, default: 4 });
    const site = azure.fleet.sites.find((x) => x.name === "profile-api");
    expect(azure.fleet.plans.find((x) => x.name === site?.planName)?.sku.capacity).toBe(4);
  });

  it("auto-heal on a Linux app: the proposed rules have no memory trigger", async () => {
    const before = proposals(h, OPS).length;
    await h.emu.driver.slashCommand(h.botUrl, {
      text: "autoheal checkout-web enable AH-LINUX",
      channelId: OPS,
      userId: USER,
    });
    await h.idle();
    const all = proposals(h, OPS);
    if (all.length !== before + 1) throw new Error(`no proposal; told: ${toldTo(h, USER, OPS).join("\n")}`);
    const shown = blockText(all.at(-1)?.blocks);
    expect(shown).toMatch(/autoHealRules|statusCodes|slowRequests/);
    expect(shown).not.toMatch(/privateBytesInKB/);
  });
});

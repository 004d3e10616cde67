// The digest posted for real: `digest now` and the scheduler build it from the Azure simulator's mixed day
// (S1, S2, S5, healthy) through the ArmFleet, post it with the real WebClient to the Slack emulator, and
// upload the fleet chart PNG into its thread. Two replicas share one SQLite store: one digest per slot.
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Door } from "../../../../src/door/door.ts";
import { parsePolicy } from "../../../../src/policy/index.ts";
import type { StoredMessage } from "../../../../src/sim/slack/store.ts";
import { ALICE, NOW, type Replica, startWorld, type World } from "./setup.ts";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MIN = 60_000;

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});

const digestsIn = (channel: string) =>
  w.emu.store.channelMessages(channel).filter((m) => m.via === "chat.postMessage" && /App Service digest/.test(m.text));
const blockText = (m: StoredMessage) => JSON.stringify(m.blocks ?? []);

interface DiagnoseButton {
  action_id: string;
  value: string;
}
function diagnoseButtons(m: StoredMessage): DiagnoseButton[] {
  return (m.blocks ?? [])
    .map((b) => (b as { accessory?: DiagnoseButton }).accessory)
    .filter((a): a is DiagnoseButton => a?.action_id === "appsvc_diagnose");
}

describe("digest now", () => {
  it("posts the ranked digest into the channel with the fleet chart PNG in its thread", async () => {
    const r = w.replica("replica-now");
    const c = w.channel();
    w.clock.t = NOW;
    const answer = await r.feature.handle(
      { verb: "digest", action: "now", scope: [] },
      { channel: c, user: ALICE, log: w.log },
    );
    expect(answer.text).toContain("Digest of 4 apps (the channel's scope) posted in this channel");
    const [m] = digestsIn(c);
    expect(digestsIn(c)).toHaveLength(1);
    expect(m.blocks?.length).toBeGreaterThan(3);
    expect(m.blocks?.length).toBeLessThanOrEqual(50);
    const text = blockText(m);
    // Alice's zone (Europe/Berlin), worst first: the two reds, then S1's orange, then the healthy app.
    expect(text).toContain("2 Jun 2026 · Europe/Berlin");
    const at = (name: string) => text.indexOf(`*${name}*`);
    for (const name of ["catalog-api", "checkout-web", "shop-api", "profile-api"]) expect(at(name)).toBeGreaterThan(0);
    expect(Math.max(at("catalog-api"), at("checkout-web"))).toBeLessThan(at("shop-api"));
    expect(at("shop-api")).toBeLessThan(at("profile-api"));
    expect(text).toContain("No action by the bot in the last 24 h");
    // Diagnose buttons for the apps needing a look, with the value the bot's action handler reads.
    const buttons = diagnoseButtons(m);
    expect(buttons.map((b) => JSON.parse(b.value).appId.split("/").pop()).sort()).toEqual([
      "catalog-api",
      "checkout-web",
      "shop-api",
    ]);
    expect(JSON.parse(buttons[0].value).windowMs).toBe(86_400_000);
    const files = w.emu.store.filesIn(c, m.ts);
    expect(files).toHaveLength(1);
    expect(files[0].name).toMatch(/\.png$/);
    expect(files[0].alt_text).toContain("5xx rate of 4 apps");
    const png = files[0].bytes ?? Buffer.alloc(0);
    expect(png.subarray(0, 8).equals(PNG)).toBe(true);
    // A sample for people to look at.
    const dir = new URL("../../../../out/digest/", import.meta.url);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      new URL("feature-digest-blocks.json", dir),
      `${JSON.stringify({ text: m.text, blocks: m.blocks }, null, 2)}\n`,
    );
    writeFileSync(new URL("feature-fleet-chart.png", dir), png);
  });

  it("lists the bot's actions of the last 24 h from the audit log with their verification", async () => {
    w.clock.t = NOW - 3 * 60 * MIN;
    for (const [kind, actor, detail] of [
      ["request", "U0DEV", { action: "restart" }],
      ["approval", "U0LEAD", {}],
      ["execution", "appsvc-bot", {}],
      ["result", "appsvc-bot", { ok: true }],
      ["verification", "appsvc-bot", { ok: true, summary: "5xx back under 1%" }],
    ] as const)
      await w.store.appendAudit({ kind, actor, correlationId: "corr-digest-1", app: "shop-api", detail });
    const r = w.replica("replica-actions");
    const c = w.channel();
    w.clock.t = NOW;
    await r.feature.handle({ verb: "digest", action: "now", scope: [] }, { channel: c, user: ALICE, log: w.log });
    const text = blockText(digestsIn(c)[0]);
    expect(text).toContain("*Actions of the last 24 h*");
    expect(text).toMatch(
      /restart `shop-api` → ✅ done · verified: 5xx back under 1% · asked by <@U0DEV>, approved by <@U0LEAD>/,
    );
  });

  it("narrows to the named scope and never beyond the channel's policy scope", async () => {
    const r = w.replica("replica-scope");
    const c = w.channel();
    w.clock.t = NOW;
    await r.feature.handle(
      { verb: "digest", action: "now", scope: [{ kind: "resourceGroup", resourceGroup: "rg-shop" }] },
      { channel: c, user: ALICE, log: w.log },
    );
    const [m] = digestsIn(c);
    expect(blockText(m)).toContain("*1 app*");
    expect(blockText(m)).toContain("*shop-api*");
    expect(blockText(m)).not.toContain("catalog-api");

    const bound = "C0DGBOUND";
    w.emu.channels.add({ id: bound, name: "bound", is_member: true });
    const policy = parsePolicy(
      ["bindings:", `  - channel: ${bound}`, "    scope:", "      apps: [shop-api, profile-api]", ""].join("\n"),
    );
    const p = w.replica("replica-policy", { policy });
    const answer = await p.feature.handle(
      { verb: "digest", action: "now", scope: [{ kind: "all" }] },
      { channel: bound, user: ALICE, log: w.log },
    );
    expect(answer.text).toContain("Digest of 2 apps (all)");
    const text = blockText(digestsIn(bound)[0]);
    expect(text).toContain("*profile-api*");
    expect(text).not.toContain("checkout-web");
  });

  it("tells the caller when the bot is not in the channel", async () => {
    const r = w.replica("replica-out");
    w.emu.channels.add({ id: "C0DGOUT", name: "outside", is_member: false });
    const answer = await r.feature.handle(
      { verb: "digest", action: "now", scope: [] },
      { channel: "C0DGOUT", user: ALICE, log: w.log },
    );
    expect(answer.text).toContain("not a member of this channel");
    expect(digestsIn("C0DGOUT")).toEqual([]);
  });
});

describe("scheduled digests on two replicas sharing one store", () => {
  const running: Replica[] = [];
  const start = async (id: string) => {
    const r = w.replica(id);
    running.push(r);
    await r.feature.start();
    return r;
  };
  afterEach(async () => {
    for (const r of running.splice(0)) await r.feature.stop();
    for (const s of await w.store.listSubscriptions()) await w.store.deleteSubscription(s.id, s.channel);
  });

  it("fires at the subscription's time and posts exactly one digest", async () => {
    const c = w.channel();
    w.clock.t = NOW - 60 * MIN;
    const sub = await w.store.createSubscription({
      channel: c,
      time: "09:00",
      timeZone: "Europe/Berlin",
      days: "daily",
      scope: { entries: [] },
      createdBy: ALICE,
    });
    const [a, b] = [await start("replica-a"), await start("replica-b")];
    // Both replicas loaded it, as a node-cron task in the subscription's zone.
    expect(a.cron.task(sub.id)?.options.timezone).toBe("Europe/Berlin");
    expect(b.cron.task(sub.id)?.expression).toBe("0 9 * * *");
    expect(digestsIn(c)).toEqual([]);
    w.clock.t = NOW;
    const elected = await Promise.all([a.cron.fire(sub.id, NOW), b.cron.fire(sub.id, NOW)]);
    expect(elected.filter(Boolean)).toHaveLength(1);
    await Promise.all([a.feature.idle(), b.feature.idle()]);
    // A poll on either replica afterwards does not post it again.
    a.tick();
    b.tick();
    await Promise.all([a.feature.poll(), b.feature.poll(), a.feature.idle(), b.feature.idle()]);
    const posted = digestsIn(c);
    expect(posted).toHaveLength(1);
    expect(blockText(posted[0])).not.toContain("Posted late");
    expect(w.emu.store.filesIn(c, posted[0].ts)).toHaveLength(1);
    expect(await w.store.listRuns({ subscriptionId: sub.id, limit: 10 })).toMatchObject([{ localDate: "2026-06-02" }]);
  });

  it("is admitted at the door like any request: a channel no longer bound gets no digest", async () => {
    const c = w.channel();
    w.clock.t = NOW - 60 * MIN;
    const sub = await w.store.createSubscription({
      channel: c,
      time: "09:00",
      timeZone: "Europe/Berlin",
      days: "daily",
      scope: { entries: [] },
      createdBy: ALICE,
    });
    // The policy binds another channel only (the subscription's binding was removed since).
    const policy = parsePolicy(
      ["bindings:", "  - channel: C0ELSEWHERE", "    scope:", "      apps: [shop-api]", ""].join("\n"),
    );
    const door = new Door({
      policy,
      directory: { members: async () => [] },
      fleet: w.fleet,
      now: () => w.clock.t,
      log: w.log,
    });
    const r = w.replica("replica-door", { policy, door });
    running.push(r);
    await r.feature.start();
    w.clock.t = NOW;
    await r.cron.fire(sub.id, NOW);
    await r.feature.idle();
    expect(digestsIn(c)).toEqual([]);
    expect(w.logs.join("\n")).toMatch(/scheduled digest not posted: refused at the door/);
  });

  it("catches up a slot missed within 2 h once, and not one missed longer ago", async () => {
    const [c, old] = [w.channel(), w.channel()];
    w.clock.t = NOW - 4 * 60 * MIN;
    const sub = await w.store.createSubscription({
      channel: c,
      time: "09:00",
      timeZone: "Europe/Berlin",
      days: "daily",
      scope: { entries: [] },
      createdBy: ALICE,
    });
    // 06:30 Berlin: at 09:30 it is 3 h late.
    await w.store.createSubscription({
      channel: old,
      time: "06:30",
      timeZone: "Europe/Berlin",
      days: "daily",
      scope: { entries: [] },
      createdBy: ALICE,
    });
    w.clock.t = NOW + 30 * MIN;
    const a = await start("replica-a");
    const b = await start("replica-b");
    await Promise.all([a.feature.idle(), b.feature.idle()]);
    const posted = digestsIn(c);
    expect(posted).toHaveLength(1);
    expect(blockText(posted[0])).toContain("Posted late: this is the 09:00 CEST digest");
    expect(digestsIn(old)).toEqual([]);
    expect((await w.store.listRuns({ subscriptionId: sub.id, limit: 10 })).map((x) => x.localDate)).toEqual([
      "2026-06-02",
    ]);
  });

  it("picks up a subscription made on another replica, and its removal", async () => {
    const b = await start("replica-b");
    const a = w.replica("replica-a");
    const c = w.channel();
    w.clock.t = NOW - 60 * MIN;
    await a.feature.handle(
      { verb: "digest", action: "subscribe", time: "10:00", timeZone: "Europe/Berlin", days: "daily", scope: [] },
      { channel: c, user: ALICE, log: w.log },
    );
    const [sub] = (await w.store.listSubscriptions()).filter((s) => s.channel === c);
    expect(b.cron.task(sub.id)).toBeUndefined();
    await b.feature.poll();
    expect(b.cron.task(sub.id)?.expression).toBe("0 10 * * *");
    await a.feature.handle(
      { verb: "digest", action: "unsubscribe", id: sub.id },
      { channel: c, user: ALICE, log: w.log },
    );
    await b.feature.poll();
    expect(b.cron.task(sub.id)).toBeUndefined();
  });
});

// `/appsvc digest subscribe|list|unsubscribe` through the feature: parsed as the bot parses them, the
// caller's zone read from users.info on the Slack emulator, subscriptions in a real SQLite store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommand } from "../../../../src/command/index.ts";
import { parsePolicy } from "../../../../src/policy/index.ts";
import type { DigestIntent } from "../../../../src/slack/presenters/digests/seam.ts";
import type { SlackMessage } from "../../../../src/slack/views/index.ts";
import { ALICE, BOB, NOW, type Replica, startWorld, type World } from "./setup.ts";

let w: World;
let r: Replica;
beforeAll(async () => {
  w = await startWorld();
  r = w.replica("replica-a");
});
afterAll(async () => {
  await w?.close();
});

function intentOf(text: string): DigestIntent {
  const p = parseCommand(text);
  if (!p.ok) throw new Error(`did not parse: ${p.error.message}`);
  if (p.intent.verb !== "digest") throw new Error(`not a digest: ${p.intent.verb}`);
  return p.intent;
}

const GHOST = "U0GHOST";
const say = (m: SlackMessage) => JSON.stringify(m.blocks);
const ask = (channel: string, user: string, text: string) =>
  r.feature.handle(intentOf(text), { channel, user, log: w.log });
/** "HH:MM days" of each subscription, sorted (the store lists in ID order). */
const stored = (subs: { time: string; days: string }[]) => subs.map((s) => `${s.time} ${s.days}`).sort();
const subsOf = async (channel: string) => (await w.store.listSubscriptions()).filter((s) => s.channel === channel);

describe("digest subscribe", () => {
  it("defaults to 09:00 on weekdays in the caller's Slack zone, covering the channel's scope", async () => {
    const c = w.channel();
    const before = w.emu.calls.filter((x) => x.method === "users.info").length;
    const m = await ask(c, ALICE, "digest subscribe");
    const [sub] = await subsOf(c);
    expect(sub).toMatchObject({ channel: c, time: "09:00", timeZone: "Europe/Berlin", days: "weekdays" });
    expect(sub.createdBy).toBe(ALICE);
    expect(sub.scope).toEqual({ entries: [] });
    expect(w.emu.calls.filter((x) => x.method === "users.info").length).toBe(before + 1);
    expect(m.text).toBe(
      "✅ Digest subscribed: 09:00 Europe/Berlin (your Slack time zone) on weekdays (Mon–Fri), covering the channel's scope. Time and days by default.",
    );
    // The clock is 08:00 CEST on Tue 2 Jun: the next runs are today, Wed and Thu at 09:00 CEST.
    expect(say(m)).toContain("2 Jun 09:00 CEST · 3 Jun 09:00 CEST · 4 Jun 09:00 CEST");
    expect(say(m)).toContain(sub.id);
  });

  it("refuses the same digest twice in one channel, naming the existing one; another time is a new one", async () => {
    const c = w.channel();
    await ask(c, ALICE, "digest subscribe 08:15 Europe/Berlin weekdays rg:rg-shop");
    const [first] = await subsOf(c);
    const again = await ask(c, BOB, "digest subscribe 8:15 Europe/Berlin weekdays rg:rg-shop");
    expect(again.text).toContain(`already has that digest (ID ${first.id})`);
    expect(say(again)).toContain(`/appsvc digest unsubscribe ${first.id}`);
    expect(await subsOf(c)).toHaveLength(1);
    await ask(c, ALICE, "digest subscribe 08:15 Europe/Berlin daily rg:rg-shop");
    await ask(c, ALICE, "digest subscribe 08:15 Europe/Berlin weekdays");
    expect(await subsOf(c)).toHaveLength(3);
    // Another channel may have the same digest.
    await ask(w.channel(), ALICE, "digest subscribe 08:15 Europe/Berlin weekdays rg:rg-shop");
  });

  it("takes an explicit time, zone, day rule and scope", async () => {
    const c = w.channel();
    const m = await ask(c, ALICE, "digest subscribe 17:30 America/New_York daily rg:rg-shop tag:env=prod");
    const [sub] = await subsOf(c);
    expect(sub).toMatchObject({ time: "17:30", timeZone: "America/New_York", days: "daily" });
    expect(sub.scope).toEqual({
      entries: [
        { kind: "resourceGroup", resourceGroup: "rg-shop" },
        { kind: "tag", key: "env", value: "prod" },
      ],
    });
    expect(m.text).toContain("17:30 America/New_York every day");
    expect(m.text).not.toContain("your Slack time zone");
    expect(m.text).not.toMatch(/policy|by default/);
    expect(say(m)).toContain("rg:rg-shop, tag:env=prod");
    expect(say(m)).toContain("2 Jun 17:30 GMT-4");
  });

  it("falls back to the channel's zone, then UTC, when Slack gives none for the caller", async () => {
    const c = w.channel();
    // A user users.info does not know (user_not_found): no zone.
    const m = await ask(c, GHOST, "digest subscribe 7:05");
    const [sub] = await subsOf(c);
    expect(sub).toMatchObject({ time: "07:05", timeZone: "UTC" });
    expect(m.text).toContain("no time zone known for you: UTC");
    const policy = parsePolicy(
      [
        "bindings:",
        "  - channel: C0ZONED",
        "    timeZone: Europe/Lisbon",
        "    scope:",
        "      apps: [shop-api]",
        "",
      ].join("\n"),
    );
    w.emu.channels.add({ id: "C0ZONED", name: "zoned", is_member: true });
    const zoned = w.replica("replica-zoned", { policy });
    const z = await zoned.feature.handle(intentOf("digest subscribe"), { channel: "C0ZONED", user: GHOST, log: w.log });
    expect(z.text).toContain("09:00 Europe/Lisbon (the channel's time zone)");
    expect((await subsOf("C0ZONED"))[0]).toMatchObject({ timeZone: "Europe/Lisbon" });
  });

  it("takes the time and days not typed from the channel's policy binding, each on its own", async () => {
    const policy = parsePolicy(
      [
        "bindings:",
        "  - channel: C0DGPOL1",
        '    digest: { time: "07:45", days: daily }',
        "    scope:",
        "      apps: [shop-api]",
        "  - channel: C0DGPOL2",
        "    digest: { days: daily }",
        "    scope:",
        "      apps: [shop-api]",
        "",
      ].join("\n"),
    );
    for (const id of ["C0DGPOL1", "C0DGPOL2"]) w.emu.channels.add({ id, name: id.toLowerCase(), is_member: true });
    const p = w.replica("replica-digest-defaults", { policy });
    const at = (channel: string, text: string) =>
      p.feature.handle(intentOf(text), { channel, user: ALICE, log: w.log });

    const both = await at("C0DGPOL1", "digest subscribe");
    expect(both.text).toBe(
      "✅ Digest subscribed: 07:45 Europe/Berlin (your Slack time zone) every day, covering the channel's scope. Time and days from the channel's policy.",
    );
    const typedDays = await at("C0DGPOL1", "digest subscribe weekdays");
    expect(typedDays.text).toContain("07:45 Europe/Berlin (your Slack time zone) on weekdays (Mon–Fri)");
    expect(typedDays.text).toMatch(/\. Time from the channel's policy\.$/);
    expect(stored(await subsOf("C0DGPOL1"))).toEqual(["07:45 daily", "07:45 weekdays"]);

    const onlyDays = await at("C0DGPOL2", "digest subscribe");
    expect(onlyDays.text).toContain("09:00 Europe/Berlin (your Slack time zone) every day");
    expect(onlyDays.text).toMatch(/\. Days from the channel's policy, time by default\.$/);
    const typedTime = await at("C0DGPOL2", "digest subscribe 6:30");
    expect(typedTime.text).toMatch(
      /06:30 Europe\/Berlin \(your Slack time zone\) every day, .*\. Days from the channel's policy\.$/,
    );
    expect(stored(await subsOf("C0DGPOL2"))).toEqual(["06:30 daily", "09:00 daily"]);

    // The list shows the stored values, with no word on where they came from.
    const listed = say(await at("C0DGPOL1", "digest list"));
    expect(listed).toMatch(/07:45 Europe\/Berlin every day · the channel's scope/);
    expect(listed).not.toMatch(/policy|by default/);
  });

  it("refuses an invalid time and stores nothing", async () => {
    const c = w.channel();
    const m = await r.feature.handle(
      { verb: "digest", action: "subscribe", time: "24:30", timeZone: "UTC", days: "weekdays", scope: [] },
      { channel: c, user: ALICE, log: w.log },
    );
    expect(m.text).toContain("Digest not subscribed");
    expect(m.text).toContain("is not a time: use 24-hour HH:MM");
    expect(await subsOf(c)).toEqual([]);
  });

  it("refuses an unknown zone with the closest names", async () => {
    const c = w.channel();
    const m = await r.feature.handle(
      { verb: "digest", action: "subscribe", time: "09:00", timeZone: "Europe/Berln", days: "daily", scope: [] },
      { channel: c, user: ALICE, log: w.log },
    );
    expect(m.text).toContain("is not an IANA time zone: did you mean Europe/Berlin");
    expect(await subsOf(c)).toEqual([]);
    // The parser catches the same typo before the feature sees it.
    const p = parseCommand("digest subscribe 09:00 Europe/Berln");
    expect(p.ok).toBe(false);
  });

  it("warns about a time in the spring-forward gap and suggests one that exists", async () => {
    const c = w.channel();
    const m = await ask(c, ALICE, "digest subscribe 02:30 Europe/Berlin daily");
    const [sub] = await subsOf(c);
    expect(sub).toMatchObject({ time: "02:30", timeZone: "Europe/Berlin", days: "daily" });
    // 28 Mar 2027: 02:00 → 03:00 in Berlin.
    expect(say(m)).toContain("⚠️ 02:30 does not exist in Europe/Berlin on 28 Mar 2027");
    expect(say(m)).toContain("Choose 03:00");
  });

  it("is refused in a channel the policy does not bind", async () => {
    const policy = parsePolicy(
      ["bindings:", "  - channel: C0BOUND", "    scope:", "      apps: [shop-api]", ""].join("\n"),
    );
    const bound = w.replica("replica-policy", { policy });
    const c = w.channel();
    const m = await bound.feature.handle(intentOf("digest subscribe"), { channel: c, user: ALICE, log: w.log });
    expect(m.text).toContain(`This channel (${c}) is not bound in the policy`);
    expect(await subsOf(c)).toEqual([]);
  });
});

describe("digest list and unsubscribe", () => {
  it("lists this channel's subscriptions only, with the next run in each one's zone", async () => {
    const [a, b] = [w.channel(), w.channel()];
    await ask(a, ALICE, "digest subscribe 09:00");
    await ask(a, BOB, "digest subscribe 08:15 daily rg:rg-checkout");
    await ask(b, ALICE, "digest subscribe 10:00");
    const [sa1, sa2] = await subsOf(a);
    const [sb] = await subsOf(b);
    const m = await ask(a, ALICE, "digest list");
    const text = say(m);
    expect(m.text).toBe("2 digest subscriptions in this channel.");
    expect(text).toContain(sa1.id);
    expect(text).toContain(sa2.id);
    expect(text).not.toContain(sb.id);
    expect(text).toMatch(/09:00 Europe\/Berlin on weekdays.*next 2 Jun 09:00 CEST/);
    // Bob's zone: 08:15 New York is 14:15 in Berlin, still ahead of 08:00 CEST today.
    expect(text).toMatch(/08:15 America\/New_York every day · rg:rg-checkout · next 2 Jun 08:15 GMT-4 · by <@U0BOB>/);
    expect(say(await ask(w.channel(), ALICE, "digest list"))).toContain("No digest subscription in this channel");
  });

  it("unsubscribes by ID in the subscription's own channel only", async () => {
    const [a, b] = [w.channel(), w.channel()];
    await ask(a, ALICE, "digest subscribe 09:00");
    const [sub] = await subsOf(a);
    const refused = await ask(b, ALICE, `digest unsubscribe ${sub.id}`);
    expect(refused.text).toContain("No digest subscription");
    expect(await subsOf(a)).toHaveLength(1);
    const done = await ask(a, ALICE, `digest unsubscribe ${sub.id}`);
    expect(done.text).toContain("unsubscribed");
    expect(await subsOf(a)).toEqual([]);
    expect(w.clock.now()).toBeLessThan(NOW);
  });
});

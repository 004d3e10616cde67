// What goes wrong: forged or replayed requests (rejected before any listener runs), Slack rate limits
// (waited out, nothing lost) and Azure failures (each a clear message in the channel, never silence).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { planId } from "../../src/sim/azure/world.ts";
import type { StoredMessage } from "../../src/sim/slack/store.ts";
import { type Azure, blockText, type Harness, newChannel, startAzure, startHarness, USER } from "./harness.ts";

// Long enough that each read's own deadline (a third of it) holds on a busy machine.
const READ_DEADLINE_MS = 6_000;

let azure: Azure;
let h: Harness;
let shopApiId: string;

beforeAll(async () => {
  azure = await startAzure();
  h = await startHarness(azure, { readDeadlineMs: READ_DEADLINE_MS });
  const s = azure.fleet.sites.find((x) => x.name === "shop-api")!;
  shopApiId = `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Web/sites/${s.name}`;
  // Warm the app list, so a fault on the site shows up in the snapshot, not in the listing.
  await h.emu.driver.slashCommand(h.botUrl, { text: "list", channelId: newChannel(h) });
  await h.idle();
});
afterEach(() => {
  azure.sim.faults.clear();
  h.emu.faults.clear();
});
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

async function answerIn(channel: string, text: string): Promise<StoredMessage> {
  const ack = await h.emu.driver.slashCommand(h.botUrl, { text, channelId: channel });
  expect(ack.status).toBe(200);
  return h.emu.driver.waitFor((s) => s.channelMessages(channel).find((m) => m.updates.length > 0), 15_000);
}

async function statusIn(channel: string): Promise<StoredMessage> {
  return answerIn(channel, "status shop-api");
}

/** The final text and blocks of an answer. */
const final = (m: StoredMessage) => {
  const last = m.updates.at(-1);
  return { text: last?.text ?? m.text, blocks: blockText(last?.blocks ?? m.blocks) };
};

describe("request verification", () => {
  it.each([
    ["a bad signature", { badSignature: true }],
    ["a stale timestamp (301 s)", { timestampOffsetSeconds: -301 }],
  ])("%s gets 401 and runs no listener", async (_, sign) => {
    const channel = newChannel(h);
    const azureBefore = h.azureCalls();
    const slackBefore = h.emu.calls.length;
    const logsBefore = h.logs.length;
    const ack = await h.emu.driver.slashCommand(h.botUrl, { text: "status shop-api", channelId: channel }, sign);
    expect(ack.status).toBe(401);
    // Give a listener that wrongly ran the time to show itself.
    await new Promise((r) => setTimeout(r, 300));
    await h.idle();
    expect(h.emu.store.channelMessages(channel)).toEqual([]);
    expect(h.emu.store.ephemeralsFor(USER, channel)).toEqual([]);
    expect(h.azureCalls()).toBe(azureBefore);
    expect(h.emu.calls.length).toBe(slackBefore);
    expect(h.logs.slice(logsBefore).join("\n")).not.toContain("command accepted");
  });

  it("a bad signature on a button click is rejected too", async () => {
    const channel = newChannel(h);
    const m = await statusIn(channel);
    await h.idle();
    const before = h.emu.calls.length;
    const click = await h.emu.driver.clickButton(
      h.botUrl,
      { channelId: channel, messageTs: m.ts, actionId: "appsvc_diagnose" },
      { badSignature: true },
    );
    expect(click.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.emu.store.thread(channel, m.ts).filter((r) => r.via === "chat.postMessage")).toEqual([]);
    expect(h.emu.calls.length).toBe(before);
  });
});

describe("Slack rate limits", () => {
  it("a 429 with Retry-After on chat.postMessage and on chat.update is waited out; the answer arrives", async () => {
    h.emu.faults.add({ method: "chat.postMessage", retryAfterSeconds: 1, times: 1 });
    h.emu.faults.add({ method: "chat.update", retryAfterSeconds: 1, times: 1 });
    const channel = newChannel(h);
    const m = await statusIn(channel);
    await h.idle();
    expect(m.text).toMatch(/^shop-api: /);
    const posts = h.emu.calls.filter((c) => c.method === "chat.postMessage" && c.body.channel === channel);
    const updates = h.emu.calls.filter((c) => c.method === "chat.update" && c.body.channel === channel);
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(updates.map((c) => c.status)).toEqual([429, 200]);
    expect(h.emu.store.channelMessages(channel)).toHaveLength(1);
  });
});

describe("Slack delivery without duplicates or orphans (issue 13)", () => {
  const visible = (channel: string) => h.emu.store.channelMessages(channel).filter((m) => !m.deleted);
  const finalText = (m: StoredMessage) => m.updates.at(-1)?.text ?? m.text;

  it("a chat.postMessage slower than the client's timeout: reconciled, one message, no orphan ⏳", async () => {
    h.emu.faults.add({ method: "chat.postMessage", replyDelayMs: 6_000, times: 1 });
    const channel = newChannel(h);
    await h.emu.driver.slashCommand(h.botUrl, { text: "status shop-api", channelId: channel });
    await h.emu.driver.waitFor((s) => s.channelMessages(channel).find((m) => m.updates.length > 0), 20_000);
    await h.idle(20_000);
    const shown = visible(channel);
    expect(shown).toHaveLength(1);
    expect(finalText(shown[0])).toMatch(/^shop-api: /);
  });

  it("a failing chat.update never leaves the ⏳ behind", async () => {
    h.emu.faults.add({ method: "chat.update", status: 500, times: 2 });
    const channel = newChannel(h);
    await h.emu.driver.slashCommand(h.botUrl, { text: "status shop-api", channelId: channel });
    await h.emu.driver.waitFor((s) => s.channelMessages(channel).length > 0 && undefined, 1_000).catch(() => undefined);
    await h.idle(20_000);
    const shown = visible(channel);
    expect(shown.map(finalText)).toEqual([expect.stringMatching(/^shop-api: /)]);
    expect(shown.map(finalText).join("\n")).not.toContain("⏳");
  });

  it("a chart upload that fails is replaced by a line saying so, with the command that draws it again", async () => {
    h.emu.faults.add({ method: "upload", status: 500, times: 1 });
    const channel = newChannel(h);
    const m = await statusIn(channel);
    await h.idle(20_000);
    expect(h.emu.store.filesIn(channel, m.ts)).toHaveLength(0);
    const replies = h.emu.store.thread(channel, m.ts).map((r) => r.text);
    expect(replies.join("\n")).toMatch(/chart could not be uploaded.*\/appsvc metrics shop-api/);
  });

  it("a slow files.completeUploadExternal shares the chart once, with production's Web API retries on", async () => {
    const own = await startHarness(azure, { readDeadlineMs: READ_DEADLINE_MS, slackRetries: 2 });
    try {
      own.emu.faults.add({ method: "files.completeUploadExternal", replyDelayMs: 6_000, times: 1 });
      const channel = newChannel(own);
      await own.emu.driver.slashCommand(own.botUrl, { text: "status shop-api", channelId: channel });
      const m = await own.emu.driver.waitFor(
        (s) => s.channelMessages(channel).find((x) => x.updates.length > 0),
        15_000,
      );
      await own.idle(30_000);
      expect(own.emu.store.filesIn(channel, m.ts)).toHaveLength(1);
      expect(own.emu.calls.filter((c) => c.method === "files.completeUploadExternal")).toHaveLength(1);
    } finally {
      await own.close();
    }
  });
});

describe("Azure failures become a clear message in the channel", () => {
  it("403: names the missing permission and the role to grant", async () => {
    azure.sim.faults.add({ route: "sites.get", scope: shopApiId, status: 403 });
    const m = await statusIn(newChannel(h));
    expect(m.text).toMatch(/Not allowed/);
    expect(blockText(m.blocks)).toContain("Microsoft.Web/sites/read");
    expect(blockText(m.blocks)).toMatch(/Grant it the Reader role/);
  });

  it("429 without Retry-After: throttled, and says no retry was possible", async () => {
    azure.sim.faults.add({ route: "metrics.list", scope: shopApiId, status: 429 });
    const m = await statusIn(newChannel(h));
    expect(m.text).toMatch(/throttling/i);
    expect(blockText(m.blocks)).toMatch(/no Retry-After/);
  });

  it("5xx: Azure is unavailable", async () => {
    azure.sim.faults.add({ route: "sites.get", scope: shopApiId, status: 503 });
    const m = await statusIn(newChannel(h));
    expect(m.text).toMatch(/Azure is unavailable/);
    expect(blockText(m.blocks)).toContain("503");
  });

  it("a hanging Azure: the read's deadline answers with a timeout that names the call", async () => {
    azure.sim.faults.add({ route: "sites.get", scope: shopApiId, hang: true });
    const started = performance.now();
    const m = await statusIn(newChannel(h));
    expect(m.text).toMatch(/did not answer in time/);
    // The required read is named (tried twice, each inside the command's 2 s deadline).
    expect(blockText(m.blocks)).toMatch(/Azure did not answer webApps\.get shop-api within [\d.]+ m?s/);
    expect(performance.now() - started).toBeLessThan(READ_DEADLINE_MS + 1_000);
  });
});

describe("answers degrade instead of failing (issue 13)", () => {
  it("a hung Resource Health read: the status goes out, naming the call that timed out", async () => {
    azure.sim.faults.add({ route: "health.current", hang: true });
    const m = await statusIn(newChannel(h));
    expect(m.text).toMatch(/^shop-api: /);
    const text = blockText(m.blocks);
    expect(text).toMatch(
      /Not read: resourceHealth \(availabilityStatuses\.getByResource shop-api: timed out after [\d.]+ m?s\)/,
    );
    expect(text).toContain("Health check:");
  });

  it("hung Log Analytics queries: the status goes out, each query named", async () => {
    azure.sim.faults.add({ route: /^logs\./, hang: true });
    const m = await statusIn(newChannel(h));
    expect(m.text).toMatch(/^shop-api: /);
    expect(blockText(m.blocks)).toMatch(/logs\.\w+ \(logs \w+ shop-api: timed out after/);
  });

  it("a 429 with Retry-After: 30 on an optional read is named as throttling with its wait", async () => {
    azure.sim.faults.add({ route: "health.current", status: 429, retryAfterSeconds: 30 });
    const m = await statusIn(newChannel(h));
    expect(m.text).toMatch(/^shop-api: /);
    expect(blockText(m.blocks)).toMatch(/resourceHealth \([^)]*: throttled for 30 s\)/);
  });

  it("a 503 on an optional read is named with its status", async () => {
    azure.sim.faults.add({ route: "health.current", status: 503 });
    const m = await statusIn(newChannel(h));
    expect(blockText(m.blocks)).toMatch(/resourceHealth \([^)]*: 503\)/);
  });

  it("the plan's metrics failing: the app's own figures go out, plan CPU and memory named as not read", async () => {
    const site = azure.fleet.sites.find((x) => x.name === "shop-api")!;
    const plan = azure.fleet.plans.find((p) => p.name === site.planName && p.resourceGroup === site.planResourceGroup)!;
    azure.sim.faults.add({ route: "metrics.list", scope: planId(plan), status: 503 });
    const m = await statusIn(newChannel(h));
    expect(m.text).toMatch(/^shop-api: /);
    expect(blockText(m.blocks)).toContain("planMetrics (metrics.list asp-shop-api (plan, PT1M): 503)");
  });

  it("health, logs and metrics need neither the site nor its configuration: both throttled, each answers", async () => {
    for (const route of ["sites.get", "config.get"])
      azure.sim.faults.add({ route, scope: shopApiId, status: 429, retryAfterSeconds: 30 });
    const before = azure.sim.requests.length;
    for (const verb of ["health", "logs", "metrics"]) {
      const m = final(await answerIn(newChannel(h), `${verb} shop-api`));
      expect(m.text, verb).toMatch(/^shop-api: /);
      expect(m.blocks, verb).not.toMatch(/webApps\.get|throttling/);
    }
    const read = azure.sim.requests.slice(before).map((r) => r.route);
    expect(read).not.toContain("sites.get");
    expect(read).not.toContain("config.get");
  });

  it("health: Resource Health throttled is named with its wait, Service Health still answers", async () => {
    azure.sim.faults.add({ route: "health.current", status: 429, retryAfterSeconds: 30 });
    const m = final(await answerIn(newChannel(h), "health shop-api"));
    expect(m.text).toMatch(/^shop-api: Resource Health not read · \d+ active Service Health events?\.$/);
    expect(m.blocks).toContain(
      "Resource Health:* not read — availabilityStatuses.getByResource shop-api: throttled for 30 s",
    );
  });

  it("metrics: the plan's metrics failing leaves the site's figures, the plan read named", async () => {
    const site = azure.fleet.sites.find((x) => x.name === "shop-api")!;
    const plan = azure.fleet.plans.find((p) => p.name === site.planName && p.resourceGroup === site.planResourceGroup)!;
    azure.sim.faults.add({ route: "metrics.list", scope: planId(plan), status: 429, retryAfterSeconds: 30 });
    const m = final(await answerIn(newChannel(h), "metrics shop-api"));
    expect(m.text).toMatch(/^shop-api: \d+ metrics over/);
    expect(m.blocks).toContain("Requests (site)");
    expect(m.blocks).toContain("Not read: planMetrics (metrics.list asp-shop-api (plan, PT1M): throttled for 30 s)");
  });

  it("logs: a query and the metrics cross-check throttled are named; the other queries answer", async () => {
    azure.sim.faults.add({ route: "logs.query", status: 429, retryAfterSeconds: 30, times: 1 });
    azure.sim.faults.add({ route: "metrics.list", scope: shopApiId, status: 429, retryAfterSeconds: 30 });
    const m = final(await answerIn(newChannel(h), "logs shop-api"));
    expect(m.text).toMatch(/^shop-api: /);
    expect(m.blocks).toMatch(/Not read: logs\.\w+ \(logs \w+ shop-api: throttled for 30 s\)/);
    expect(m.blocks).toContain("siteMetrics (metrics.list shop-api (site, PT1M): throttled for 30 s)");
  });

  it("status and diagnose without the site config: they go out, naming the read and what was not checked", async () => {
    azure.sim.faults.add({ route: "config.get", scope: shopApiId, status: 429, retryAfterSeconds: 30 });
    const status = final(await statusIn(newChannel(h)));
    expect(status.text).toMatch(/^shop-api: /);
    expect(status.blocks).toContain("Health check: not read");
    expect(status.blocks).toContain("siteConfig (webApps.getConfiguration shop-api: throttled for 30 s)");
    const diagnosis = final(await answerIn(newChannel(h), "diagnose shop-api"));
    expect(diagnosis.text).toMatch(/^shop-api: /);
    expect(diagnosis.blocks).toContain("not checked without the site config: health check (R14)");
  });

  it("one transient 503 on a required read is retried once and the answer carries content", async () => {
    azure.sim.faults.add({ route: "sites.get", scope: shopApiId, status: 503, times: 1 });
    const m = await statusIn(newChannel(h));
    expect(m.text).toMatch(/^shop-api: /);
  });
});

describe("shutdown", () => {
  it("stopping (SIGTERM) lets an in-flight command finish its answer", async () => {
    const own = await startHarness(azure, { readDeadlineMs: READ_DEADLINE_MS });
    try {
      azure.sim.setLatency(300);
      const channel = newChannel(own);
      const ack = await own.emu.driver.slashCommand(own.botUrl, { text: "status shop-api", channelId: channel });
      expect(ack.status).toBe(200);
      const { abandoned } = await own.bot.stop(10_000);
      expect(abandoned).toBe(0);
      const [m] = own.emu.store.channelMessages(channel);
      expect(m.text).toMatch(/^shop-api: /);
      expect(own.emu.store.filesIn(channel, m.ts)).toHaveLength(1);
    } finally {
      azure.sim.setLatency(0);
      await own.emu.close();
    }
  });
});

describe("bounded shutdown (issue 13)", () => {
  it("a command still reading at the deadline is cut off: the ⏳ says so and what to do, within the deadline", async () => {
    const own = await startHarness(azure, { readDeadlineMs: 20_000 });
    try {
      azure.sim.faults.add({ route: "sites.get", scope: shopApiId, hang: true });
      const channel = newChannel(own);
      await own.emu.driver.slashCommand(own.botUrl, { text: "status shop-api", channelId: channel });
      await own.emu.driver.waitFor((s) => s.channelMessages(channel)[0]);
      const started = performance.now();
      const { abandoned } = await own.bot.stop(1_500);
      expect(performance.now() - started).toBeLessThan(2_500);
      expect(abandoned).toBe(1);
      const [m] = own.emu.store.channelMessages(channel);
      const last = m.updates.at(-1);
      expect(last?.text).toMatch(/restarted before it finished \/appsvc status shop-api; run it again/);
      expect(blockText(last?.blocks)).toContain("Nothing was changed by it");
    } finally {
      azure.sim.faults.clear();
      await own.emu.close();
    }
  });

  it("a `digest now` cut off by the deadline tells its asker", async () => {
    const own = await startHarness(azure, { readDeadlineMs: 20_000 });
    try {
      azure.sim.faults.add({ route: /^metrics\./, hang: true });
      const channel = newChannel(own);
      await own.emu.driver.slashCommand(own.botUrl, { text: "digest now", channelId: channel });
      await new Promise((r) => setTimeout(r, 300));
      const started = performance.now();
      await own.bot.stop(1_500);
      expect(performance.now() - started).toBeLessThan(2_500);
      const told = own.emu.store.ephemeralsFor(USER, channel).map((e) => e.text);
      expect(told.join("\n")).toMatch(/restarted before it finished \/appsvc digest now/);
      expect(own.emu.store.channelMessages(channel)).toEqual([]);
    } finally {
      azure.sim.faults.clear();
      await own.emu.close();
    }
  });
});

it("no secret reached the logs", () => {
  const all = h.logs.join("\n");
  for (const secret of [h.emu.botToken, h.emu.signingSecret, h.emu.appToken]) expect(all).not.toContain(secret);
});

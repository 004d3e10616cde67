// Exactly once for a change, with real processes killed at the worst moment (issue 13): alice asks for a
// restart of shop-api, bob clicks Approve (signed HTTP into real Bolt), and the bot gets kill -9 while the ARM
// restart is in flight: the simulator holds the call (src/sim/azure/holds.ts) until the bot is dead, then
// carries it out (Azure did it), or drops it (it never reached Azure). Time passes, the bot comes back on the
// same store (or another replica carries on), and reconciles from the Activity Log by the approval's
// correlation id: "done (confirmed by the Activity Log at …)", "not done", or "unknown — check …"; never
// "Failed … executor lost", never a second restart. The Azure simulator and the Slack emulator run in this
// process, on one clock that the bots follow (BOT_CLOCK_OFFSET_MS); the bots are test/e2e/bot-process.ts.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clockTime } from "../../src/approvals/audit.ts";
import { MINUTE, type SimClock, wallClock } from "../../src/sim/azure/fleet.ts";
import { addScenario, emptyFleet } from "../../src/sim/azure/scenarios/index.ts";
import { type AzureSim, startAzureSim } from "../../src/sim/azure/server.ts";
import { allSites } from "../../src/sim/azure/world.ts";
import { type SlackEmulator, startSlackEmulator } from "../../src/sim/slack/server.ts";
import { BOB, blockText, CAROL, LEADS, OPS, opsPolicy, T_END, USER } from "../e2e/harness.ts";
import { type PgServer, startPostgres } from "../store/pg-server.ts";
import { BotProcess, children, until, within } from "./bot-processes.ts";

/** The execution lease (DEFAULT_LEASE_MS) has lapsed after this, the Activity Log wait (OUTCOME_WAIT_MS) not. */
const LEASE_LAPSED = 3 * MINUTE;
/** With LEASE_LAPSED, past OUTCOME_WAIT_MS (10 min) since the execution started. */
const WAIT_OVER = 8 * MINUTE;

let clock: SimClock;
let sim: AzureSim;
let emu: SlackEmulator;
let policyDir: string;
let server: PgServer | undefined;

beforeAll(async () => {
  // S1 (shop-api, 96 min into its memory leak) on a clock running at wall speed: the bots' clocks follow it.
  clock = wallClock(T_END);
  const fleet = emptyFleet(clock);
  addScenario(fleet, "S1", { t0: T_END - 96 * MINUTE });
  sim = await startAzureSim({ fleet });
  emu = await startSlackEmulator();
  emu.users.add({ id: USER, name: "alice", tz: "Europe/Berlin" });
  emu.users.add({ id: BOB, name: "bob", tz: "America/New_York" });
  emu.users.add({ id: CAROL, name: "carol", tz: "Europe/London" });
  emu.usergroups.add({ id: LEADS, handle: "leads", users: [CAROL] });
  emu.channels.add({ id: OPS, name: "prod-ops", is_member: true });
  policyDir = mkdtempSync(join(tmpdir(), "appsvc-faults-policy-"));
  writeFileSync(join(policyDir, "policy.yml"), opsPolicy());
});
afterAll(async () => {
  for (const c of children) c.kill("SIGKILL");
  sim?.clearHolds();
  await emu?.close();
  await sim?.close();
  await server?.stop();
  if (policyDir) rmSync(policyDir, { recursive: true, force: true });
});

/** The environment of one replica: the simulators, the policy, its store, its clock on the simulator's. */
function botEnv(store: Record<string, string>, replica: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    SLACK_BOT_TOKEN: emu.botToken,
    SLACK_SIGNING_SECRET: emu.signingSecret,
    SLACK_API_URL: emu.apiUrl,
    PORT: "0",
    AZURE_SUBSCRIPTION_IDS: sim.fleet.subscriptions.join(","),
    AZURE_RESOURCE_MANAGER_ENDPOINT: sim.url,
    AZURE_METRICS_BATCH_ENDPOINT: sim.metricsBatchEndpointTemplate,
    APPSVC_CONFIG: join(policyDir, "policy.yml"),
    LOG_LEVEL: process.env.FAULTS_LOG_LEVEL ?? "warn",
    SIM_CA: sim.ca,
    REPLICA_ID: replica,
    BOT_CLOCK_OFFSET_MS: String(clock.now() - Date.now()),
    BOT_CONTROL: "stdin",
    ...store,
  };
}

const restartsSent = () => sim.requests.filter((r) => r.route === "sites.restart").length;
const shopApi = () => {
  const site = allSites(sim.fleet).find((s) => s.name === "shop-api" && !s.slot);
  if (!site) throw new Error("no shop-api in the simulator");
  return site;
};
/** Restarts Azure carried out (the site's timeline, which the Activity Log is derived from). */
const restartsDone = () => shopApi().timeline.filter((e) => e.type === "restart");
/** The sweep's Activity Log reads by correlation id (only the reconcile reads it that way). */
const reconcileReads = () =>
  sim.requests.filter((r) => r.route === "activity.list" && /correlationId eq/.test(r.query.$filter ?? ""));

interface Shown {
  ts: string;
  approvalId: string;
  /** The message as the channel first showed it, with its buttons (a stale client may still click them). */
  asShown: unknown[];
}

const proposals = () => emu.store.channelMessages(OPS).filter((m) => blockText(m.blocks).includes('"appsvc_approve"'));
const textOf = (ts: string) => {
  const m = emu.store.findMessage(OPS, ts);
  return m?.updates.at(-1)?.text ?? m?.text ?? "";
};
const toldTo = (user: string) => emu.store.ephemeralsFor(user, OPS).map((e) => `${e.text} ${blockText(e.blocks)}`);

async function proposeRestart(bot: BotProcess): Promise<Shown> {
  const before = proposals().length;
  const ack = await emu.driver.slashCommand(bot.url, { text: "restart shop-api", channelId: OPS, userId: USER });
  expect(ack.status).toBe(200);
  const m = await until("the proposal", () => proposals()[before]);
  const approvalId = /"action_id":"appsvc_approve"[^}]*"value":"([^"]+)"/.exec(JSON.stringify(m.blocks))?.[1];
  if (!approvalId) throw new Error("the proposal has no approval id on its Approve button");
  return { ts: m.ts, approvalId, asShown: structuredClone(m.blocks ?? []) };
}

/**
 * Bob approves; the restart reaches the simulator, which holds it; the bot is killed (kill -9) while the
 * call is in flight; then the simulator carries the restart out or drops it.
 */
async function approveAndKill(bot: BotProcess, p: Shown, then: "carryOut" | "drop"): Promise<void> {
  const hold = sim.hold({ route: "sites.restart", onRelease: then });
  const sent = restartsSent();
  const ack = await emu.driver.clickButton(bot.url, {
    channelId: OPS,
    messageTs: p.ts,
    actionId: "appsvc_approve",
    userId: BOB,
  });
  expect(ack.status).toBe(200);
  await within("the restart to reach the simulator", hold.arrived);
  // The moment: the message says it is restarting, the ARM call is out and unanswered.
  expect(textOf(p.ts)).toMatch(new RegExp(`Approved by <@${BOB}> — restarting…`));
  if (then === "carryOut") expect(sim.requests.filter((r) => r.route === "sites.restart").at(-1)?.status).toBe(0);
  await bot.kill9();
  hold.release();
  await within("the simulator to settle the held restart", hold.done);
  expect(restartsSent() - sent).toBe(then === "carryOut" ? 1 : 0);
}

/** A later Approve click from a client still showing the buttons; returns what the clicker was told. */
async function staleClick(bot: BotProcess, p: Shown, user: string): Promise<string> {
  const before = toldTo(user).length;
  const m = emu.store.findMessage(OPS, p.ts);
  if (!m) throw new Error("the proposal message is gone");
  const decided = m.blocks;
  m.blocks = p.asShown as typeof m.blocks;
  try {
    const ack = await emu.driver.clickButton(bot.url, {
      channelId: OPS,
      messageTs: p.ts,
      actionId: "appsvc_approve",
      userId: user,
    });
    expect(ack.status).toBe(200);
  } finally {
    m.blocks = decided;
  }
  return until("the answer to the late click", () => toldTo(user)[before]);
}

interface AuditRow {
  kind: string;
  actor: string;
  approvalId?: string;
  correlationId: string;
  detail: Record<string, unknown>;
}

/** The approval's audit trail as `/appsvc audit shop-api --json` exports it (oldest first). */
async function auditTrail(bot: BotProcess, approvalId: string): Promise<AuditRow[]> {
  const files = () => emu.store.filesIn(OPS).filter((f) => f.name?.startsWith("appsvc-audit"));
  const before = files().length;
  const ack = await emu.driver.slashCommand(bot.url, { text: "audit shop-api --json", channelId: OPS, userId: USER });
  expect(ack.status).toBe(200);
  const file = await until("the audit export", () => files()[before]);
  const rows = JSON.parse(file.bytes?.toString("utf8") ?? "[]") as (AuditRow & { seq: number })[];
  return rows.filter((r) => r.approvalId === approvalId).sort((a, b) => a.seq - b.seq);
}

/** The line of `/appsvc digest now` (posted to the channel) about the bot's own action on shop-api. */
async function digestActionLine(bot: BotProcess): Promise<string> {
  const posts = () =>
    emu.store
      .channelMessages(OPS)
      .filter((m) => m.via === "chat.postMessage" && !m.thread_ts && /restart `shop-api` →/.test(blockText(m.blocks)));
  const before = posts().length;
  const ack = await emu.driver.slashCommand(bot.url, { text: "digest now", channelId: OPS, userId: USER });
  expect(ack.status).toBe(200);
  const digest = await until("the digest", () => posts()[before], 60_000);
  const line = /• [^"]*?restart `shop-api` →[^"]*/.exec(blockText(digest.blocks).replace(/\\n/g, "\n"));
  return line?.[0].split("\n")[0] ?? "";
}

/** What App Home's "Recent actions" says became of the user's latest change. */
async function homeOutcome(bot: BotProcess, user: string): Promise<string> {
  const published = emu.store.views.get(user)?.publishCount ?? 0;
  const ack = await emu.driver.event(bot.url, { type: "app_home_opened", user, channel: `D0${user}`, tab: "home" });
  expect(ack.status).toBe(200);
  const view = await until("the Home view", () => {
    const v = emu.store.views.get(user);
    return v && v.publishCount > published ? JSON.stringify(v.view) : undefined;
  });
  return /Recent actions.*?→ \*([^*]+)\*/.exec(view)?.[1] ?? "";
}

function sqliteStore(): { env: Record<string, string>; close(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), "appsvc-faults-"));
  return { env: { APPSVC_DATA_DIR: dataDir }, close: () => rmSync(dataDir, { recursive: true, force: true }) };
}

describe("kill -9 while the ARM restart is in flight, one bot on SQLite restarted on the same data", () => {
  it("Azure carried it out: reported done, confirmed by the Activity Log; one restart; a later click says so", async () => {
    const store = sqliteStore();
    const bots: BotProcess[] = [];
    try {
      const first = await BotProcess.start(botEnv(store.env, "solo"), "solo");
      bots.push(first);
      const p = await proposeRestart(first);
      const done = restartsDone().length;
      await approveAndKill(first, p, "carryOut");
      expect(restartsDone().length - done).toBe(1);
      const restartedAt = restartsDone().at(-1)!.at;

      // The bot comes back three minutes later (its execution lease has lapsed).
      clock.advance(LEASE_LAPSED);
      const second = await BotProcess.start(botEnv(store.env, "solo"), "solo");
      bots.push(second);
      const shown = await until("the proposal to be reconciled", () => {
        const t = textOf(p.ts);
        return /restarting…/.test(t) ? undefined : t;
      });
      expect(shown).toMatch(
        new RegExp(`✅ Done at \\d\\d:\\d\\d( UTC)? \\(approved by <@${BOB}>\\): done \\(confirmed by`),
      );
      // The time of the Activity Log entry Azure wrote for the restart (its correlation id is the approval's).
      expect(shown).toContain(`done (confirmed by the Activity Log at ${clockTime(restartedAt, "UTC", true)};`);
      expect(shown).not.toMatch(/fail|executor lost/i);

      // A later Approve click (a client still showing the buttons): "Already done", nothing run again.
      const sent = restartsSent();
      const told = await staleClick(second, p, CAROL);
      expect(told).toMatch(/Already done at .*confirmed by the Activity Log/);
      expect(told).not.toMatch(/Already tried|fail/i);
      expect(restartsSent()).toBe(sent);

      const trail = await auditTrail(second, p.approvalId);
      expect(trail.map((e) => e.kind)).toEqual(["request", "approval", "execution", "executor-lost"]);
      const lost = trail.at(-1)!;
      expect(lost).toMatchObject({
        actor: "system",
        detail: {
          state: "succeeded",
          reason: expect.stringMatching(/^done \(confirmed by the Activity Log at /),
          reconciled: { by: "activityLog", outcome: "done", correlationId: lost.correlationId },
        },
      });
      expect(new Set(trail.map((e) => e.correlationId)).size).toBe(1);
      expect(restartsDone().length - done).toBe(1);
      // The morning digest and App Home tell the same story.
      expect(await digestActionLine(second)).toMatch(/restart `shop-api` → ✅ done/);
      expect(await homeOutcome(second, BOB)).toBe("succeeded (confirmed by the Activity Log)");
    } finally {
      await Promise.all(bots.map((b) => b.kill9()));
      store.close();
    }
  }, 90_000);
});

/** The bot comes back LEASE_LAPSED later: the Activity Log has nothing conclusive yet, so it waits and asks again. */
async function comeBackInconclusive(store: Record<string, string>, p: Shown): Promise<BotProcess> {
  clock.advance(LEASE_LAPSED);
  const reads = reconcileReads().length;
  const bot = await BotProcess.start(botEnv(store, "solo"), "solo");
  // Two sweeps have asked Azure about it: it stays "restarting…" (entries can take minutes to appear).
  await until("two reconcile reads or a verdict", () =>
    reconcileReads().length - reads >= 2 || !/restarting…/.test(textOf(p.ts)) ? true : undefined,
  );
  expect(textOf(p.ts)).toMatch(/restarting…/);
  // Ten minutes after the execution started, the answer stands.
  clock.advance(WAIT_OVER);
  await bot.advance(WAIT_OVER);
  return bot;
}

describe("kill -9 during the five-minute verification watch, one bot on SQLite restarted on the same data", () => {
  it("the next start takes the watch over and posts the verification once, late, with a note", async () => {
    const store = sqliteStore();
    const bots: BotProcess[] = [];
    const verifications = (ts: string) =>
      emu.store.thread(OPS, ts).filter((m) => /recovered|Could not verify/.test(m.text));
    try {
      const first = await BotProcess.start(botEnv(store.env, "solo"), "solo");
      bots.push(first);
      const p = await proposeRestart(first);
      const done = restartsDone().length;
      const ack = await emu.driver.clickButton(first.url, {
        channelId: OPS,
        messageTs: p.ts,
        actionId: "appsvc_approve",
        userId: BOB,
      });
      expect(ack.status).toBe(200);
      await until("the watch to start", () =>
        emu.store.thread(OPS, p.ts).some((m) => /Watching it/.test(m.text)) ? true : undefined,
      );
      await first.kill9();
      expect(verifications(p.ts)).toEqual([]);
      // Six minutes later (the watch would have ended; its lease has lapsed) the bot comes back.
      clock.advance(6 * MINUTE);
      const second = await BotProcess.start(botEnv(store.env, "solo"), "solo");
      bots.push(second);
      const posted = await until("the late verification", () => verifications(p.ts)[0]);
      expect(posted.text).toMatch(/🟢 shop-api recovered: 5xx [\d.]+% → [\d.]+%/);
      expect(posted.text).toMatch(/Posted late: the bot restarted while it watched the change/);
      // Once: later sweeps of the same bot, and another start, do not post it again.
      await second.kill9();
      const third = await BotProcess.start(botEnv(store.env, "solo"), "solo");
      bots.push(third);
      const trail = await auditTrail(third, p.approvalId);
      expect(trail.map((e) => e.kind)).toEqual([
        "request",
        "approval",
        "execution",
        "arm-call",
        "result",
        "verification",
      ]);
      expect(verifications(p.ts)).toHaveLength(1);
      expect(restartsDone().length - done).toBe(1);
      expect(await homeOutcome(third, BOB)).toBe("recovered");
    } finally {
      await Promise.all(bots.map((b) => b.kill9()));
      store.close();
    }
  }, 90_000);
});

describe("kill -9 while the ARM restart is in flight: the outcomes Azure cannot confirm", () => {
  it("the call never reached Azure: 'not done' once the Activity Log had time, and not retried", async () => {
    const store = sqliteStore();
    const bots: BotProcess[] = [];
    try {
      const first = await BotProcess.start(botEnv(store.env, "solo"), "solo");
      bots.push(first);
      const p = await proposeRestart(first);
      const done = restartsDone().length;
      const sent = restartsSent();
      await approveAndKill(first, p, "drop");
      const second = await comeBackInconclusive(store.env, p);
      bots.push(second);
      const shown = await until("the proposal to be reconciled", () => {
        const t = textOf(p.ts);
        return /restarting…/.test(t) ? undefined : t;
      });
      expect(shown).toMatch(
        /⛔ Not done: Azure has no record of it \(no Activity Log entry with correlation id [\w-]+\)/,
      );
      expect(shown).toMatch(/nothing was changed, propose it again if it is still needed/);
      expect(shown).not.toMatch(/Failed|executor lost/);

      const told = await staleClick(second, p, CAROL);
      expect(told).toMatch(/Already tried at .* and it was: not done: Azure has no record of it/);
      expect(told).not.toMatch(/failed/i);
      // Nothing reached Azure, before or after the restart of the bot, and nothing happened.
      expect(restartsSent()).toBe(sent);
      expect(restartsDone().length).toBe(done);

      const trail = await auditTrail(second, p.approvalId);
      expect(trail.map((e) => e.kind)).toEqual(["request", "approval", "execution", "executor-lost"]);
      const lost = trail.at(-1)!;
      expect(lost.detail).toMatchObject({
        state: "failed",
        reconciled: { by: "activityLog", outcome: "notDone", correlationId: lost.correlationId },
      });
      expect(shown).toContain(lost.correlationId);
      expect(await homeOutcome(second, BOB)).toBe("not done");
      expect(await digestActionLine(second)).toMatch(/restart `shop-api` → ⛔ not done \(nothing was changed\)/);
    } finally {
      await Promise.all(bots.map((b) => b.kill9()));
      store.close();
    }
  }, 90_000);

  it("the Activity Log cannot be read: 'unknown — check …' naming the app and the correlation id, never 'failed'", async () => {
    const store = sqliteStore();
    const bots: BotProcess[] = [];
    try {
      const first = await BotProcess.start(botEnv(store.env, "solo"), "solo");
      bots.push(first);
      const p = await proposeRestart(first);
      const done = restartsDone().length;
      await approveAndKill(first, p, "carryOut");
      // Azure did it, but the bot's identity may no longer read the Activity Log.
      sim.faults.add({ route: "activity.list", status: 403 });
      const second = await comeBackInconclusive(store.env, p);
      bots.push(second);
      const shown = await until("the proposal to be reconciled", () => {
        const t = textOf(p.ts);
        return /restarting…/.test(t) ? undefined : t;
      });
      sim.faults.clear();
      expect(shown).toMatch(
        /❔ Outcome unknown \([^)]*\): unknown — check the Activity Log of shop-api for correlation id [\w-]+ before trying again/,
      );
      expect(shown).toMatch(/Microsoft\.Insights\/eventtypes\/values\/read/);
      expect(shown).not.toMatch(/Failed|executor lost/);

      const sent = restartsSent();
      const told = await staleClick(second, p, CAROL);
      expect(told).toMatch(/Outcome unknown since .*check the Activity Log of shop-api/);
      expect(told).not.toMatch(/Already tried|failed/i);
      expect(restartsSent()).toBe(sent);
      expect(restartsDone().length - done).toBe(1);

      const trail = await auditTrail(second, p.approvalId);
      expect(trail.map((e) => e.kind)).toEqual(["request", "approval", "execution", "executor-lost"]);
      const lost = trail.at(-1)!;
      expect(lost.detail).toMatchObject({
        reconciled: { by: "activityLog", outcome: "unknown", correlationId: lost.correlationId },
      });
      expect(shown).toContain(lost.correlationId);
      expect(await digestActionLine(second)).toMatch(/restart `shop-api` → ❔ outcome unknown/);
      expect(await homeOutcome(second, BOB)).toBe("outcome unknown");
    } finally {
      sim.faults.clear();
      await Promise.all(bots.map((b) => b.kill9()));
      store.close();
    }
  }, 90_000);
});

describe("kill -9 while the ARM restart is in flight, two replicas on PostgreSQL", () => {
  it("the other replica reconciles it as done; the killed one comes back and runs nothing again", async () => {
    server ??= await startPostgres();
    const schema = `t_restart_${randomBytes(5).toString("hex")}`;
    const url = `${server.url}${server.url.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const store = { DATABASE_URL: url };
    const bots: BotProcess[] = [];
    try {
      const [r1, r2] = await Promise.all([
        BotProcess.start(botEnv(store, "r1"), "r1"),
        BotProcess.start(botEnv(store, "r2"), "r2"),
      ]);
      bots.push(r1, r2);
      const p = await proposeRestart(r1);
      const done = restartsDone().length;
      await approveAndKill(r1, p, "carryOut");
      expect(restartsDone().length - done).toBe(1);
      const restartedAt = restartsDone().at(-1)!.at;
      const row = async () =>
        (await admin.query(`SELECT state, lease_owner FROM ${schema}.approvals WHERE id = $1`, [p.approvalId])).rows[0];
      // r2 sweeps every 200 ms, but r1's lease (2 min) has not lapsed: the execution is left alone.
      expect(await row()).toMatchObject({ state: "executing", lease_owner: "r1" });

      // Three minutes pass for the world and for r2: r1's lease lapses.
      clock.advance(LEASE_LAPSED);
      await r2.advance(LEASE_LAPSED);
      const shown = await until("r2 to reconcile the proposal", () => {
        const t = textOf(p.ts);
        return /restarting…/.test(t) ? undefined : t;
      });
      expect(shown).toContain(`done (confirmed by the Activity Log at ${clockTime(restartedAt, "UTC", true)};`);
      expect(shown).not.toMatch(/fail|executor lost/i);
      expect(await row()).toMatchObject({ state: "succeeded" });

      // r1 comes back under the same name; late clicks on either replica run nothing.
      const r1again = await BotProcess.start(botEnv(store, "r1"), "r1");
      bots.push(r1again);
      const sent = restartsSent();
      for (const [bot, user] of [
        [r1again, CAROL],
        [r2, BOB],
      ] as const) {
        const told = await staleClick(bot, p, user);
        expect(told).toMatch(/Already done at .*confirmed by the Activity Log/);
        expect(told).not.toMatch(/Already tried|fail/i);
      }
      expect(restartsSent()).toBe(sent);
      expect(restartsDone().length - done).toBe(1);

      const trail = await auditTrail(r1again, p.approvalId);
      expect(trail.map((e) => [e.kind, e.actor])).toEqual([
        ["request", USER],
        ["approval", BOB],
        ["execution", "r1"],
        ["executor-lost", "system"],
      ]);
      expect(trail.at(-1)?.detail).toMatchObject({ state: "succeeded", reconciled: { outcome: "done" } });
    } finally {
      await Promise.all(bots.map((b) => b.kill9()));
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  }, 90_000);
});

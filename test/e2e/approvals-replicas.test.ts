// Two bot replicas behind one Slack app, on one PostgreSQL database (DATABASE_URL): Approve clicks land
// on either replica, as they would behind a load balancer. One ARM write, one winner, everyone else told.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PgServer, startPostgres } from "../store/pg-server.ts";
import {
  type Azure,
  addOpsPeople,
  approvalIdOf,
  armCalls,
  BOB,
  CAROL,
  current,
  type Harness,
  OPS,
  opsPolicy,
  proposeVia,
  simVerify,
  startAzureWith,
  startHarness,
  toldTo,
} from "./harness.ts";

const CLICKS = 40;

let server: PgServer | undefined;
let azure: Azure;
let a: Harness;
let b: Harness;
// Its own schema (search_path in the URL), so an external test database is left as it was.
const schema = `t_${randomBytes(6).toString("hex")}`;

async function sql(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  server = await startPostgres();
  await sql(server.url, `CREATE SCHEMA ${schema}`);
  const databaseUrl = `${server.url}${server.url.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  azure = await startAzureWith([["S1", { minutesIn: 96 }]]);
  const opts = { policyYaml: opsPolicy({ scope: "shop-api" }), approvals: simVerify(azure), databaseUrl };
  a = await startHarness(azure, opts);
  addOpsPeople(a);
  b = await startHarness(azure, { ...opts, emu: a.emu });
}, 60_000);

afterAll(async () => {
  await b?.close();
  await a?.close();
  await azure?.close();
  if (server) {
    await sql(server.url, `DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await server.stop();
  }
});

describe("two replicas on one PostgreSQL", () => {
  it("stores its tables in the shared database, not in a data directory", async () => {
    const c = new pg.Client({ connectionString: server!.url });
    await c.connect();
    try {
      const { rows } = await c.query("SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [
        schema,
      ]);
      expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(["schema_migrations"]));
      expect(rows.length).toBeGreaterThan(1);
    } finally {
      await c.end();
    }
  });

  it(`${CLICKS} Approve clicks spread over both replicas: one ARM write, one winner, everyone else told`, async () => {
    // Proposed through replica A; the clicks go to A and B alternately.
    const p = await proposeVia(a, "restart shop-api");
    const before = armCalls(azure, "sites.restart");
    const acks = await Promise.all(
      Array.from({ length: CLICKS }, (_, i) =>
        a.emu.driver.clickButton(i % 2 ? b.botUrl : a.botUrl, {
          channelId: OPS,
          messageTs: p.ts,
          actionId: "appsvc_approve",
          userId: i % 4 < 2 ? BOB : CAROL,
        }),
      ),
    );
    expect(acks.every((x) => x.status === 200)).toBe(true);
    await Promise.all([a.idle(30_000), b.idle(30_000)]);
    expect(armCalls(azure, "sites.restart") - before).toBe(1);
    const told = [...toldTo(a, BOB, OPS), ...toldTo(a, CAROL, OPS)];
    expect(told).toHaveLength(CLICKS - 1);
    expect(told.every((t) => /Already (approved|running|done)/.test(t))).toBe(true);
    // No loser's edit lands after the winner's "Done" (each replica paces its own edits).
    const texts = a.emu.store.findMessage(OPS, p.ts)?.updates.map((u) => u.text) ?? [];
    const done = texts.findIndex((t) => /Done/.test(t));
    expect(done).toBeGreaterThanOrEqual(0);
    expect(texts.slice(done).filter((t) => /restarting/.test(t))).toEqual([]);
    expect(current(a, OPS, p.ts).text).toMatch(/Done/);
  });

  it("a proposal made on one replica is approved and executed through the other", async () => {
    const p = await proposeVia(a, "restart shop-api");
    const before = armCalls(azure, "sites.restart");
    const r = await a.emu.driver.clickButton(b.botUrl, {
      channelId: OPS,
      messageTs: p.ts,
      actionId: "appsvc_approve",
      userId: BOB,
    });
    expect(r.status).toBe(200);
    await Promise.all([a.idle(30_000), b.idle(30_000)]);
    expect(armCalls(azure, "sites.restart") - before).toBe(1);
    expect(current(a, OPS, p.ts).text).toMatch(/Done/);
  });
});

describe("an Approve's ack waits for the decision to be stored (issue 13)", () => {
  /** Holds the approval's row locked (another transaction) until `release` is called. */
  async function lockRow(id: string) {
    const c = new pg.Client({ connectionString: server!.url });
    await c.connect();
    await c.query("BEGIN");
    await c.query(`SELECT id FROM ${schema}.approvals WHERE id = $1 FOR UPDATE`, [id]);
    const waiting = async () => {
      // Inside a transaction PostgreSQL keeps one statistics snapshot: clear it to see the bot's wait.
      await c.query("SELECT pg_stat_clear_snapshot()");
      const { rows } = await c.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query ILIKE 'UPDATE approvals%'",
      );
      return rows[0].n as number;
    };
    return {
      /** Resolves once the bot's state change is blocked on the row. */
      async blocked() {
        for (let i = 0; i < 500 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 10));
        if ((await waiting()) === 0) throw new Error("the bot never tried to store the decision");
      },
      waiting,
      async release() {
        await c.query("ROLLBACK");
        await c.end();
      },
    };
  }

  it("no ack while the approval cannot be stored; acked once it is, and executed once", async () => {
    const p = await proposeVia(a, "restart shop-api");
    const before = armCalls(azure, "sites.restart");
    const lock = await lockRow(approvalIdOf(p.blocks));
    let answered = false;
    const click = a.emu.driver
      .clickButton(a.botUrl, { channelId: OPS, messageTs: p.ts, actionId: "appsvc_approve", userId: BOB })
      .finally(() => {
        answered = true;
      });
    try {
      await lock.blocked();
      // The decision is not stored yet: had the bot died now, Slack would show the click as failed.
      await new Promise((r) => setTimeout(r, 200));
      expect(answered).toBe(false);
    } finally {
      await lock.release();
    }
    expect((await click).status).toBe(200);
    await a.idle(30_000);
    expect(armCalls(azure, "sites.restart") - before).toBe(1);
    expect(current(a, OPS, p.ts).text).toMatch(/Done/);
  });

  it("an approval stored but never carried out (its replica died) is cancelled and its approver told", async () => {
    const p = await proposeVia(a, "restart shop-api");
    const before = armCalls(azure, "sites.restart");
    // What a replica leaves behind when it dies right after storing Bob's decision: approved, never executed.
    const at = azure.clock.now() - 3 * 60_000;
    const c = new pg.Client({ connectionString: server!.url });
    await c.connect();
    try {
      await c.query(
        `UPDATE ${schema}.approvals SET state = 'approved', state_by = $2, state_at = $3, approved_by = $2, approved_at = $3, version = version + 1 WHERE id = $1`,
        [approvalIdOf(p.blocks), BOB, at],
      );
    } finally {
      await c.end();
    }
    await a.emu.driver.waitFor(() => a.emu.store.thread(OPS, p.ts).some((m) => m.text.includes(`<@${BOB}>`)), 10_000);
    const told = a.emu.store.thread(OPS, p.ts).map((m) => m.text);
    expect(told.join("\n")).toMatch(/the change you approved was not carried out: .*nothing was changed/);
    expect(current(a, OPS, p.ts).text).toMatch(/🚫 Cancelled at .*the bot stopped between the approval and the change/);
    expect(armCalls(azure, "sites.restart") - before).toBe(0);
  });

  it("a store slower than Slack's 3 s still gets its ack in time; the decision follows", async () => {
    const p = await proposeVia(a, "restart shop-api");
    const before = armCalls(azure, "sites.restart");
    const lock = await lockRow(approvalIdOf(p.blocks));
    try {
      const click = a.emu.driver.clickButton(a.botUrl, {
        channelId: OPS,
        messageTs: p.ts,
        actionId: "appsvc_approve",
        userId: BOB,
      });
      await lock.blocked();
      expect((await click).status).toBe(200);
      // Acked while the bot's UPDATE still waits on the lock.
      expect(await lock.waiting()).toBeGreaterThan(0);
    } finally {
      await lock.release();
    }
    await a.idle(30_000);
    expect(armCalls(azure, "sites.restart") - before).toBe(1);
    expect(current(a, OPS, p.ts).text).toMatch(/Done/);
  });
});

// Two bot replicas behind one Slack app, on one PostgreSQL database (DATABASE_URL): Approve clicks land
// on either replica, as they would behind a load balancer. One ARM write, one winner, everyone else told.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PgServer, startPostgres } from "../store/pg-server.ts";
import {
  type Azure,
  addOpsPeople,
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

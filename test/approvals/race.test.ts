// Exactly one ARM write however many approve+execute attempts race: 100 at once on one SQLite store, and
// 100 spread over two PostgresStore instances (two replicas, two executors) on one database.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approve } from "../../src/approvals/approve.ts";
import type { ActionDeps } from "../../src/approvals/deps.ts";
import { execute } from "../../src/approvals/execute.ts";
import { propose } from "../../src/approvals/propose.ts";
import { staticTokenCredential } from "../../src/azure/credentials.ts";
import { ArmWriter } from "../../src/azure/writes.ts";
import { PostgresStore } from "../../src/store/postgres-store.ts";
import { type PgServer, startPostgres } from "../store/pg-server.ts";
import { DEV, LEAD, LEAD2, openWorld, type World } from "./harness.ts";

const ATTEMPTS = 100;

async function race(w: World, replicas: ActionDeps[]) {
  const { snapshot } = await w.look("orders-api", 30);
  const p = await propose(replicas[0], {
    actor: DEV,
    source: { kind: "intent", intent: { verb: "restart", soft: false } },
    snapshot,
  });
  if (!p.ok) throw new Error(p.reason);
  const before = w.count("sites.restart");
  const results = await Promise.all(
    Array.from({ length: ATTEMPTS }, async (_, i) => {
      const d = replicas[i % replicas.length];
      const a = await approve(d, { approvalId: p.approval.id, actor: i % 3 === 0 ? LEAD2 : LEAD });
      const x = await execute(d, p.approval.id);
      return { approved: a.ok, executed: x.ok };
    }),
  );
  const final = await replicas[0].store.getApproval(p.approval.id);
  return {
    writes: w.count("sites.restart") - before,
    approvals: results.filter((r) => r.approved).length,
    executions: results.filter((r) => r.executed).length,
    final,
    audit: await replicas[0].store.listAudit({ approvalId: p.approval.id, limit: 500 }),
  };
}

describe("concurrent approve + execute", () => {
  let w: World;
  beforeAll(async () => {
    w = await openWorld([["healthy", { appName: "orders-api" }]]);
  });
  afterAll(async () => {
    await w?.close();
  });

  it(`${ATTEMPTS} attempts on one SQLite store → exactly one ARM write`, async () => {
    const r = await race(w, [w.deps()]);
    expect(r.writes).toBe(1);
    expect(r.approvals).toBe(1);
    expect(r.executions).toBe(1);
    expect(r.final?.state).toBe("succeeded");
    expect(r.audit.filter((e) => e.kind === "arm-call")).toHaveLength(1);
  });
});

describe("two replicas on one PostgreSQL database", () => {
  let server: PgServer | undefined;
  let w: World;
  let stores: PostgresStore[] = [];
  const schema = `t_${randomBytes(6).toString("hex")}`;

  beforeAll(async () => {
    server = await startPostgres();
    const url = server.url;
    const open = async () => {
      const s = new PostgresStore({ url, schema, poolSize: 8, now: () => w.clock.now() });
      await s.migrate();
      return s;
    };
    w = await openWorld([["healthy", { appName: "orders-api" }]]);
    stores = await Promise.all([open(), open()]);
  });

  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    if (server) {
      const c = new pg.Client({ connectionString: server.url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
      await server.stop();
    }
    await w?.close();
  });

  it(`${ATTEMPTS} attempts over two stores and two executors → exactly one ARM write`, async () => {
    const second = new ArmWriter({
      credential: staticTokenCredential("replica-b"),
      armEndpoint: w.sim.url,
      ca: w.sim.ca,
    });
    const replicas = [
      w.deps({ store: stores[0], owner: "replica-a" }),
      w.deps({ store: stores[1], owner: "replica-b", writer: second }),
    ];
    const r = await race(w, replicas);
    expect(r.writes).toBe(1);
    expect(r.approvals).toBe(1);
    expect(r.executions).toBe(1);
    expect(r.final?.state).toBe("succeeded");
    expect(["replica-a", "replica-b"]).toContain(r.final?.leaseOwner);
    expect(r.audit.filter((e) => e.kind === "execution")).toHaveLength(1);
  });
});

// The Store contract on PostgresStore against a real server (a throwaway cluster on a Unix socket, see
// pg-server.ts), plus what only several replicas can show: two store instances racing on one database.

import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeStore, openStore } from "../../src/store/open-store.ts";
import { PostgresStore } from "../../src/store/postgres-store.ts";
import type { Row } from "../../src/store/rows.ts";
import { storeContract } from "./contract.ts";
import { approvalMother, type Harness, Opened, type Site, subscriptionMother, TestClock } from "./harness.ts";
import { assertTestDatabase, type PgServer, startPostgres } from "./pg-server.ts";

let server: PgServer | undefined;

beforeAll(async () => {
  server = await startPostgres();
});

afterAll(async () => {
  await server?.stop();
});

function url(): string {
  if (!server) throw new Error("the PostgreSQL test server did not start (see the beforeAll error)");
  return server.url;
}

async function withClient<T>(schema: string | undefined, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url(), ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Each site is its own schema, so cases and files never see each other's rows. */
const postgres: Harness = {
  engine: "postgres",
  async site(): Promise<Site> {
    const schema = `t_${randomBytes(6).toString("hex")}`;
    return {
      async open(now) {
        const store = new PostgresStore({ url: url(), schema, now, poolSize: 8 });
        await store.migrate();
        return store;
      },
      raw: (sql) => withClient(schema, async (c) => (await c.query(sql)).rows as Row[]),
      async dispose() {
        await withClient(undefined, (c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
      },
    };
  },
};

describe("PostgresStore contract", () => storeContract(() => postgres));

describe("PostgresStore with two replicas on one database", () => {
  async function twoReplicas(
    clock: TestClock,
  ): Promise<{ a: PostgresStore; b: PostgresStore; done: () => Promise<void> }> {
    const site = await postgres.site();
    const opened = new Opened(site);
    const [a, b] = (await Promise.all([opened.open(clock.now), opened.open(clock.now)])) as PostgresStore[];
    const done = async () => {
      await opened.closeAll();
      await site.dispose();
    };
    return { a, b, done };
  }

  it("lets exactly one of 100 Approve clicks spread over two instances win", async () => {
    const clock = new TestClock();
    const { a, b, done } = await twoReplicas(clock);
    try {
      const ap = await a.createApproval(approvalMother(clock));
      const at = clock.advance(10);
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          (i % 2 ? a : b).transition(ap.id, ["pending"], "approved", { user: `U${i}`, at }),
        ),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const approvers = new Set(results.map((r) => (r.ok ? r.approval.approvedBy : r.current.approvedBy)));
      expect(approvers.size).toBe(1);
    } finally {
      await done();
    }
  });

  it("claims each digest run once across instances and sweeps each expiry once", async () => {
    const clock = new TestClock();
    const { a, b, done } = await twoReplicas(clock);
    try {
      const s = await a.createSubscription(subscriptionMother());
      const claims = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).claimRun(s.id, "2025-06-02", i % 2 ? "a" : "b")),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      for (let i = 0; i < 5; i++) await a.createApproval(approvalMother(clock, { expiresAt: clock.now() + 1000 }));
      const now = clock.advance(2000);
      const [ea, eb] = await Promise.all([a.expireDue(now), b.expireDue(now)]);
      expect(ea.length + eb.length).toBe(5);
      const audit = await b.listAudit({ limit: 50 });
      expect(audit.filter((e) => e.kind === "expiry")).toHaveLength(5);
    } finally {
      await done();
    }
  });

  it("shows a subscription created on one instance to the other, with a moved version", async () => {
    const clock = new TestClock();
    const { a, b, done } = await twoReplicas(clock);
    try {
      const before = await b.subscriptionsVersion();
      const s = await a.createSubscription(subscriptionMother());
      expect(await b.subscriptionsVersion()).not.toBe(before);
      expect((await b.listSubscriptions()).map((x) => x.id)).toEqual([s.id]);
      expect(await b.deleteSubscription(s.id, "C_OPS")).toBe(true);
      expect(await a.listSubscriptions()).toEqual([]);
    } finally {
      await done();
    }
  });

  it("migrates once when several instances start at the same time", async () => {
    const site = await postgres.site();
    const opened = new Opened(site);
    try {
      const clock = new TestClock();
      const stores = await Promise.all(Array.from({ length: 4 }, () => opened.open(clock.now)));
      await Promise.all(stores.map((s) => s.migrate()));
      const rows = await site.raw("SELECT version FROM schema_migrations ORDER BY version");
      expect(rows.map((r) => Number(r.version))).toEqual([1, 2, 3, 4, 5]);
      const sub = await stores[3].createSubscription(subscriptionMother());
      expect((await stores[0].listSubscriptions()).map((x) => x.id)).toEqual([sub.id]);
    } finally {
      await opened.closeAll();
      await site.dispose();
    }
  });

  it("opens through the factory from Config.store and describes it without credentials", async () => {
    const store = await openStore({ kind: "postgres", url: url() });
    try {
      expect(store.kind).toBe("postgres");
      expect(typeof (await store.subscriptionsVersion())).toBe("number");
    } finally {
      await store.close();
    }
    expect(describeStore({ kind: "postgres", url: "postgresql://bot:s3cret@db.example:5433/appsvc" })).toBe(
      "postgres db.example:5433/appsvc",
    );
    expect(describeStore({ kind: "postgres", url: "postgresql://app@/appsvc_test?host=%2Ftmp%2Fpg" })).toBe(
      "postgres /tmp/pg/appsvc_test",
    );
  });
});

describe("test-database guard", () => {
  it("refuses a database whose name lacks 'test' and accepts the throwaway one", () => {
    expect(() => assertTestDatabase("postgresql://bot@db.example/appsvc")).toThrow(/must contain "test"/);
    expect(() => assertTestDatabase("postgresql://bot@db.example/")).toThrow(/must contain "test"/);
    expect(() => assertTestDatabase("mysql://bot@db.example/test")).toThrow(/not a postgres/);
    expect(() => assertTestDatabase(url())).not.toThrow();
    expect(() => assertTestDatabase("postgres://app@/appsvc_test?host=%2Ftmp%2Fx")).not.toThrow();
  });

  it("fails with a pointer to .ci/postgres when the server binaries are missing (never skips)", async () => {
    const saved = process.env.APPSVC_TEST_DATABASE_URL;
    delete process.env.APPSVC_TEST_DATABASE_URL;
    try {
      await expect(startPostgres({ binRoot: "/nonexistent/postgresql" })).rejects.toThrow(/Run \.ci\/postgres/);
    } finally {
      if (saved !== undefined) process.env.APPSVC_TEST_DATABASE_URL = saved;
    }
  });
});

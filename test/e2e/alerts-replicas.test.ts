// Exactly once across retries, replicas and restarts: two bot replicas on one PostgreSQL database behind one
// Slack app. An action group's retries of one notification land on either replica, some at the same
// moment, some after a restart: one thread, one evidence pack.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PgServer, startPostgres } from "../store/pg-server.ts";
import { ALERTS_TOKEN, appIdOf, http5xxAlert, payloadOf, postAlert } from "./alerts-helpers.ts";
import { type Azure, current, type Harness, startAzureWith, startHarness } from "./harness.ts";

const CHANNEL = "C0REPLICA";
let server: PgServer | undefined;
let azure: Azure;
let a: Harness;
let b: Harness;
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
  azure = await startAzureWith([
    ["S1", { minutesIn: 96 }],
    ["healthy", { appName: "api-b", resourceGroup: "rg-b" }],
  ]);
  const opts = { alerts: { token: ALERTS_TOKEN, channel: CHANNEL }, databaseUrl };
  a = await startHarness(azure, { ...opts, owner: "replica-a" });
  a.emu.channels.add({ id: CHANNEL, name: "alerts", is_member: true });
  b = await startHarness(azure, { ...opts, owner: "replica-b", emu: a.emu });
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

const idle = () => Promise.all([a.idle(30_000), b.idle(30_000)]);

describe("two replicas, one database", () => {
  it("5 retries of one notification across two replicas, at once → one thread, one evidence pack", async () => {
    const spec = http5xxAlert(a, appIdOf(a, "shop-api"));
    const body = payloadOf(spec);
    const answers = await Promise.all([a, b, a, b, a].map((r) => postAlert(r, body)));
    expect(answers.map((x) => x.status)).toEqual([200, 200, 200, 200, 200]);
    await idle();
    const tops = a.emu.store.channelMessages(CHANNEL).filter((m) => m.text.includes("shop-api"));
    expect(tops).toHaveLength(1);
    const posts = () => a.emu.store.thread(CHANNEL, tops[0].ts).filter((m) => m.via === "chat.postMessage");
    expect(posts()).toHaveLength(1); // the evidence pack; the chart is a file share
    expect(a.emu.store.filesIn(CHANNEL, tops[0].ts)).toHaveLength(1);
    expect(current(a, CHANNEL, tops[0].ts).blocks).not.toContain("fired 2×");
    const handled = [...a.logs, ...b.logs].filter((l) => l.includes("alert thread opened"));
    expect(handled).toHaveLength(1);

    // After a restart of both replicas, a late retry is still recognised.
    await a.restartBot();
    await b.restartBot();
    const before = a.emu.store.messages.length;
    expect((await postAlert(b, body)).status).toBe(200);
    expect((await postAlert(a, body)).status).toBe(200);
    await idle();
    expect(a.emu.store.messages.length).toBe(before);

    // The resolution, retried on both replicas, edits the thread once and recaps once.
    const resolved = payloadOf({ ...spec, condition: "Resolved", resolvedAt: azure.clock.now() });
    await Promise.all([postAlert(a, resolved), postAlert(b, resolved), postAlert(a, resolved)]);
    await idle();
    expect(current(a, CHANNEL, tops[0].ts).blocks).toContain("✅ Resolved · shop-api");
    expect(posts()).toHaveLength(2);
    expect(posts()[1].text).toMatch(/^✅ Resolved at/);
  });

  it("different alerts of one app reaching both replicas at once share one thread", async () => {
    const id = appIdOf(a, "api-b");
    const specs = Array.from({ length: 6 }, (_, i) => http5xxAlert(a, id, { rule: `rule-${i}` }));
    await Promise.all(specs.map((s, i) => postAlert(i % 2 ? a : b, payloadOf(s))));
    await idle();
    const tops = a.emu.store.channelMessages(CHANNEL).filter((m) => m.text.includes("api-b"));
    expect(tops).toHaveLength(1);
    const blocks = current(a, CHANNEL, tops[0].ts).blocks;
    for (const s of specs) expect(blocks).toContain(s.rule);
    expect(blocks).toContain("6 alerts grouped");
  });
});

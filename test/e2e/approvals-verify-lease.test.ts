// The verification of an executed change is owed once, whatever happens to the bot (issue 13): a bot
// stopped during the five-minute watch releases its lease, the next start takes the watch over and posts
// the verification once, late, with a note; a takeover that finds the previous owner's post in the thread
// does not post again. Real Bolt over signed HTTP, the Azure simulator over HTTPS, the SQLite store.
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINUTE } from "../../src/sim/azure/fleet.ts";
import { SQLITE_FILE } from "../../src/store/sqlite-store.ts";
import {
  type Azure,
  addOpsPeople,
  approvalIdOf,
  armCalls,
  BOB,
  type Harness,
  OPS,
  opsPolicy,
  proposeVia,
  startAzureWith,
  startHarness,
} from "./harness.ts";

let azure: Azure;
let h: Harness;
/** While set, the watch's polls wait for it (the bot is "in the middle of the watch"). */
let hold: Promise<void> | undefined;
let release: () => void = () => undefined;

beforeAll(async () => {
  azure = await startAzureWith([["S1", { minutesIn: 96 }]]);
  h = await startHarness(azure, {
    policyYaml: opsPolicy(),
    approvals: {
      verify: {
        durationMs: 5 * MINUTE,
        pollMs: MINUTE,
        clock: azure.clock,
        sleep: async (ms: number) => {
          if (hold) await hold;
          azure.clock.advance(ms);
        },
      },
      sweepMs: 50,
    },
  });
  addOpsPeople(h);
});
afterAll(async () => {
  release();
  await h?.close();
  await azure?.close();
});

const verifications = (ts: string) =>
  h.emu.store.thread(OPS, ts).filter((m) => /recovered|Could not verify/.test(m.text));

function row(approvalId: string): Record<string, unknown> | undefined {
  const db = new DatabaseSync(join(h.dataDir, "store", SQLITE_FILE));
  try {
    return db.prepare("SELECT * FROM verifications WHERE approval_id = ?").get(approvalId) as
      | Record<string, unknown>
      | undefined;
  } finally {
    db.close();
  }
}

describe("the verification is owed once across restarts", () => {
  it("a bot stopped during the watch hands it over: the next start posts it once, late, with a note", async () => {
    const p = await proposeVia(h, "restart shop-api");
    const id = approvalIdOf(p.blocks);
    hold = new Promise((r) => (release = r));
    const click = await h.emu.driver.clickButton(h.botUrl, {
      channelId: OPS,
      messageTs: p.ts,
      actionId: "appsvc_approve",
      userId: BOB,
    });
    expect(click.status).toBe(200);
    await h.emu.driver.waitFor(() => h.emu.store.thread(OPS, p.ts).some((m) => /Watching it/.test(m.text)));
    expect(row(id)).toMatchObject({ done_at: null, takeovers: 0 });
    // SIGTERM-like stop in the middle of the watch: the lease is released, nothing is posted.
    await h.restartBot();
    expect(verifications(p.ts)).toEqual([]);
    const released = row(id);
    expect(released).toMatchObject({ done_at: null, posted_ts: null });
    expect(Number(released?.lease_until)).toBeLessThanOrEqual(azure.clock.now());
    hold = undefined;
    release();
    // The new start's sweep takes the watch over and posts it once.
    await h.emu.driver.waitFor(() => verifications(p.ts).length > 0, 15_000);
    await h.idle(20_000);
    await new Promise((r) => setTimeout(r, 300));
    const posted = verifications(p.ts);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.text).toMatch(/🟢 shop-api recovered: 5xx [\d.]+% → [\d.]+%/);
    expect(posted[0]?.text).toMatch(/Posted late: the bot restarted while it watched the change/);
    expect(row(id)).toMatchObject({ posted_ts: posted[0]?.ts, takeovers: 1, lease_until: null });
    expect(armCalls(azure, "sites.restart")).toBe(1);
  });

  it("a takeover that finds the previous owner's post in the thread does not post again", async () => {
    const p = await proposeVia(h, "restart shop-api");
    const id = approvalIdOf(p.blocks);
    await h.emu.driver.clickButton(h.botUrl, {
      channelId: OPS,
      messageTs: p.ts,
      actionId: "appsvc_approve",
      userId: BOB,
    });
    await h.emu.driver.waitFor(() => verifications(p.ts).length > 0, 15_000);
    await h.idle(20_000);
    const first = verifications(p.ts)[0];
    // What a replica leaves when it dies right after posting, before recording it: posting began, not done.
    const db = new DatabaseSync(join(h.dataDir, "store", SQLITE_FILE));
    try {
      db.prepare(
        "UPDATE verifications SET done_at = NULL, posted_ts = NULL, lease_until = ?, owner = 'gone' WHERE approval_id = ?",
      ).run(azure.clock.now() - 1, id);
    } finally {
      db.close();
    }
    azure.clock.advance(MINUTE);
    await h.emu.driver.waitFor(() => (row(id)?.done_at ? true : undefined), 10_000);
    await h.idle(20_000);
    expect(verifications(p.ts).map((m) => m.ts)).toEqual([first?.ts]);
    expect(row(id)).toMatchObject({ posted_ts: first?.ts, takeovers: 1 });
  });
});

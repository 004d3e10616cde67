// Contract cases for Azure Monitor alert claims and incident threads.

import { expect, it } from "vitest";
import type { Ctx } from "./contract-approvals.ts";

const ALERT = "/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/a1";

export function alertsContract(ctx: () => Ctx): void {
  it("claims a notification once per alert and condition, across concurrent callers and a restart", async () => {
    const { store, opened, clock } = ctx();
    const FIRED = "Fired 2026-11-24T10:00:00Z";
    const RESOLVED = "Resolved 2026-11-24T10:00:00Z 2026-11-24T10:20:00Z";
    const claim = (s: typeof store, alert: string, n: string, owner: string) =>
      s.claimAlert(alert, n, owner, 60_000, { alertId: alert, rule: "5xx" });
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => claim(store, ALERT, FIRED, `r${i}`)));
    const won = claims.filter((c) => c !== undefined);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({
      alertId: ALERT,
      notification: FIRED,
      payload: { alertId: ALERT, rule: "5xx" },
      leaseUntil: clock.now() + 60_000,
      doneAt: null,
      takeovers: 0,
    });
    expect(await claim(store, ALERT, RESOLVED, "r1")).toBeDefined();
    expect(await claim(store, `${ALERT}-other`, FIRED, "r1")).toBeDefined();
    expect(await store.finishAlert(ALERT, RESOLVED, "r1")).toBe(true);
    await store.close();
    const again = await opened.open(clock.now);
    // A retry of a notification being handled, or handled, is refused; also after a restart.
    expect(await claim(again, ALERT, FIRED, "after-restart")).toBeUndefined();
    expect(await claim(again, ALERT, RESOLVED, "after-restart")).toBeUndefined();
  });

  it("an alert claim is a lease: taken over with its alert once the owner is gone, never once it was handled", async () => {
    const { store, clock } = ctx();
    const FIRED = "Fired 2026-11-24T10:00:00Z";
    const payload = { alertId: ALERT, rule: "5xx", severity: 1 };
    expect(await store.claimAlert(ALERT, FIRED, "a", 60_000, payload)).toBeDefined();
    expect(await store.owedAlerts(10)).toEqual([]);
    clock.advance(50_000);
    expect(await store.renewAlert(ALERT, FIRED, "a", 60_000)).toBe(true);
    expect(await store.renewAlert(ALERT, FIRED, "b", 60_000)).toBe(false);
    clock.advance(60_001);
    // The owner died while handling it: owed, with the alert, and taken over by exactly one replica.
    expect(await store.owedAlerts(10)).toEqual([
      expect.objectContaining({ alertId: ALERT, notification: FIRED, payload }),
    ]);
    const takers = await Promise.all(["b", "c", "d"].map((o) => store.claimAlert(ALERT, FIRED, o, 60_000, payload)));
    const taken = takers.filter((t) => t !== undefined);
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ takeovers: 1, claimedAt: clock.now() - 110_001, payload });
    const taker = taken[0]?.owner ?? "";
    expect(await store.owedAlerts(10)).toEqual([]);
    // Released at shutdown: owed again at once.
    expect(await store.releaseAlert(ALERT, FIRED, taker)).toBe(true);
    expect((await store.owedAlerts(10)).map((c) => c.alertId)).toEqual([ALERT]);
    expect(await store.claimAlert(ALERT, FIRED, "e", 60_000, payload)).toMatchObject({ owner: "e", takeovers: 2 });
    expect(await store.finishAlert(ALERT, FIRED, taker)).toBe(false);
    expect(await store.finishAlert(ALERT, FIRED, "e")).toBe(true);
    clock.advance(3_600_000);
    expect(await store.owedAlerts(10)).toEqual([]);
    expect(await store.claimAlert(ALERT, FIRED, "f", 60_000, payload)).toBeUndefined();
  });

  it("opens one thread per generation when callers race, and finds it by alert", async () => {
    const { store, clock } = ctx();
    expect(await store.latestAlertThread("C1", "app")).toBeUndefined();
    const opened = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store.openAlertThread({ channel: "C1", appKey: "app", generation: 1, state: { by: i } }),
      ),
    );
    const winners = opened.filter((t) => t !== undefined);
    expect(winners).toHaveLength(1);
    const t = winners[0];
    if (!t) throw new Error("no winner");
    expect(t).toMatchObject({
      channel: "C1",
      appKey: "app",
      generation: 1,
      messageTs: null,
      resolvedAt: null,
      version: 1,
    });
    expect(t.openedAt).toBe(clock.now());
    expect((await store.latestAlertThread("C1", "app"))?.id).toBe(t.id);
    // Joining is insert-if-absent: the first thread an alert joins stays its thread.
    expect(await store.joinAlertThread(ALERT, t.id)).toBe(t.id);
    const second = await store.openAlertThread({ channel: "C1", appKey: "app", generation: 2, state: {} });
    if (!second) throw new Error("generation 2 not opened");
    expect(await store.joinAlertThread(ALERT, second.id)).toBe(t.id);
    expect((await store.alertThreadOf(ALERT))?.id).toBe(t.id);
    expect((await store.latestAlertThread("C1", "app"))?.id).toBe(second.id);
    expect(await store.latestAlertThread("C2", "app")).toBeUndefined();
    expect(await store.alertThreadOf("unknown")).toBeUndefined();
  });

  it("updates a thread by compare-and-set on its version", async () => {
    const { store } = ctx();
    const t = await store.openAlertThread({ channel: "C1", appKey: "app", generation: 1, state: { n: 1 } });
    if (!t) throw new Error("not opened");
    const u = await store.updateAlertThread(t.id, t.version, { messageTs: "1.2", lastAt: 5, state: { n: 2 } });
    expect(u).toMatchObject({ messageTs: "1.2", lastAt: 5, state: { n: 2 }, version: 2 });
    expect(await store.updateAlertThread(t.id, t.version, { state: { n: 3 } })).toBeUndefined();
    const r = await store.updateAlertThread(t.id, 2, { resolvedAt: 9 });
    expect(r).toMatchObject({ resolvedAt: 9, messageTs: "1.2", state: { n: 2 }, version: 3 });
    expect((await store.getAlertThread(t.id))?.version).toBe(3);
    expect(await store.getAlertThread("nope")).toBeUndefined();
  });
}

// Contract cases for Azure Monitor alert claims and incident threads.

import { expect, it } from "vitest";
import type { Ctx } from "./contract-approvals.ts";

const ALERT = "/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/a1";

export function alertsContract(ctx: () => Ctx): void {
  it("claims a notification once per alert and condition, across concurrent callers and a restart", async () => {
    const { store, opened, clock } = ctx();
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => store.claimAlert(ALERT, "Fired 2026-11-24T10:00:00Z", `r${i}`)),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await store.claimAlert(ALERT, "Resolved 2026-11-24T10:00:00Z 2026-11-24T10:20:00Z", "r1")).toBe(true);
    expect(await store.claimAlert(`${ALERT}-other`, "Fired 2026-11-24T10:00:00Z", "r1")).toBe(true);
    await store.close();
    const again = await opened.open(clock.now);
    expect(await again.claimAlert(ALERT, "Fired 2026-11-24T10:00:00Z", "after-restart")).toBe(false);
    expect(await again.claimAlert(ALERT, "Resolved 2026-11-24T10:00:00Z 2026-11-24T10:20:00Z", "after-restart")).toBe(
      false,
    );
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

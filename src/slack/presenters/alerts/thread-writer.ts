// Writes to an incident thread: read-modify-write of its state by compare-and-set on its version (replicas
// race safely), then its top-level message edited to match.

import { stateOf, type ThreadState, toJson } from "../../../alerts/threads.ts";
import type { Logger } from "../../../log.ts";
import type { AlertThread, Store } from "../../../store/store.ts";
import type { SlackOut } from "../../post.ts";
import { alertThreadView } from "../../views/alert.ts";

/** Compare-and-set attempts before giving up (each retry re-reads the thread). */
export const CAS_TRIES = 8;

export interface ThreadWriterDeps {
  store: Store;
  out: SlackOut;
  portalBase: string;
  now: () => number;
  /** How long to wait for another replica's top-level message (default 15 s). */
  messageWaitMs?: number;
}

export class ThreadWriter {
  readonly #d: ThreadWriterDeps;

  constructor(deps: ThreadWriterDeps) {
    this.#d = deps;
  }

  /** Read-modify-write of a thread's state by compare-and-set, then the top-level message edited to match. */
  async mutate(
    t: AlertThread,
    change: (s: ThreadState) => ThreadState,
    ctx: { timeZone?: string; log: Logger },
    resolvedAt: () => number | undefined = () => undefined,
  ): Promise<AlertThread | undefined> {
    const d = this.#d;
    let cur: AlertThread | undefined = t;
    for (let i = 0; i < CAS_TRIES && cur; i++) {
      const state = change(stateOf(cur));
      const r = resolvedAt();
      const next = await d.store.updateAlertThread(cur.id, cur.version, {
        state: toJson(state),
        lastAt: d.now(),
        ...(r !== undefined ? { resolvedAt: r } : {}),
      });
      if (next) return this.refresh(next, ctx);
      cur = await d.store.getAlertThread(t.id);
    }
    ctx.log.error({ threadId: t.id }, "alert thread kept changing under this update; gave up");
    return undefined;
  }

  /** Edits the thread's top-level message to its current state (waiting for it when another replica posts it). */
  async refresh(t: AlertThread, ctx: { timeZone?: string; log: Logger }): Promise<AlertThread> {
    const d = this.#d;
    let cur = t;
    const deadline = performance.now() + (d.messageWaitMs ?? 15_000);
    while (!cur.messageTs && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      cur = (await d.store.getAlertThread(t.id)) ?? cur;
    }
    if (!cur.messageTs) {
      ctx.log.warn(
        { threadId: t.id },
        "the alert thread's message is not posted yet; its next change will show this one",
      );
      return cur;
    }
    const view = alertThreadView({
      threadId: cur.id,
      state: stateOf(cur),
      resolvedAt: cur.resolvedAt,
      portalBase: d.portalBase,
      timeZone: ctx.timeZone,
    });
    await d.out.update(cur.channel, cur.messageTs, view, ctx.log);
    return cur;
  }
}

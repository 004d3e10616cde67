// `list`: the apps in scope, each with what the bot last saw of it (state, plan, verdict) when it has looked.
import type { Fleet } from "../core/fleet.ts";
import type { AppRef } from "../core/snapshot.ts";
import type { VerdictBook } from "./verdicts.ts";

export interface AppSummary {
  app: AppRef;
  state?: string;
  sku?: string;
  instances?: number;
  verdict?: string;
  checkedAt?: number;
  /** Since when and by whom it is stopped, as the last status saw it. */
  stoppedSince?: number;
  stoppedBy?: string;
}

export async function listApps(fleet: Fleet, book: VerdictBook, opts: { includeSlots?: boolean } = {}) {
  const apps = await fleet.listApps(opts.includeSlots ? { includeSlots: true } : undefined);
  return apps.map((app): AppSummary => {
    const seen = book.get(app.id);
    if (!seen) return { app };
    return {
      app,
      state: seen.state || undefined,
      sku: seen.sku,
      instances: seen.instances,
      verdict: seen.verdict,
      checkedAt: seen.checkedAt,
      ...(seen.stopped?.since !== undefined ? { stoppedSince: seen.stopped.since } : {}),
      ...(seen.stopped?.by ? { stoppedBy: seen.stopped.by } : {}),
    };
  });
}

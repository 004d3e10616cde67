// Change events (docs/glossary.md#change-events): Activity Log events and deployments near the incident window.

import type { ChangeEvent, Window } from "../snapshot.ts";

/** Changes this long before the window's start still count. */
export const CHANGE_LOOKBACK_MS = 30 * 60_000;

export function changesNear(changes: readonly ChangeEvent[] | undefined, w: Window): ChangeEvent[] {
  if (!Array.isArray(changes)) return [];
  return changes
    .filter((c) => c && Number.isFinite(c.at) && c.at >= w.start - CHANGE_LOOKBACK_MS && c.at <= w.end)
    .sort((a, b) => a.at - b.at);
}

/** Changes that can break an app (R15): deployments, config/app settings, swaps, restarts, starts. */
export const BREAKING_KINDS: ReadonlySet<ChangeEvent["kind"]> = new Set([
  "deployment",
  "config",
  "swap",
  "restart",
  "start",
  "other",
]);

export function describeChange(c: ChangeEvent): string {
  return `${c.kind} ${c.operation} at ${new Date(c.at).toISOString()}${c.caller ? ` by ${c.caller}` : ""}`;
}

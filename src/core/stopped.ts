// Whether an app is stopped or disabled, and since when and by whom per the Activity Log (the last stop
// event the snapshot holds). Pure; status, list and the digest say it the same way.
import type { ChangeEvent, Snapshot } from "./snapshot.ts";

export interface StoppedInfo {
  /** "stopped" or "disabled". */
  word: "stopped" | "disabled";
  /** The last stop event (epoch ms), when the Activity Log window holds one. */
  since?: number;
  by?: string;
}

export function stoppedInfo(s: Partial<Pick<Snapshot, "site" | "changes">> | undefined): StoppedInfo | undefined {
  const stopped = String(s?.site?.state ?? "").toLowerCase() === "stopped";
  const disabled = s?.site?.enabled === false;
  if (!stopped && !disabled) return undefined;
  const stop = [...(s?.changes ?? [])]
    .filter((c): c is ChangeEvent => !!c && c.kind === "stop")
    .sort((a, b) => a.at - b.at)
    .at(-1);
  return {
    word: stopped ? "stopped" : "disabled",
    ...(stop ? { since: stop.at, ...(stop.caller ? { by: stop.caller } : {}) } : {}),
  };
}

// Read use cases shared by Slack and the terminal: resolve an app, snapshot it, diagnose it.
// No Slack or Azure types here: the Fleet port in, domain data out.
import type { AppLookup } from "../core/app-query.ts";
import { diagnose } from "../core/diagnose.ts";
import type { Diagnosis } from "../core/diagnosis.ts";
import { type KeyFigures, keyFigures } from "../core/figures.ts";
import type { Fleet, Resolution } from "../core/fleet.ts";
import type { AppRef, Snapshot } from "../core/snapshot.ts";

export type ReadResult =
  | { kind: "found"; app: AppRef; snapshot: Snapshot; diagnosis: Diagnosis; figures: KeyFigures }
  | Exclude<Resolution, { kind: "found" }>;

export interface ReadOptions {
  windowMs: number;
  slot?: string;
  /** Explicit `diagnose`: minor findings are reported even without an incident. */
  explicit?: boolean;
  now?: number;
  signal?: AbortSignal;
  /**
   * An answer that judges from the metrics (status, diagnose, an alert's evidence): the site config may be
   * missing (named, its rules "not checked"). A fresh snapshot for a change leaves this off.
   */
  configOptional?: boolean;
}

/** Resolves `query` (as parsed: name, rg/name or resource ID) and diagnoses the app over the last `windowMs`. */
export async function readApp(fleet: Fleet, query: AppLookup, opts: ReadOptions): Promise<ReadResult> {
  const resolution = await fleet.resolveApp(query, opts.slot ? { slot: opts.slot } : undefined);
  if (resolution.kind !== "found") return resolution;
  const end = opts.now ?? Date.now();
  const window = { start: end - opts.windowMs, end };
  const snapshot = await fleet.snapshot(resolution.app, window, {
    signal: opts.signal,
    ...(opts.configOptional ? { configOptional: true } : {}),
  });
  const diagnosis = diagnose(snapshot, { explicit: opts.explicit ?? false, now: end });
  return { kind: "found", app: resolution.app, snapshot, diagnosis, figures: keyFigures(snapshot) };
}

// The last verdict per app, remembered in memory from status and diagnose answers. Feeds `list` and the
// App Home tab without a second round of Azure reads (lost on restart by design: it is a hint, not a record).
import type { Verdict } from "../core/diagnosis.ts";
import type { AppRef, Snapshot } from "../core/snapshot.ts";
import { type StoppedInfo, stoppedInfo } from "../core/stopped.ts";

export interface VerdictEntry {
  app: AppRef;
  verdict: Verdict;
  state: string;
  sku?: string;
  instances?: number;
  checkedAt: number;
  /** Stopped or disabled when checked, with the last stop the Activity Log showed. */
  stopped?: StoppedInfo;
}

export class VerdictBook {
  readonly #byApp = new Map<string, VerdictEntry>();

  record(
    snapshot: Pick<Snapshot, "app" | "site" | "plan"> & Partial<Pick<Snapshot, "changes">>,
    verdict: Verdict,
    at: number,
  ): void {
    const stopped = stoppedInfo(snapshot);
    this.#byApp.set(snapshot.app.id.toLowerCase(), {
      app: snapshot.app,
      verdict,
      state: snapshot.site?.state ?? "",
      sku: snapshot.plan?.skuName,
      instances: snapshot.plan?.capacity,
      checkedAt: at,
      ...(stopped ? { stopped } : {}),
    });
  }

  get(appId: string): VerdictEntry | undefined {
    return this.#byApp.get(appId.toLowerCase());
  }

  get size(): number {
    return this.#byApp.size;
  }
}

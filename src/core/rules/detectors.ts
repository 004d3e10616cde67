// Detector enrichment (docs/glossary.md#detectors): supporting evidence only, never the only evidence.

import type { Evidence } from "../diagnosis.ts";
import type { Snapshot, Window } from "../snapshot.ts";

const POSITIVE = new Set(["critical", "warning"]);

/** Detectors whose id matches one of `ids` (case-insensitive substring) and report a problem. */
export function detectorHits(s: Pick<Snapshot, "detectors" | "app">, ids: string[], w: Window): Evidence[] {
  if (!Array.isArray(s.detectors)) return [];
  const want = ids.map((i) => i.toLowerCase());
  return s.detectors
    .filter(
      (d) =>
        d &&
        typeof d.id === "string" &&
        want.some((i) => d.id.toLowerCase().includes(i)) &&
        POSITIVE.has(String(d.status).toLowerCase()),
    )
    .map((d) => ({
      metric: `detector ${d.id}`,
      aggregation: "status",
      window: w,
      observed: d.status,
      threshold: "Critical|Warning",
      comparison: "matches" as const,
      source: `GET ${s.app?.id ?? "{siteId}"}/detectors/${d.id}`,
      note: d.message,
    }));
}

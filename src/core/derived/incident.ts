// err5xx, incident buckets and incident windows (diagnostics.md §1.6).

import type { Bucketed } from "./bucketed.ts";

/** [A] 5xx alert floor per bucket. */
export const INCIDENT_MIN_5XX = 10;
/** [I] error-rate floor per bucket. */
export const INCIDENT_MIN_RATE = 0.05;
/** Incident buckets closer than this merge into one window. */
export const MERGE_GAP_MS = 15 * 60_000;
/** §2.1.4: an anomaly that starts this long before the window's first bucket is "correlated". */
export const CORRELATION_LEAD_MS = 15 * 60_000;

/** Bucket range [from, to). */
export interface Episode {
  from: number;
  to: number;
}

export interface IncidentInfo {
  requests: Float64Array;
  http5xx: Float64Array;
  /** Http5xx / Requests per bucket; NaN when either is unknown. */
  err5xx: Float64Array;
  flags: Uint8Array;
  episodes: Episode[];
  /** The window the rules explain: the most recent episode. */
  window?: Episode;
  requestsKnown: boolean;
  http5xxKnown: boolean;
  /** Buckets counted as incidents on the 5xx floor alone because Requests was unknown there. */
  rateUnknownBuckets: number;
}

export function rate(e5: number, req: number): number {
  if (Number.isNaN(e5) || Number.isNaN(req)) return Number.NaN;
  if (req > 0) return Math.min(1, e5 / req);
  return e5 > 0 ? 1 : Number.NaN;
}

export function findIncidents(cur: Bucketed): IncidentInfo {
  const nb = cur.axis.nb;
  const reqG = cur.get("site", "Requests");
  const e5G = cur.get("site", "Http5xx");
  const requests = reqG ? reqG.all.val : new Float64Array(nb).fill(Number.NaN);
  const http5xx = e5G ? e5G.all.val : new Float64Array(nb).fill(Number.NaN);
  const err5xx = new Float64Array(nb);
  const flags = new Uint8Array(nb);
  let rateUnknownBuckets = 0;
  for (let b = 0; b < nb; b++) {
    const e = http5xx[b];
    const r = rate(e, requests[b]);
    err5xx[b] = r;
    if (!(e >= INCIDENT_MIN_5XX)) continue;
    if (r >= INCIDENT_MIN_RATE) flags[b] = 1;
    else if (Number.isNaN(r)) {
      // Requests unknown (or 0) while 5xx pile up: the floor alone decides (§7.3, containers that never start).
      flags[b] = 1;
      rateUnknownBuckets++;
    }
  }
  const episodes = mergeEpisodes(flags, Math.ceil(MERGE_GAP_MS / cur.axis.bucketMs));
  return {
    requests,
    http5xx,
    err5xx,
    flags,
    episodes,
    window: episodes.at(-1),
    requestsKnown: !!reqG,
    http5xxKnown: !!e5G,
    rateUnknownBuckets,
  };
}

/** Groups flagged buckets; a gap of fewer than `gapBuckets` quiet buckets is merged. */
export function mergeEpisodes(flags: Uint8Array, gapBuckets: number): Episode[] {
  const out: Episode[] = [];
  let cur: Episode | undefined;
  for (let b = 0; b < flags.length; b++) {
    if (!flags[b]) continue;
    if (cur && b - cur.to < gapBuckets) cur.to = b + 1;
    else {
      cur = { from: b, to: b + 1 };
      out.push(cur);
    }
  }
  return out;
}

// err5xx, incident buckets and incident windows (docs/glossary.md#incident). Incidents are found on
// sliding 5-minute windows at minute resolution (sliding.ts); here they are laid onto the rules' buckets.

import type { Bucketed } from "./bucketed.ts";
import {
  detectMinutes,
  INCIDENT_MIN_5XX,
  INCIDENT_MIN_RATE,
  MERGE_GAP_MS,
  MINUTE_MS,
  type MinuteIncidents,
  mergeRanges,
  rate,
} from "./sliding.ts";

export { INCIDENT_MIN_5XX, INCIDENT_MIN_RATE, MERGE_GAP_MS, rate };
/** An anomaly that starts this long before the window's first bucket is "correlated" (docs/glossary.md#correlation-lead). */
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
  /** The most recent episode at minute resolution (epoch ms). */
  minuteWindow?: { start: number; end: number };
  /** The per-minute detection the buckets were laid from. */
  minutes: MinuteIncidents;
  requestsKnown: boolean;
  http5xxKnown: boolean;
  /** Buckets counted as incidents on the 5xx floor alone because Requests was unknown there. */
  rateUnknownBuckets: number;
}

export function findIncidents(cur: Bucketed, minutes?: MinuteIncidents): IncidentInfo {
  const { axis } = cur;
  const nb = axis.nb;
  const mi = minutes ?? detectMinutes(cur.metrics, { start: axis.origin, end: axis.origin + nb * axis.bucketMs });
  const reqG = cur.get("site", "Requests");
  const e5G = cur.get("site", "Http5xx");
  const requests = reqG ? reqG.all.val : new Float64Array(nb).fill(Number.NaN);
  const http5xx = e5G ? e5G.all.val : new Float64Array(nb).fill(Number.NaN);
  const err5xx = new Float64Array(nb);
  for (let b = 0; b < nb; b++) err5xx[b] = rate(http5xx[b], requests[b]);
  const flags = new Uint8Array(nb);
  const toBucket = (minute: number) => (mi.axis.origin + minute * MINUTE_MS - axis.origin) / axis.bucketMs;
  for (const e of mi.episodes) {
    const from = Math.max(0, Math.floor(toBucket(e.from)));
    const to = Math.min(nb, Math.ceil(toBucket(e.to)));
    for (let b = from; b < to; b++) flags[b] = 1;
  }
  let rateUnknownBuckets = 0;
  for (let b = 0; b < nb; b++) if (flags[b] && Number.isNaN(err5xx[b])) rateUnknownBuckets++;
  const episodes = mergeEpisodes(flags, Math.ceil(MERGE_GAP_MS / axis.bucketMs));
  const last = mi.episodes.at(-1);
  return {
    requests,
    http5xx,
    err5xx,
    flags,
    episodes,
    window: episodes.at(-1),
    ...(last
      ? {
          minuteWindow: {
            start: mi.axis.origin + last.from * MINUTE_MS,
            end: mi.axis.origin + last.to * MINUTE_MS,
          },
        }
      : {}),
    minutes: mi,
    requestsKnown: !!reqG,
    http5xxKnown: !!e5G,
    rateUnknownBuckets,
  };
}

/** Groups flagged buckets; a gap of fewer than `gapBuckets` quiet buckets is merged. */
export function mergeEpisodes(flags: Uint8Array, gapBuckets: number): Episode[] {
  return mergeRanges(flags, gapBuckets);
}

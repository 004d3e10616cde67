// Alignment-proof incident detection (docs/glossary.md#sliding-window): 5-minute windows that slide by one
// minute over the per-minute Requests and Http5xx, so a burst is found whatever minute the command runs or
// wherever the clock's 5-minute boundaries fall. The result is a set of incident minutes; the rules then
// read 5-minute buckets whose phase starts at the most recent incident's first minute.

import type { MetricGrid, Window } from "../snapshot.ts";
import { type Axis, axisFor, B5 } from "./bucket-series.ts";
import { Bucketed } from "./bucketed.ts";

export const MINUTE_MS = 60_000;
/** Width of a sliding window in minutes (one B5). */
export const SLIDE_WIDTH = B5 / MINUTE_MS;
/** [A] 5xx floor per 5-minute window. */
export const INCIDENT_MIN_5XX = 10;
/** [I] error-rate floor per 5-minute window. */
export const INCIDENT_MIN_RATE = 0.05;
/** Incident minutes closer than this merge into one episode. */
export const MERGE_GAP_MS = 15 * 60_000;

/** Minute range [from, to) on the minute axis. */
export interface MinuteRange {
  from: number;
  to: number;
}

export interface MinuteIncidents {
  axis: Axis;
  requests: Float64Array;
  http5xx: Float64Array;
  /** Episodes in minutes, oldest first, trimmed to the minutes that carry the errors. */
  episodes: MinuteRange[];
  requestsKnown: boolean;
  http5xxKnown: boolean;
}

export function rate(e5: number, req: number): number {
  if (Number.isNaN(e5) || Number.isNaN(req)) return Number.NaN;
  if (req > 0) return Math.min(1, e5 / req);
  return e5 > 0 ? 1 : Number.NaN;
}

/** Whether 5xx and requests over a span make an incident: both floors, or the 5xx floor alone when requests are unknown. */
export function isIncident(e5: number, req: number): boolean {
  if (!(e5 >= INCIDENT_MIN_5XX)) return false;
  const r = rate(e5, req);
  return r >= INCIDENT_MIN_RATE || Number.isNaN(r);
}

/** The minute axis covers at most the last 14 days of a longer window (the incident explained is the latest). */
export const MAX_DETECT_MINUTES = 14 * 24 * 60;

export function detectMinutes(metrics: readonly MetricGrid[] | undefined, window: Window): MinuteIncidents {
  const start = Math.max(Number(window?.start), Number(window?.end) - MAX_DETECT_MINUTES * MINUTE_MS);
  const axis = axisFor({ start, end: window?.end }, MINUTE_MS);
  const m = new Bucketed(metrics, axis);
  const n = axis.nb;
  const reqG = m.get("site", "Requests");
  const e5G = m.get("site", "Http5xx");
  const requests = reqG ? reqG.all.val : new Float64Array(n).fill(Number.NaN);
  const http5xx = e5G ? e5G.all.val : new Float64Array(n).fill(Number.NaN);
  const covered = new Uint8Array(n);
  // Running sums over the window [i, i + width): known values only; a window with no known request is "unknown".
  let s5 = 0;
  let sr = 0;
  let knownReq = 0;
  const add = (j: number, sign: number) => {
    const e = http5xx[j];
    const r = requests[j];
    if (!Number.isNaN(e)) s5 += sign * e;
    if (!Number.isNaN(r)) {
      sr += sign * r;
      knownReq += sign;
    }
  };
  for (let j = 0; j < Math.min(SLIDE_WIDTH, n); j++) add(j, 1);
  for (let i = 0; i < n; i++) {
    if (isIncident(s5, knownReq > 0 ? sr : Number.NaN))
      for (let j = i; j < Math.min(n, i + SLIDE_WIDTH); j++) covered[j] = 1;
    add(i, -1);
    if (i + SLIDE_WIDTH < n) add(i + SLIDE_WIDTH, 1);
  }
  const episodes = mergeRanges(covered, Math.ceil(MERGE_GAP_MS / MINUTE_MS))
    .map((e) => trim(e, requests, http5xx))
    .filter((e) => e.to > e.from);
  return { axis, requests, http5xx, episodes, requestsKnown: !!reqG, http5xxKnown: !!e5G };
}

/** Drops leading and trailing minutes of an episode that carry no errors at the incident rate. */
function trim(e: MinuteRange, req: Float64Array, e5: Float64Array): MinuteRange {
  const hot = (j: number) => e5[j] > 0 && !(rate(e5[j], req[j]) < INCIDENT_MIN_RATE);
  let from = e.from;
  let to = e.to;
  while (from < to && !hot(from)) from++;
  while (to > from && !hot(to - 1)) to--;
  return from < to ? { from, to } : e;
}

/** Groups set positions; a gap of fewer than `gap` unset positions is merged. */
export function mergeRanges(flags: Uint8Array, gap: number): MinuteRange[] {
  const out: MinuteRange[] = [];
  let cur: MinuteRange | undefined;
  for (let b = 0; b < flags.length; b++) {
    if (!flags[b]) continue;
    if (cur && b - cur.to < gap) cur.to = b + 1;
    else {
      cur = { from: b, to: b + 1 };
      out.push(cur);
    }
  }
  return out;
}

/** Epoch ms of a minute range. */
export function minuteWindow(mi: MinuteIncidents, r: MinuteRange): Window {
  return { start: mi.axis.origin + r.from * MINUTE_MS, end: mi.axis.origin + r.to * MINUTE_MS };
}

/**
 * The 5-minute axis the rules read: its buckets start on the most recent incident's first minute (so that
 * incident fills whole buckets), and on the clock's 5-minute marks when there is no incident.
 */
export function incidentAxis(window: Window, mi: MinuteIncidents): Axis {
  const last = mi.episodes.at(-1);
  const plain = axisFor(window, B5);
  if (!last || plain.nb === 0) return plain;
  const anchor = mi.axis.origin + last.from * MINUTE_MS;
  const origin = anchor - Math.ceil((anchor - window.start) / B5) * B5;
  return { origin, nb: Math.min(plain.nb + 1, Math.ceil((window.end - origin) / B5)), bucketMs: B5 };
}

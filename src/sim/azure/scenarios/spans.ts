// Broken spans and container start cycles for the Linux start-failure scenarios (S3, S4): when the
// site was failing to start, and when each start attempt began, derived from the timeline alone.

import type { SimSite } from "../fleet.ts";
import { appStarts } from "./history.ts";

export interface Span {
  start: number;
  /** Infinity while still broken. */
  end: number;
}

/**
 * Spans where `broken(t)` holds, judged right after each config/appSettings/deployment event
 * (the only events that change it).
 */
export function brokenSpans(site: SimSite, broken: (t: number) => boolean, from: number, to: number): Span[] {
  const spans: Span[] = [];
  let open: number | undefined = broken(Number.NEGATIVE_INFINITY) ? Number.NEGATIVE_INFINITY : undefined;
  for (const e of site.timeline) {
    if (e.type !== "config" && e.type !== "appSettings" && e.type !== "deployment") continue;
    const at = e.type === "deployment" ? e.endAt : e.at;
    const now = broken(at);
    if (now && open === undefined) open = at;
    else if (!now && open !== undefined) {
      spans.push({ start: open, end: at });
      open = undefined;
    }
  }
  if (open !== undefined) spans.push({ start: open, end: Number.POSITIVE_INFINITY });
  return spans.filter((s) => s.end > from && s.start < to);
}

export interface Attempt {
  start: number;
  /** When the attempt is cut short: the next app restart or the end of the span (lines after it never happen). */
  cutoff: number;
}

/**
 * The container start attempts inside a span: the first `startAfter` ms after the span opens or after
 * any app restart inside it, then every `period(anchor)` ms until the next restart or the span's end.
 */
export function cycleStarts(
  site: SimSite,
  span: Span,
  startAfter: number,
  period: number | ((anchor: number) => number),
  from: number,
  to: number,
): Attempt[] {
  const anchors = [span.start, ...appStarts(site, span.start + 1, Math.min(span.end, to))];
  const out: Attempt[] = [];
  anchors.forEach((anchor, k) => {
    if (!Number.isFinite(anchor)) return; // broken since before any event: no start time to anchor on
    const cutoff = Math.min(anchors[k + 1] ?? Number.POSITIVE_INFINITY, span.end);
    const stop = Math.min(cutoff, to);
    const step = typeof period === "number" ? period : period(anchor);
    let c = anchor + startAfter;
    if (c < from) c += Math.floor((from - c) / step) * step; // skip whole cycles before the window
    for (; c < stop; c += step) if (c >= from) out.push({ start: c, cutoff });
  });
  return out;
}

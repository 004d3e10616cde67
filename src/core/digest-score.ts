// Digest ranking (docs/glossary.md#digest-score): the score, 🔴/🟠/🟢, worst first, ties by traffic, idle
// apps last, at most 10 shown then "+N healthy". A stopped or disabled app is ⏹, listed apart: someone
// chose that state, it is not a failing app. Pure.

import type { DigestFigures } from "./digest-figures.ts";

export { type DigestFigures, type DigestInput, digestFigures } from "./digest-figures.ts";

export const W_ACTIVE = 100;
export const W_BAD_MINUTES = 40;
export const BAD_MINUTES_FULL = 60;
export const W_ERR_RATE = 30;
export const ERR_RATE_FULL = 0.05;
export const W_AVAILABILITY = 10;
export const SLA = 0.9995;
export const W_P95 = 10;
export const W_CPU = 5;
export const W_MEM = 5;
export const HOT = 90;
export const W_RESTARTS = 5;
export const RESTARTS_FULL = 3;
export const W_HEALTH = 5;
export const RED_AT = 50;
export const ORANGE_AT = 20;
export const MAX_SHOWN = 10;

export type DigestStatus = "red" | "orange" | "green" | "idle" | "stopped";

export interface DigestScore {
  /** null for idle apps (ΣRequests = 0 or unknown): they are listed, not scored. */
  score: number | null;
  status: DigestStatus;
  emoji: "🔴" | "🟠" | "🟢" | "⚪" | "⏹";
  /** Each term of the formula, for the "why". */
  parts: Record<string, number>;
}

export interface DigestEntry {
  figures: DigestFigures;
  score: DigestScore;
}

const EMOJI: Record<DigestStatus, DigestScore["emoji"]> = {
  red: "🔴",
  orange: "🟠",
  green: "🟢",
  idle: "⚪",
  stopped: "⏹",
};

const min1 = (x: number) => Math.min(1, Math.max(0, x));

export function digestScore(f: DigestFigures): DigestScore {
  if (f.activeNow.stopped) return { score: null, status: "stopped", emoji: EMOJI.stopped, parts: {} };
  const active = f.activeNow.quota || f.activeNow.platform;
  if (!f.requests && !active) return { score: null, status: "idle", emoji: EMOJI.idle, parts: {} };
  const parts: Record<string, number> = {
    active: active ? W_ACTIVE : 0,
    badMinutes: W_BAD_MINUTES * min1(f.badMinutes / BAD_MINUTES_FULL),
    errRate: f.err5xxRate === null ? 0 : W_ERR_RATE * min1(f.err5xxRate / ERR_RATE_FULL),
    availability: f.availability !== null && f.availability < SLA ? W_AVAILABILITY : 0,
    p95: f.p95Sec !== null && f.baselineP95Sec ? W_P95 * min1(f.p95Sec / (2 * f.baselineP95Sec)) : 0,
    cpu: f.cpuPeak !== null && f.cpuPeak >= HOT ? W_CPU : 0,
    mem: f.memPeak !== null && f.memPeak >= HOT ? W_MEM : 0,
    restarts: W_RESTARTS * min1(f.restarts.platform / RESTARTS_FULL),
    health: f.healthCheck.instancesBelow100 > 0 ? W_HEALTH : 0,
  };
  const score = Math.round(Object.values(parts).reduce((a, b) => a + b, 0) * 10) / 10;
  // An active incident is red whatever the score: the R03/R04/R01 state now, or a bot diagnosis still open.
  const incident = active || f.openIncidents.some((o) => /^R\d/.test(o));
  const status: DigestStatus = score >= RED_AT || incident ? "red" : score >= ORANGE_AT ? "orange" : "green";
  return { score, status, emoji: EMOJI[status], parts };
}

export interface RankedDigest {
  /** At most MAX_SHOWN scored apps, worst first. */
  shown: DigestEntry[];
  /** Scored apps past the cut: "+N healthy" when they are all green. */
  hidden: { count: number; healthy: number; notHealthy: number };
  /** ΣRequests = 0: listed at the end as "idle / no traffic", unscored. */
  idle: DigestEntry[];
  /** Stopped or disabled now: listed apart as ⏹, unscored, never among the worst. */
  stopped: DigestEntry[];
}

/** Worst first; ties by ΣRequests (busier first), then by name for a stable order. */
export function rankDigest(entries: DigestEntry[], maxShown = MAX_SHOWN): RankedDigest {
  const scored = entries.filter((e) => e.score.status !== "idle" && e.score.status !== "stopped");
  const byName = (a: DigestEntry, b: DigestEntry) => a.figures.name.localeCompare(b.figures.name);
  const idle = entries.filter((e) => e.score.status === "idle").sort(byName);
  const stopped = entries.filter((e) => e.score.status === "stopped").sort(byName);
  scored.sort(
    (a, b) =>
      (b.score.score ?? 0) - (a.score.score ?? 0) ||
      (b.figures.requests ?? 0) - (a.figures.requests ?? 0) ||
      a.figures.name.localeCompare(b.figures.name),
  );
  const shown = scored.slice(0, maxShown);
  const rest = scored.slice(maxShown);
  const healthy = rest.filter((e) => e.score.status === "green").length;
  return { shown, hidden: { count: rest.length, healthy, notHealthy: rest.length - healthy }, idle, stopped };
}

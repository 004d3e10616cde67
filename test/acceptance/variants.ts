// Metamorphic variants of one scenario snapshot: the same incident seen at another phase of the clock's
// 5-minute marks, a few minutes later, at ten times the traffic, or with other instance names. None of
// them may change the verdict, the primary rule or the first mitigation.

import type { Diagnosis } from "../../src/core/diagnosis.ts";
import type { MetricGrid, Snapshot, Window } from "../../src/core/snapshot.ts";

const MIN = 60_000;

/** The snapshot cut to a narrower window (data outside it dropped), as if read at `window.end`. */
export function slice(s: Snapshot, window: Window): Snapshot {
  const cut = (g: MetricGrid): MetricGrid => {
    const first = Math.max(0, Math.ceil((window.start - g.start) / g.grainMs));
    const last = Math.max(first, Math.ceil((window.end - g.start) / g.grainMs));
    const take = (a: (number | null)[]) => a.slice(first, last);
    return {
      ...g,
      start: g.start + first * g.grainMs,
      all: take(g.all),
      perInstance: Object.fromEntries(Object.entries(g.perInstance).map(([k, v]) => [k, take(v)])),
    };
  };
  const inside = (t: number) => t >= window.start && t < window.end;
  return {
    ...s,
    takenAt: window.end,
    window,
    metrics: s.metrics.map(cut),
    ...(s.logs
      ? {
          logs: {
            ...s.logs,
            http5xx: s.logs.http5xx.filter((r) => inside(r.t)),
            platform: s.logs.platform.filter((r) => inside(r.t)),
            console: s.logs.console.filter((r) => inside(r.t)),
          },
        }
      : {}),
    changes: s.changes.filter((c) => c.at < window.end),
  };
}

/** Every timestamp moved by `ms`: the same story at another phase of the 5-minute marks. */
export function shift(s: Snapshot, ms: number): Snapshot {
  const g = (m: MetricGrid): MetricGrid => ({ ...m, start: m.start + ms });
  const w = (x: Window): Window => ({ start: x.start + ms, end: x.end + ms });
  const t = <T extends { t: number }>(r: T): T => ({ ...r, t: r.t + ms });
  const opt = (x: number | undefined) => (x === undefined ? undefined : x + ms);
  return {
    ...s,
    takenAt: s.takenAt + ms,
    window: w(s.window),
    metrics: s.metrics.map(g),
    ...(s.baseline ? { baseline: { metrics: s.baseline.metrics.map(g), window: w(s.baseline.window) } } : {}),
    changes: s.changes.map((c) => ({ ...c, at: c.at + ms })),
    serviceHealth: s.serviceHealth.map((e) => ({ ...e, start: opt(e.start), end: opt(e.end) })),
    ...(s.resourceHealth
      ? { resourceHealth: { ...s.resourceHealth, occurredTime: opt(s.resourceHealth.occurredTime) } }
      : {}),
    ...(s.logs
      ? {
          logs: {
            ...s.logs,
            http5xx: s.logs.http5xx.map(t),
            platform: s.logs.platform.map(t),
            console: s.logs.console.map(t),
          },
        }
      : {}),
  };
}

const COUNTS = /^(Requests|Http\d)/i;

/** Every request and error count × k (latencies, CPU, memory unchanged). */
export function scale(s: Snapshot, k: number): Snapshot {
  const times = (a: (number | null)[]) => a.map((v) => (v === null ? null : v * k));
  const g = (m: MetricGrid): MetricGrid =>
    COUNTS.test(m.name) && (m.aggregation === "Total" || m.aggregation === "Count")
      ? {
          ...m,
          all: times(m.all),
          perInstance: Object.fromEntries(Object.entries(m.perInstance).map(([n, v]) => [n, times(v)])),
        }
      : m;
  return {
    ...s,
    metrics: s.metrics.map(g),
    ...(s.baseline ? { baseline: { ...s.baseline, metrics: s.baseline.metrics.map(g) } } : {}),
    ...(s.logs
      ? {
          logs: {
            ...s.logs,
            http5xx: s.logs.http5xx.map((r) => ({ ...r, count: r.count * k })),
            slowFailures: s.logs.slowFailures.map((r) => ({ ...r, count: r.count * k })),
            failuresByPath: s.logs.failuresByPath.map((r) => ({ ...r, count: r.count * k })),
          },
        }
      : {}),
  };
}

/** Instances renamed (another naming scheme) and listed in reverse order everywhere. */
export function rename(s: Snapshot): Snapshot {
  const names = new Set<string>();
  for (const m of s.metrics) for (const n of Object.keys(m.perInstance)) names.add(n);
  for (const i of s.instances) names.add(i.name);
  const map = new Map([...names].map((n, k) => [n, `w${String(names.size - k).padStart(2, "0")}x${k * 7}`]));
  const to = (n: string | undefined) => (n === undefined ? undefined : (map.get(n) ?? n));
  const g = (m: MetricGrid): MetricGrid => ({
    ...m,
    perInstance: Object.fromEntries(
      Object.entries(m.perInstance)
        .reverse()
        .map(([n, v]) => [to(n)!, v]),
    ),
  });
  return {
    ...s,
    instances: [...s.instances].reverse().map((i) => ({ ...i, name: to(i.name)! })),
    metrics: s.metrics.map(g),
    ...(s.baseline ? { baseline: { ...s.baseline, metrics: s.baseline.metrics.map(g) } } : {}),
    ...(s.logs
      ? { logs: { ...s.logs, http5xx: s.logs.http5xx.map((r) => ({ ...r, instance: to(r.instance) })) } }
      : {}),
  };
}

export interface Variant {
  name: string;
  snapshot: Snapshot;
  now: number;
}

/**
 * From a snapshot read over [start, end + 4 min]: the base (read at `end`), read 1–4 minutes later,
 * shifted by 1–4 minutes, counts × 10, instances renamed and reordered.
 */
export function variants(wide: Snapshot, end: number, lookbackMs: number): { base: Variant; others: Variant[] } {
  const at = (k: number) => slice(wide, { start: end - lookbackMs + k * MIN, end: end + k * MIN });
  const base = at(0);
  const others: Variant[] = [];
  for (let k = 1; k <= 4; k++) others.push({ name: `${k} min later`, snapshot: at(k), now: end + k * MIN });
  for (let k = 1; k <= 4; k++)
    others.push({ name: `timeline +${k} min`, snapshot: shift(base, k * MIN), now: end + k * MIN });
  others.push({ name: "counts ×10", snapshot: scale(base, 10), now: end });
  others.push({ name: "instances renamed, reordered", snapshot: rename(base), now: end });
  return { base: { name: "base", snapshot: base, now: end }, others };
}

/** What must not change: verdict, primary rule, first mitigation (kind, and the action of a restart). */
export function outcome(d: Diagnosis): string {
  const m = d.mitigations[0];
  const first = m ? `${m.kind}${m.kind === "restart" ? `/${String(m.params.action ?? "app")}` : ""}` : "none";
  return `${d.verdict} · ${d.primary?.id ?? "—"} · ${first}`;
}

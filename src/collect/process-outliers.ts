// Which process on which instance stands out: the app's own worker (not Kudu's) compared across instances,
// on private bytes, threads, handles and CPU time. Pure.
import type { ProcessRow } from "./types.ts";

export interface ProcessOutlier {
  instance: string;
  pid: number;
  name: string;
  metric: "privateBytes" | "threads" | "handles" | "cpuSeconds";
  value: number;
  /** value ÷ the median of the other instances; undefined with one instance (nothing to compare). */
  ratio?: number;
  startedAt?: number;
}

const METRICS = ["privateBytes", "threads", "handles", "cpuSeconds"] as const;
/** How far above the other instances a process must be to be named (2× their median). */
export const OUTLIER_RATIO = 2;
/** With one instance, a worker is named on memory alone, from 1.5 GB of private bytes. */
export const SINGLE_INSTANCE_BYTES = 1.5e9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The app's biggest worker per instance (by private bytes). */
export function appWorkers(rows: ProcessRow[]): ProcessRow[] {
  const by = new Map<string, ProcessRow>();
  for (const r of rows) {
    if (r.scm) continue;
    const cur = by.get(r.instance);
    if (!cur || (r.privateBytes ?? 0) > (cur.privateBytes ?? 0)) by.set(r.instance, r);
  }
  return [...by.values()];
}

export function findOutlier(rows: ProcessRow[]): ProcessOutlier | undefined {
  const workers = appWorkers(rows);
  if (workers.length === 0) return undefined;
  const with_ = (w: ProcessRow, metric: ProcessOutlier["metric"], value: number, ratio?: number): ProcessOutlier => ({
    instance: w.instance,
    pid: w.pid,
    name: w.name,
    metric,
    value,
    ...(ratio !== undefined ? { ratio } : {}),
    ...(w.startedAt !== undefined ? { startedAt: w.startedAt } : {}),
  });
  if (workers.length === 1) {
    const w = workers[0];
    return (w.privateBytes ?? 0) >= SINGLE_INSTANCE_BYTES ? with_(w, "privateBytes", w.privateBytes ?? 0) : undefined;
  }
  // Memory first (what a dump is for), then the others: the first metric with an outlier names it.
  for (const metric of METRICS) {
    let best: ProcessOutlier | undefined;
    for (const w of workers) {
      const v = w[metric];
      const others = workers
        .filter((o) => o !== w)
        .map((o) => o[metric])
        .filter((x): x is number => x !== undefined);
      if (v === undefined || others.length === 0) continue;
      const m = median(others);
      if (m <= 0) continue;
      const ratio = v / m;
      if (ratio >= OUTLIER_RATIO && (!best || ratio > (best.ratio ?? 0))) best = with_(w, metric, v, ratio);
    }
    if (best) return best;
  }
  return undefined;
}

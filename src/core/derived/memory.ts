// Memory-derived quantities: appMemRatio, the process memory limit (docs/glossary.md#auto-heal-presets), drops that mark a
// recycle/crash (R07, R08 sawtooth, digest platform restarts).

import { skuFacts } from "../skus.ts";
import type { Snapshot } from "../snapshot.ts";
import type { Bucketed } from "./bucketed.ts";

export const GIB = 1024 ** 3;
/** 32-bit worker processes are capped at 2 GiB (troubleshoot-percent-memory-limit-issue.md). */
export const WIN32_PROCESS_LIMIT_BYTES = 2 * GIB;
/** A 1-min value at or below this share of the previous bucket's mean is "near zero" (a process restart). */
export const NEAR_ZERO_RATIO = 0.1;
/** A sawtooth drop: the bucket minimum falls this far below the previous bucket's maximum. */
export const SAWTOOTH_DROP = 0.3;

export function is32BitWindows(s: Pick<Snapshot, "site" | "config">): boolean {
  return s.site?.os === "windows" && s.config?.use32BitWorkerProcess === true;
}

/**
 * L: the process memory limit in bytes (SKU memory, or 2 GiB for a 32-bit Windows worker). Without the site
 * config a Windows worker is judged against the SKU memory: a breach of it is true whatever the bitness, but the
 * lower 32-bit limit is not checked (the diagnosis says so).
 */
export function processLimitBytes(s: Pick<Snapshot, "site" | "config" | "plan">): number | undefined {
  if (is32BitWindows(s)) return WIN32_PROCESS_LIMIT_BYTES;
  const mb = skuFacts(s.plan?.skuName)?.memoryMB;
  return mb ? mb * 1024 * 1024 : undefined;
}

/** appMemRatio(b): max over instances of MemoryWorkingSet (PrivateBytes when 32-bit) / L. */
export function appMemRatio(b: Bucketed, limitBytes: number | undefined, use32: boolean): Float64Array | undefined {
  if (!limitBytes) return undefined;
  const g = b.get("site", use32 ? "PrivateBytes" : "MemoryWorkingSet");
  if (!g) return undefined;
  const nb = b.axis.nb;
  const out = new Float64Array(nb).fill(Number.NaN);
  const series = g.inst.size ? [...g.inst.values()] : [g.all];
  for (const s of series)
    for (let i = 0; i < nb; i++) {
      const r = s.val[i] / limitBytes;
      if (!Number.isNaN(r) && !(r <= out[i])) out[i] = r;
    }
  return out;
}

export interface Drop {
  instance: string;
  bucket: number;
  from: number;
  to: number;
}

/**
 * Buckets where an instance's series falls from the previous bucket's level: `nearZero` looks for a
 * minimum ≤ 10 % of the previous mean (a process start), otherwise a ≥ 30 % fall from the previous max.
 */
export function drops(
  b: Bucketed,
  scope: "site" | "plan",
  name: string,
  nearZero: boolean,
  from = 0,
  to = b.axis.nb,
): Drop[] {
  const g = b.get(scope, name);
  if (!g) return [];
  const out: Drop[] = [];
  const entries: Array<[string, (typeof g)["all"]]> = g.inst.size ? [...g.inst] : [["", g.all]];
  for (const [instance, s] of entries) {
    let last = -2;
    for (let i = Math.max(1, from); i < Math.min(to, s.val.length); i++) {
      const prev = nearZero ? s.val[i - 1] : s.max[i - 1];
      const low = s.min[i];
      if (!(prev > 0) || Number.isNaN(low)) continue;
      const hit = nearZero ? low <= NEAR_ZERO_RATIO * prev : (prev - low) / prev >= SAWTOOTH_DROP;
      if (hit && i - last > 1) {
        out.push({ instance, bucket: i, from: prev, to: low });
        last = i;
      }
    }
  }
  return out.sort((x, y) => x.bucket - y.bucket);
}

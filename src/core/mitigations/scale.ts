// Scale arithmetic (docs/rules.md#r17, docs/glossary.md#sku-facts): target instance counts and scale-up targets.

import { type SkuFacts, scaleUpForCpu, scaleUpForMemory, skuFacts } from "../skus.ts";
import type { Snapshot } from "../snapshot.ts";

/** [I] the CPU each instance should run at after a scale-out. */
export const TARGET_CPU_PCT = 65;
/** Scale up until the peak working set uses at most this share of SKU memory. */
export const MEMORY_HEADROOM = 0.7;
/** R12: sockets per instance the temporary scale-out aims under ([A] SocketOutboundAll). */
export const SOCKETS_PER_INSTANCE = 2000;

/** The instance ceiling: the tier maximum, lowered by the plan's own maximumNumberOfWorkers. */
export function instanceCeiling(s: Pick<Snapshot, "plan">): number {
  const tier = skuFacts(s.plan?.skuName)?.maxInstances ?? 30;
  const planMax = s.plan?.maximumNumberOfWorkers;
  return Number.isFinite(planMax) && (planMax as number) > 0 ? Math.min(tier, planMax as number) : tier;
}

/**
 * R17: n' = min(ceiling, max(n+1, ceil(n × demandCpu / 65))) with
 * demandCpu = max(peakCpu, baselineCpu × load ratio): saturated CPU understates the real demand.
 */
export function capacityTarget(
  n: number,
  ceiling: number,
  peakCpu: number,
  baselineCpu: number,
  loadRatio: number,
): { target: number; demandCpu: number; formula: string } {
  const projected = Number.isFinite(baselineCpu) && Number.isFinite(loadRatio) ? baselineCpu * loadRatio : Number.NaN;
  const demandCpu = Math.max(Number.isFinite(peakCpu) ? peakCpu : 0, Number.isFinite(projected) ? projected : 0);
  const raw = Math.ceil((n * demandCpu) / TARGET_CPU_PCT);
  const target = Math.min(ceiling, Math.max(n + 1, raw));
  const r = (x: number) => Math.round(x * 100) / 100;
  const formula = `min(${ceiling}, max(${n}+1, ceil(${n} × max(${r(peakCpu)}, ${r(baselineCpu)} × ${r(loadRatio)}) / ${TARGET_CPU_PCT})))`;
  return { target, demandCpu, formula };
}

/** R12: spread the sockets so each instance stays under the [A] threshold, at most doubling. */
export function socketTarget(n: number, ceiling: number, peakSocketsPerInstance: number): number {
  const raw = Number.isFinite(peakSocketsPerInstance)
    ? Math.ceil((n * peakSocketsPerInstance) / SOCKETS_PER_INSTANCE)
    : n + 1;
  return Math.min(ceiling, 2 * n, Math.max(n + 1, raw));
}

/** Memory-bound scale-up: the smallest ladder step with memory ≥ peak working set / 0.7. */
export function memoryTarget(skuName: string, peakWorkingSetBytes: number): SkuFacts | undefined {
  const cur = skuFacts(skuName);
  const needMB =
    Number.isFinite(peakWorkingSetBytes) && peakWorkingSetBytes > 0
      ? peakWorkingSetBytes / MEMORY_HEADROOM / (1024 * 1024)
      : (cur?.memoryMB ?? 0) + 1;
  return scaleUpForMemory(skuName, needMB);
}

export function cpuTarget(skuName: string): SkuFacts | undefined {
  return scaleUpForCpu(skuName);
}

// Plans shared by several rules: capacity (scale out or, at the ceiling, up), scale-up ladders, rollback.

import type { RuleContext } from "../derived/context.ts";
import type { Mitigation } from "../diagnosis.ts";
import { isFreeOrShared } from "../skus.ts";
import { type PlanInput, scaleOut, scaleUp, swapBack } from "./plans.ts";
import { capacityTarget, cpuTarget, instanceCeiling, memoryTarget, socketTarget } from "./scale.ts";

export type CapacityNeed =
  | { kind: "cpu"; peakCpu: number; baselineCpu: number; loadRatio: number }
  | { kind: "sockets"; peakSockets: number };

/** Scale out by the rule's formula; at the tier (or autoscale) maximum, scale up to twice the vCPU instead. */
export function capacityPlan(c: RuleContext, p: PlanInput, need: CapacityNeed): Mitigation[] {
  const n = c.capacity;
  const tierMax = instanceCeiling(c.s);
  const autoscaleMax = c.s.autoscale?.maximum;
  const atMax = n >= tierMax || (Number.isFinite(autoscaleMax) && n >= (autoscaleMax as number));
  if (atMax) return need.kind === "cpu" ? cpuScaleUp(c, p) : [];
  if (need.kind === "cpu") {
    const t = capacityTarget(n, tierMax, need.peakCpu, need.baselineCpu, need.loadRatio);
    return [scaleOut(p, t.target, t.formula)];
  }
  const to = socketTarget(n, tierMax, need.peakSockets);
  return [
    scaleOut(p, to, `min(${tierMax}, 2×${n}, max(${n}+1, ceil(${n} × ${Math.round(need.peakSockets)} / 2000)))`, true),
  ];
}

/** Run at least two instances (fault tolerance while the cause is fixed). */
export function minTwoInstances(c: RuleContext, p: PlanInput): Mitigation[] {
  if (c.capacity >= 2 || instanceCeiling(c.s) < 2 || isFreeOrShared(c.s.plan?.skuName, c.s.plan?.skuTier)) return [];
  return [scaleOut(p, 2, "at least 2 instances")];
}

export function cpuScaleUp(c: RuleContext, p: PlanInput): Mitigation[] {
  const to = cpuTarget(c.s.plan?.skuName ?? "");
  return to ? [scaleUp(p, to.name, "cpu")] : [];
}

export function memoryScaleUp(c: RuleContext, p: PlanInput, peakWorkingSetBytes: number): Mitigation[] {
  const to = memoryTarget(c.s.plan?.skuName ?? "", peakWorkingSetBytes);
  return to ? [scaleUp(p, to.name, "memory")] : [];
}

/** Swap back when the breaking change was a swap that names the other slot. */
export function rollback(c: RuleContext, p: PlanInput): Mitigation[] {
  const swap = [...c.changes].reverse().find((x) => x.kind === "swap" && x.targetSlot);
  return swap?.targetSlot ? [swapBack(p, swap.targetSlot)] : [];
}

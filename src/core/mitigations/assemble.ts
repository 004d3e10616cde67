// Orders, filters and guards the plans of the reported findings (docs/rules.md#how-a-diagnosis-is-ranked):
// the primary cause's plans first, then the contributing factors', then advisories'. The primary cause
// vetoes actions that would not help it (no scaling for a broken deployment, no restart for capacity).

import type { RuleContext } from "../derived/context.ts";
import type { Mitigation, MitigationKind, RuleId, RuleResult } from "../diagnosis.ts";
import { plansFor, type Results } from "./by-rule.ts";
import { applyAutoscaleGuard } from "./guard.ts";
import { isCompletePlan } from "./plans.ts";

/** Kinds a primary cause rules out, whichever rule proposes them. */
export const PRIMARY_EXCLUDES: Partial<Record<RuleId, readonly MitigationKind[]>> = {
  R01: ["restart", "scaleOut", "scaleUp", "autoHeal"],
  R02: ["restart", "scaleUp", "autoHeal"],
  R05a: ["scaleOut", "scaleUp"],
  R05b: ["scaleOut", "scaleUp"],
  R05c: ["scaleOut", "scaleUp"],
  R06: ["scaleOut", "scaleUp"],
  R08: ["scaleOut"],
  R09: ["scaleOut"],
  R10: ["scaleOut", "scaleUp", "restart", "autoHeal"],
  R11: ["scaleUp"],
  R12: ["scaleUp"],
  R13: ["scaleUp", "scaleOut"],
  R14: ["scaleUp", "autoHeal"],
  R15: ["scaleOut", "scaleUp"],
  R16: ["restart", "scaleUp"],
  R17: ["restart"],
  R18: ["restart", "scaleUp", "autoHeal"],
  R20: ["scaleOut", "scaleUp"],
};

export interface Assembled {
  mitigations: Mitigation[];
  /** A scale-out was rewritten by the R19 guard. */
  guarded: boolean;
  /** A capacity change was proposed (R19's required signal). */
  capacityChange: boolean;
}

export function assemble(
  ctx: RuleContext,
  ordered: RuleResult[],
  primary: RuleResult | undefined,
  all: Results,
): Assembled {
  const veto = new Set(primary ? (PRIMARY_EXCLUDES[primary.id] ?? []) : []);
  const seen = new Set<string>();
  const out: Mitigation[] = [];
  for (const r of ordered) {
    let plans: Mitigation[];
    try {
      plans = plansFor(r, ctx, all);
    } catch {
      plans = [];
    }
    for (const m of plans) {
      if (veto.has(m.kind)) continue;
      const key = `${m.kind}|${JSON.stringify(m.params)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(m);
    }
  }
  const capacityChange = out.some((m) => m.kind === "scaleOut");
  const guarded = applyAutoscaleGuard(out, ctx.s);
  return { mitigations: guarded.plans.map(completeOrAdvice), guarded: guarded.changed, capacityChange };
}

/** A write that cannot name its exact call and change is downgraded to advice (never proposed as a write). */
function completeOrAdvice(m: Mitigation): Mitigation {
  if (isCompletePlan(m)) return m;
  return {
    kind: "investigate",
    write: false,
    title: `${m.title} (manual: the bot could not build a complete plan)`,
    params: { topic: m.kind, steps: [] },
    why: m.why,
    risk: "None: advice, nothing is changed.",
    fromRule: m.fromRule,
  };
}

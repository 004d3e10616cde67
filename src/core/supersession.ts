// Causes that explain other causes (docs/rules.md#supersession): when an explaining rule fires, the rules
// it explains are set aside with a reason the diagnosis shows, never rank as a cause and never drive a
// mitigation. One table, read by the evaluation and printed in the rule catalogue.

import type { RuleContext } from "./derived/context.ts";
import { newInstances } from "./derived/instances.ts";
import { CONFIDENCE_RANK, type Confidence, type RuleId, type RuleResult } from "./diagnosis.ts";

export type Results = ReadonlyMap<RuleId, RuleResult>;

export interface Supersession {
  /** The explaining rule. */
  by: RuleId;
  /** The rules whose signals it explains. */
  over: readonly RuleId[];
  /** When it applies, in words (the catalogue prints it). */
  when: string;
  /** The reason shown beside the set-aside finding, or undefined when it does not apply here. */
  reason(ctx: RuleContext, all: Results, explained: RuleResult): string | undefined;
}

/** Rules whose firing means R11's slow requests are a symptom: R11 ranks behind them (a demotion, not a removal). */
export const R11_EXPLAINED_BY: readonly RuleId[] = ["R10", "R12", "R08", "R09", "R17", "R18"];

const pct = (x: unknown) => `${Math.round(Number(x) * 100)} %`;

/** The erring instance first served inside the incident window or its lead-up: a fresh worker. */
export function isNewInWindow(ctx: RuleContext, instance: string | undefined): boolean {
  if (!instance) return false;
  const n = newInstances(ctx.cur).find((x) => x.instance === instance);
  return n !== undefined && n.firstBucket >= ctx.leadFrom && n.firstBucket < ctx.range.to;
}

export const SUPERSESSIONS: readonly Supersession[] = [
  {
    by: "R18",
    over: ["R08", "R09", "R17"],
    when: "another app on the shared plan uses the CPU, memory or queue: this app's own share is at most 30 %",
    reason: (_c, all) => {
      const r = all.get("R18");
      return r?.fired
        ? `the plan's pressure comes from another app on it (this app's share ${pct(r.facts?.share)}): restarting or resizing this app would not help`
        : undefined;
    },
  },
  {
    by: "R14",
    over: ["R20", "R13"],
    when: "the health check marks instances unhealthy and the platform takes them out of rotation",
    reason: (_c, all) =>
      all.get("R14")?.fired && all.get("R14")?.facts?.subcase !== "broken path"
        ? "the health check is taking instances out of rotation: the 503s follow from the eviction"
        : undefined,
  },
  {
    by: "R02",
    over: ["R13"],
    when: "planned maintenance replaced instances and the instance with the errors is one of the new ones",
    reason: (ctx, all, r13) =>
      all.get("R02")?.fired && isNewInWindow(ctx, r13.scope?.instance)
        ? `${r13.scope?.instance} was brought in by planned maintenance: a fresh worker warming up, not a bad one`
        : undefined,
  },
  {
    by: "R16",
    over: ["R13"],
    when: "the instance with the errors is new in the incident window (scale-out, replacement)",
    reason: (ctx, all, r13) =>
      all.get("R16")?.fired && isNewInWindow(ctx, r13.scope?.instance)
        ? `${r13.scope?.instance} started during the incident: its first minutes are a cold start, not a bad worker`
        : undefined,
  },
];

export interface SetAside {
  id: RuleId;
  by: RuleId;
  reason: string;
}

/**
 * Applies the table: the set-aside findings (first explaining rule wins) and the explaining results, raised
 * to the confidence of what they explain (the pressure they account for is as certain as the rule saw it).
 */
export function supersede(ctx: RuleContext, all: Map<RuleId, RuleResult>): SetAside[] {
  const out: SetAside[] = [];
  for (const s of SUPERSESSIONS) {
    const by = all.get(s.by);
    if (!by?.fired) continue;
    for (const id of s.over) {
      const r = all.get(id);
      if (!r?.fired || out.some((x) => x.id === id)) continue;
      const reason = s.reason(ctx, all, r);
      if (!reason) continue;
      out.push({ id, by: s.by, reason });
      const cur = all.get(s.by)!;
      if (CONFIDENCE_RANK[r.confidence] > CONFIDENCE_RANK[cur.confidence])
        all.set(s.by, { ...cur, confidence: r.confidence as Confidence });
    }
  }
  return out;
}

// What a rule is: an id, a precedence (P, lower wins ties), when it runs, and one pure evaluate function.

import type { RuleContext } from "../derived/context.ts";
import type { Confidence, Evidence, FactValue, RuleId, RuleResult } from "../diagnosis.ts";

/**
 * state: runs always (R03, R04) · advisory: runs always, never primary (R19) ·
 * explaining: runs always; with an incident a cause that can be primary and can set aside the causes it
 * explains (R14, R18), without one a note · incident: runs when there is an incident, or on an explicit
 * request (then labelled minor). See docs/glossary.md#rule-kinds.
 */
export type RuleKind = "state" | "advisory" | "explaining" | "incident";

export type Prior = ReadonlyMap<RuleId, RuleResult>;

export interface Rule {
  id: RuleId;
  /** Precedence P (docs/glossary.md#precedence): lower wins a tie on confidence; R19 (a guard) sorts last. */
  precedence: number;
  title: string;
  kind: RuleKind;
  /** Its required signals come from Log Analytics: never above Low without logs (docs/glossary.md#confidence). */
  needsLogs: boolean;
  evaluate(ctx: RuleContext, prior: Prior): RuleResult;
}

export function fired(
  id: RuleId,
  confidence: Confidence,
  title: string,
  evidence: Evidence[],
  extra: { scope?: { instance: string }; facts?: Record<string, FactValue>; note?: string } = {},
): RuleResult {
  return { id, fired: true, confidence, title, evidence, ...extra };
}

/** The note of a rule that needs the site configuration when it was not read (docs/faults.md). */
export const NOT_CHECKED_WITHOUT_CONFIG = "not checked: site config not read";

export function notFired(id: RuleId, title: string, note: string, evidence: Evidence[] = []): RuleResult {
  return { id, fired: false, confidence: "Low", title, evidence, note };
}

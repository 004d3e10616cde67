// The evaluation model (docs/rules.md#how-a-diagnosis-is-ranked): run the rules, adjust confidence, set aside
// the causes another cause explains (supersession.ts), rank, pick the primary cause, up to two contributing
// factors (R15 always shown), advisories aside, R11 behind the specific rules.

import type { RuleContext } from "./derived/context.ts";
import { CONFIDENCE_RANK, type RuleId, type RuleResult } from "./diagnosis.ts";
import { RULES, RULES_BY_ID } from "./rules/registry.ts";
import type { Rule } from "./rules/rule.ts";
import { R11_EXPLAINED_BY, type SetAside, supersede } from "./supersession.ts";

export { R11_EXPLAINED_BY };

export const MAX_CONTRIBUTING = 2;
/** R15 is High when one of these explains what the change broke. */
export const R15_HIGH_WITH: readonly RuleId[] = ["R05a", "R05b", "R05c", "R06", "R07"];

export interface Evaluation {
  results: RuleResult[];
  byId: Map<RuleId, RuleResult>;
  /** Fired causes (state and incident rules), best first. */
  ranked: RuleResult[];
  primary?: RuleResult;
  contributing: RuleResult[];
  advisories: RuleResult[];
  /** Fired causes another fired cause explains: shown with the reason, never ranked. */
  setAside: SetAside[];
}

function runs(rule: Rule, ctx: RuleContext): boolean {
  return rule.kind !== "incident" || ctx.hasIncident || ctx.minorMode;
}

export function evaluateRules(ctx: RuleContext, rules: readonly Rule[] = RULES): Evaluation {
  const byId = new Map<RuleId, RuleResult>();
  for (const rule of rules) {
    let r: RuleResult;
    if (!runs(rule, ctx))
      r = { id: rule.id, fired: false, confidence: "Low", title: rule.title, evidence: [], note: "no incident" };
    else {
      try {
        r = rule.evaluate(ctx, byId);
      } catch (e) {
        // A rule that trips on odd data is unknown, never a crash of the whole diagnosis.
        r = {
          id: rule.id,
          fired: false,
          confidence: "Low",
          title: rule.title,
          evidence: [],
          note: `not judged: ${String(e)}`,
        };
      }
      if (r.fired && rule.needsLogs && !ctx.hasLogs) r = { ...r, confidence: "Low" };
      if (r.fired && rule.kind === "incident" && ctx.minorMode) r = { ...r, minor: true };
      // An explaining cause without an incident has nothing to explain: it is a note, never a cause.
      if (r.fired && rule.kind === "explaining" && !ctx.hasIncident) r = { ...r, minor: true };
    }
    byId.set(rule.id, r);
  }
  const r15 = byId.get("R15");
  if (r15?.fired && !r15.facts?.blipOnly && R15_HIGH_WITH.some((id) => byId.get(id)?.fired))
    byId.set("R15", { ...r15, confidence: "High" });
  const setAside = ctx.hasIncident ? supersede(ctx, byId) : [];
  const results = rules.map((r) => byId.get(r.id)!);
  return { results, byId, setAside, ...rank(results, new Set(setAside.map((x) => x.id))) };
}

export function precedenceOf(id: RuleId): number {
  return RULES_BY_ID.get(id)?.precedence ?? 99;
}

/** Confidence first, then P (lower first), then registry order. */
export function compareResults(a: RuleResult, b: RuleResult): number {
  return (
    CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence] ||
    precedenceOf(a.id) - precedenceOf(b.id) ||
    RULES.findIndex((r) => r.id === a.id) - RULES.findIndex((r) => r.id === b.id)
  );
}

export function rank(
  results: RuleResult[],
  setAside: ReadonlySet<RuleId> = new Set(),
): Omit<Evaluation, "results" | "byId" | "setAside"> {
  const kindOf = (id: RuleId) => RULES_BY_ID.get(id)?.kind ?? "incident";
  const isAdvisory = (r: RuleResult) =>
    kindOf(r.id) === "advisory" || (kindOf(r.id) === "explaining" && r.minor === true);
  const fired = results.filter((r) => r.fired && !setAside.has(r.id));
  const advisories = fired.filter(isAdvisory).sort(compareResults);
  let ranked = fired.filter((r) => !isAdvisory(r)).sort(compareResults);
  // R11 is what many causes look like from outside: never ahead of a specific rule that also fired.
  const r11 = ranked.findIndex((r) => r.id === "R11");
  if (r11 >= 0) {
    const specific = ranked.map((r, i) => (R11_EXPLAINED_BY.includes(r.id) ? i : -1)).filter((i) => i >= 0);
    if (specific.length && specific[0] > r11) {
      const [item] = ranked.splice(r11, 1);
      ranked.splice(specific[0], 0, item);
    }
  }
  // Minor findings (explicit request, no incident) never make a primary cause.
  const major = ranked.filter((r) => !r.minor);
  const minor = ranked.filter((r) => r.minor);
  ranked = [...major, ...minor];
  const primary = major[0];
  const contributing = primary
    ? [...major.slice(1), ...minor].slice(0, MAX_CONTRIBUTING)
    : minor.slice(0, MAX_CONTRIBUTING + 1);
  const r15 = ranked.find((r) => r.id === "R15");
  if (r15 && r15 !== primary && !contributing.includes(r15)) contributing.push(r15);
  return { ranked, primary, contributing, advisories };
}

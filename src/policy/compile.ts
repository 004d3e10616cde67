// From the parsed YAML to a Policy: role names expanded, per-action request/approve filled from the
// binding's, defaults applied. `crossCheck` finds the problems a per-field schema cannot see (undefined
// roles, duplicate channels, an action nobody is named for); it reads the raw value tolerantly so its
// problems are listed together with the schema's.

import { similarity } from "../core/resolve.ts";
import { skuFacts } from "../core/skus.ts";
import {
  ACTIONS,
  type ActionRule,
  type Binding,
  DEFAULT_PROPOSAL_TTL_MINUTES,
  type Policy,
  type PolicyAction,
  type Principal,
  ROLE_NAME,
} from "./policy.ts";
import {
  canonicalTimeZone,
  looksLikeLowerCaseId,
  type RawBinding,
  type RawPolicy,
  show,
  upperCaseHint,
} from "./schema.ts";

export type PathSegment = string | number;

export interface RawProblem {
  path: PathSegment[];
  message: string;
  /** The problem is about the key at `path` (e.g. an unknown key), not its value. */
  atKey?: boolean;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const asRefs = (v: unknown): unknown[] => (typeof v === "string" ? [v] : Array.isArray(v) ? v : []);

/** Up to three known names close to `word`, best first. */
export function closest(word: string, known: readonly string[]): string[] {
  const w = word.toLowerCase();
  return known
    .map((k) => ({ k, s: similarity(w, k.toLowerCase()) }))
    .filter((x) => Number.isFinite(x.s))
    .sort((a, b) => a.s - b.s)
    .slice(0, 3)
    .map((x) => x.k);
}

export const didYouMean = (word: string, known: readonly string[]): string => {
  const near = closest(word, known);
  return near.length ? ` — did you mean ${near.join(" or ")}?` : "";
};

/** Action entries as the file writes them: a map, or the list shorthand. */
function rawActions(v: unknown): Array<[string, Record<string, unknown>, PathSegment]> {
  if (Array.isArray(v)) return v.map((a, i) => [String(a), {}, i]);
  if (isRecord(v)) return Object.entries(v).map(([a, r]) => [a, isRecord(r) ? r : {}, a]);
  return [];
}

export function crossCheck(raw: unknown): RawProblem[] {
  if (!isRecord(raw)) return [];
  const problems: RawProblem[] = [];
  const roleNames = isRecord(raw.roles) ? Object.keys(raw.roles) : [];
  const checkRefs = (v: unknown, path: PathSegment[]) => {
    const list = asRefs(v);
    list.forEach((ref, i) => {
      if (typeof ref !== "string" || !ROLE_NAME.test(ref) || roleNames.includes(ref)) return;
      problems.push({
        path: typeof v === "string" ? path : [...path, i],
        message: looksLikeLowerCaseId(ref)
          ? `${upperCaseHint(ref)} (or, if it is a role, define it under roles:)`
          : `role ${show(ref)} is not defined under roles:${didYouMean(ref, roleNames)} (define it, e.g. roles: { ${ref}: [S0…] }, or write a Slack ID)`,
      });
    });
  };
  const seen = new Map<string, number>();
  const bindings = Array.isArray(raw.bindings) ? raw.bindings : [];
  bindings.forEach((b, i) => {
    if (!isRecord(b)) return;
    const at: PathSegment[] = ["bindings", i];
    if (typeof b.channel === "string") {
      const first = seen.get(b.channel);
      if (first === undefined) seen.set(b.channel, i);
      else
        problems.push({
          path: [...at, "channel"],
          message: `channel ${b.channel} is already bound by bindings[${first}]: a channel has one binding; merge the two`,
        });
    }
    checkRefs(b.request, [...at, "request"]);
    checkRefs(b.approve, [...at, "approve"]);
    for (const [action, rule, key] of rawActions(b.actions)) {
      if (!(ACTIONS as readonly string[]).includes(action)) continue; // the schema reports unknown actions
      const path = [...at, "actions", key];
      checkRefs(rule.request, [...path, "request"]);
      checkRefs(rule.approve, [...path, "approve"]);
      const missing = (["request", "approve"] as const).filter((f) => rule[f] === undefined && b[f] === undefined);
      if (missing.length)
        problems.push({
          path,
          message: `${action} names no ${missing.map((f) => (f === "request" ? "requesters" : "approvers")).join(" and no ")}: write ${missing.map((f) => `${f}: <role or Slack ID>`).join(" and ")} on the action or on the binding ([] means nobody)`,
        });
    }
  });
  return problems;
}

function expand(refs: string[], roles: Record<string, Principal[]>): Principal[] {
  return [...new Set(refs.flatMap((r) => (ROLE_NAME.test(r) ? (roles[r] ?? []) : [r])))];
}

const refList = (v: string[] | undefined): string[] => v ?? [];

function compileBinding(b: RawBinding, index: number, roles: Record<string, Principal[]>): Binding {
  const actions: Partial<Record<PolicyAction, ActionRule>> = {};
  for (const action of ACTIONS) {
    const r = b.actions?.[action];
    if (!r) continue;
    const requestRefs = refList(r.request ?? b.request);
    const approveRefs = refList(r.approve ?? b.approve);
    actions[action] = {
      requesters: expand(requestRefs, roles),
      approvers: expand(approveRefs, roles),
      requestRefs,
      approveRefs,
    };
  }
  const tz = b.timeZone === undefined ? undefined : canonicalTimeZone(b.timeZone);
  return {
    channel: b.channel,
    ...(b.name ? { name: b.name.replace(/^#/, "") } : {}),
    scope: {
      subscriptions: (b.scope.subscriptions ?? []).map((s) => s.toLowerCase()),
      resourceGroups: b.scope.resourceGroups ?? [],
      apps: b.scope.apps ?? [],
      tags: b.scope.tags ?? {},
    },
    read: b.read ?? true,
    actions,
    ...(b.twoPersonRule === undefined ? {} : { twoPersonRule: b.twoPersonRule }),
    ...(b.proposalTtlMinutes === undefined ? {} : { proposalTtlMinutes: b.proposalTtlMinutes }),
    ...(tz ? { timeZone: tz } : {}),
    ...(b.digest ? { digest: { ...b.digest } } : {}),
    ...(b.limits
      ? {
          limits: {
            ...(b.limits.maxInstances === undefined ? {} : { maxInstances: b.limits.maxInstances }),
            ...(b.limits.skus ? { skus: [...new Set(b.limits.skus.map((x) => x.toUpperCase()))] } : {}),
          },
        }
      : {}),
    ...alertsOf(b.alerts),
    path: `bindings[${index}]`,
  };
}

/** `alerts: true` → every severity; `{ minSeverity: Sev2 }` → Sev0..Sev2; false or absent → none. */
function alertsOf(a: RawBinding["alerts"]): Pick<Binding, "alerts"> {
  if (a === undefined || a === false) return {};
  return { alerts: { maxSeverity: a === true ? 4 : Number(a.minSeverity.slice(3)) } };
}

/** A validated file (schema and crossCheck passed) → Policy. */
export function compile(raw: RawPolicy, meta: { source?: string; fingerprint?: string } = {}): Policy {
  const roles: Record<string, Principal[]> = {};
  for (const [name, members] of Object.entries(raw.roles ?? {})) roles[name] = [...new Set(members)];
  return {
    bindings: raw.bindings.map((b, i) => compileBinding(b, i, roles)),
    defaults: {
      proposalTtlMinutes: raw.defaults?.proposalTtlMinutes ?? DEFAULT_PROPOSAL_TTL_MINUTES,
      twoPersonRule: raw.defaults?.twoPersonRule ?? true,
    },
    roles,
    ...(meta.source ? { source: meta.source } : {}),
    ...(meta.fingerprint ? { fingerprint: meta.fingerprint } : {}),
  };
}

/** Legal but probably unintended: worth a warning in the startup log. */
export function lintPolicy(policy: Policy): string[] {
  const warnings: string[] = [];
  const used = new Set<string>();
  for (const b of policy.bindings) {
    for (const [action, rule] of Object.entries(b.actions) as [PolicyAction, ActionRule][]) {
      for (const r of [...rule.requestRefs, ...rule.approveRefs]) used.add(r);
      if (rule.requesters.length === 0) warnings.push(`${b.path}.actions.${action}: nobody may request it`);
      if (rule.approvers.length === 0)
        warnings.push(`${b.path}.actions.${action}: nobody may approve it, so every proposal will be refused`);
    }
    // A misspelt SKU would silently refuse every scale up to it.
    for (const sku of b.limits?.skus ?? [])
      if (!skuFacts(sku)) warnings.push(`${b.path}.limits.skus: ${sku} is not an App Service SKU the bot knows`);
    if ((b.twoPersonRule ?? policy.defaults.twoPersonRule) === false && Object.keys(b.actions).length)
      warnings.push(`${b.path}: two-person rule is off: requesters may approve their own proposals`);
  }
  for (const role of Object.keys(policy.roles))
    if (!used.has(role)) warnings.push(`roles.${role} is defined but no binding uses it`);
  return warnings;
}

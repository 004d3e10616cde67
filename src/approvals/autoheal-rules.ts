// Auto-heal JSON for a command (`/appsvc autoheal enable <preset> …`): the preset computed from the app's
// facts (docs/glossary.md#auto-heal-presets), then the user's overrides, then the guardrails (Linux: no memory trigger,
// Recycle only; never recycle a process younger than 5 min). Pure.
import {
  AH_MIN_PROCESS_FLOOR_SEC,
  type AutoHealParams,
  type AutoHealPreset,
  ah5xx,
  ahLinux,
  ahMem,
  ahSlow,
  ahSlowPath,
  timespanSec,
} from "../core/autoheal-presets.ts";
import { buildContext } from "../core/derived/context.ts";
import { processLimitBytes } from "../core/derived/memory.ts";
import { requestsBaseline } from "../core/rules/load.ts";
import type { AutoHealRules, Snapshot } from "../core/snapshot.ts";

export type RulesResult = { ok: true; rules: AutoHealRules } | { ok: false; reason: string };

/** Why these rules cannot run on Linux, or undefined when they can. */
export function linuxAutoHealProblem(rules: AutoHealRules): string | undefined {
  if (rules.triggers?.privateBytesInKB !== undefined)
    return "Linux auto-heal has no memory trigger (privateBytesInKB). Use AH-LINUX (5xx or slow requests) or scale up.";
  const action = rules.actions?.actionType;
  if ((action !== undefined && action !== "Recycle") || rules.actions?.customAction)
    return `the only auto-heal action on Linux is Recycle (got ${action ?? "a custom action"}).`;
  return undefined;
}

/** R5, the app's usual requests per 5 min, from the snapshot's baseline (undefined when unknown). */
function r5Of(s: Snapshot): number | undefined {
  const v = requestsBaseline(buildContext(s)).value;
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

function base(preset: AutoHealPreset, o: AutoHealParams, s: Snapshot): RulesResult {
  const linux = s.site.os === "linux";
  switch (preset) {
    case "AH-MEM": {
      if (linux) return { ok: false, reason: linuxAutoHealProblem({ triggers: { privateBytesInKB: 1 } }) ?? "" };
      const limit = processLimitBytes(s);
      if (!limit && o.privateBytesKB === undefined)
        return { ok: false, reason: `The memory limit of SKU ${s.plan.skuName} is unknown: give privateBytesKB.` };
      return { ok: true, rules: ahMem(limit ?? 0) };
    }
    case "AH-5XX":
      return { ok: true, rules: ah5xx(r5Of(s)) };
    case "AH-SLOW":
      return { ok: true, rules: ahSlow(r5Of(s)) };
    case "AH-SLOW-PATH":
      if (!o.path) return { ok: false, reason: "AH-SLOW-PATH needs the path of the slow endpoint (path=/api/x)." };
      return { ok: true, rules: ahSlowPath(o.path) };
    case "AH-LINUX":
      return { ok: true, rules: ahLinux(o.trigger ?? "5xx", r5Of(s)) };
  }
}

/** Applies the overrides to the preset's single trigger. */
function override(rules: AutoHealRules, o: AutoHealParams): AutoHealRules {
  const t = structuredClone(rules.triggers ?? {});
  const a = { ...(rules.actions ?? {}) };
  if (o.privateBytesKB !== undefined) t.privateBytesInKB = o.privateBytesKB;
  if (o.statusCodes !== undefined) {
    const n = t.statusCodesRange?.[0]?.count ?? t.statusCodes?.[0]?.count;
    const interval = t.statusCodesRange?.[0]?.timeInterval ?? t.statusCodes?.[0]?.timeInterval;
    delete t.statusCodesRange;
    delete t.statusCodes;
    if (o.statusCodes.includes("-"))
      t.statusCodesRange = [{ statusCodes: o.statusCodes, count: n, timeInterval: interval }];
    else t.statusCodes = [{ status: Number(o.statusCodes), count: n, timeInterval: interval }];
  }
  const items = [
    ...(t.statusCodesRange ?? []),
    ...(t.statusCodes ?? []),
    ...(t.slowRequests ? [t.slowRequests] : []),
    ...(t.slowRequestsWithPath ?? []),
  ];
  for (const it of items) {
    if (o.count !== undefined) it.count = o.count;
    if (o.interval !== undefined) it.timeInterval = o.interval;
  }
  for (const it of [...(t.slowRequests ? [t.slowRequests] : []), ...(t.slowRequestsWithPath ?? [])]) {
    if (o.timeTaken !== undefined) it.timeTaken = o.timeTaken;
  }
  if (o.path !== undefined && t.slowRequestsWithPath) for (const it of t.slowRequestsWithPath) it.path = o.path;
  if (o.minProcessTime !== undefined) a.minProcessExecutionTime = o.minProcessTime;
  return { triggers: t, actions: a };
}

/** The rules a command asked for, or why they are refused. */
export function rulesFromPreset(preset: AutoHealPreset, o: AutoHealParams, s: Snapshot): RulesResult {
  if (s.site.os === "linux" && o.privateBytesKB !== undefined)
    return { ok: false, reason: linuxAutoHealProblem({ triggers: { privateBytesInKB: o.privateBytesKB } }) ?? "" };
  const b = base(preset, o, s);
  if (!b.ok) return b;
  const rules = override(b.rules, o);
  return checkRules(rules, s);
}

/** Guardrails for any auto-heal JSON, whichever source it came from. */
export function checkRules(rules: AutoHealRules, s: Snapshot): RulesResult {
  if (s.site.os === "linux") {
    const problem = linuxAutoHealProblem(rules);
    if (problem) return { ok: false, reason: `${s.app.name} runs on Linux: ${problem}` };
  }
  const min = rules.actions?.minProcessExecutionTime;
  if (min !== undefined && !(timespanSec(min) >= AH_MIN_PROCESS_FLOOR_SEC))
    return {
      ok: false,
      reason: `minProcessExecutionTime ${min} is below 00:05:00: recycles could loop. Use 00:05:00 or more.`,
    };
  return { ok: true, rules };
}

// R05c · P3 · Linux container crash during startup (bad setting, missing secret, exception).

import type { RuleContext } from "../derived/context.ts";
import { containerExits, containerStarts, crashLines, listeners, maxInSpan } from "../derived/logs.ts";
import type { Evidence } from "../diagnosis.ts";
import { CONSOLE_LOGS, PLATFORM_LOGS } from "./r05a-container-port.ts";
import { fired, notFired, type Rule } from "./rule.ts";

/** A restart loop: this many container starts … */
export const R05C_LOOP_STARTS = 3;
/** … inside this span. */
export const R05C_LOOP_SPAN_MS = 30 * 60_000;
const ROLLBACK_KINDS = new Set(["config", "deployment", "swap"]);
const TITLE = "Linux container crashes during startup";

export function evaluateR05c(ctx: RuleContext) {
  if (!ctx.isLinux) return notFired("R05c", TITLE, "not a Linux app");
  if (!ctx.hasLogs) return notFired("R05c", TITLE, "no Log Analytics workspace: platform messages unknown");
  const exits = containerExits(ctx.s.logs);
  const starts = containerStarts(ctx.s.logs);
  const loop = maxInSpan(
    starts.map((x) => x.t),
    R05C_LOOP_SPAN_MS,
  );
  if (exits.length === 0 && loop < R05C_LOOP_STARTS)
    return notFired("R05c", TITLE, "no container exit and no restart loop");
  const crashes = crashLines(ctx.s.logs);
  const firstListen = listeners(ctx.s.logs)[0]?.t ?? Number.POSITIVE_INFINITY;
  const early = crashes.filter((c) => c.t <= firstListen);
  const evidence: Evidence[] = [
    {
      metric: "platform log",
      aggregation: exits.length ? "container exits" : "container starts in 30 min",
      window: {
        start: (exits[0] ?? starts[0]).t,
        end: (exits.at(-1) ?? starts.at(-1))!.t,
      },
      observed: exits.length ? exits.length : loop,
      threshold: exits.length ? 1 : R05C_LOOP_STARTS,
      comparison: ">=",
      source: PLATFORM_LOGS,
      note: (exits[0] ?? starts[0]).message,
    },
  ];
  if (early.length === 0) return notFired("R05c", TITLE, "no exception or non-zero exit before listening", evidence);
  evidence.push({
    metric: "console log",
    aggregation: "message",
    window: { start: early[0].t, end: early.at(-1)!.t },
    observed: early[0].message,
    threshold: "exception, traceback or non-zero exit before listening",
    comparison: "matches",
    source: CONSOLE_LOGS,
  });
  const change = ctx.changes.find((c) => ROLLBACK_KINDS.has(c.kind));
  return fired("R05c", change ? "High" : "Medium", TITLE, evidence, {
    facts: { changeKind: change?.kind ?? "", trace: early[0].message.slice(0, 300) },
  });
}

export const R05c: Rule = {
  id: "R05c",
  precedence: 3,
  title: TITLE,
  kind: "incident",
  needsLogs: true,
  evaluate: evaluateR05c,
};

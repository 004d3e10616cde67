// R05b · P3 · Linux startup time limit exceeded (slow init: JVM, migrations, model load).

import type { RuleContext } from "../derived/context.ts";
import { consoleLines, containerStarts, crashLines, failingStarts, listeners, progressOf } from "../derived/logs.ts";
import { type Confidence, type Evidence, lower } from "../diagnosis.ts";
import { CONSOLE_LOGS, PLATFORM_LOGS } from "./r05a-container-port.ts";
import { fired, notFired, type Rule } from "./rule.ts";

export const R05B_DEFAULT_LIMIT_SEC = 230;
export const R05B_MAX_LIMIT_SEC = 1800;
/** Time to failure within this of the limit means the limit cut the start short. */
export const R05B_TOLERANCE_SEC = 15;
/** New limit = observed startup × 1.5, rounded up to a minute. */
export const R05B_HEADROOM = 1.5;
/** Without a progress line the overrun is unknown: assume at least this much more. */
export const R05B_UNKNOWN_OVERRUN_SEC = 120;
const TITLE = "Linux container start exceeds the startup time limit";

export function startLimitSec(ctx: RuleContext): { limit: number; known: boolean } {
  const raw = ctx.s.appSettings?.WEBSITES_CONTAINER_START_TIME_LIMIT;
  const n = raw === undefined ? Number.NaN : Number(raw);
  if (Number.isFinite(n) && n > 0) return { limit: n, known: true };
  return { limit: R05B_DEFAULT_LIMIT_SEC, known: ctx.s.appSettings !== undefined };
}

export function newStartLimit(observedSec: number): number {
  return Math.min(R05B_MAX_LIMIT_SEC, Math.ceil((observedSec * R05B_HEADROOM) / 60) * 60);
}

export function evaluateR05b(ctx: RuleContext) {
  if (!ctx.isLinux) return notFired("R05b", TITLE, "not a Linux app");
  if (!ctx.hasLogs) return notFired("R05b", TITLE, "no Log Analytics workspace: platform messages unknown");
  const fails = failingStarts(ctx.s.logs);
  if (fails.length === 0) return notFired("R05b", TITLE, 'no "failing site start" message');
  const starts = containerStarts(ctx.s.logs);
  const { limit, known } = startLimitSec(ctx);
  // Time from each failure back to the container start before it (or the platform's elapsed-time note).
  const durations: number[] = [];
  for (const f of fails) {
    if (f.elapsedSec !== undefined) {
      durations.push(f.elapsedSec);
      continue;
    }
    const st = starts.filter((x) => x.t <= f.t).at(-1);
    if (st) durations.push((f.t - st.t) / 1000);
  }
  const matching = durations.filter((d) => Math.abs(d - limit) <= R05B_TOLERANCE_SEC);
  const evidence: Evidence[] = [
    {
      metric: "platform log",
      aggregation: "container start → failing site start",
      window: { start: fails[0].t, end: fails.at(-1)!.t },
      observed: durations.length ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length) : "unknown",
      threshold: `${limit} ± ${R05B_TOLERANCE_SEC} s`,
      comparison: "≈",
      source: PLATFORM_LOGS,
      note: `${fails.length} failed start(s)${known ? "" : "; limit assumed at the default"}`,
    },
  ];
  if (matching.length === 0)
    return notFired("R05b", TITLE, "failures do not line up with the start time limit", evidence);
  const heard = listeners(ctx.s.logs);
  const crashes = crashLines(ctx.s.logs);
  if (heard.length > 0 || crashes.length > 0)
    return notFired(
      "R05b",
      TITLE,
      heard.length ? "the app did start listening" : "the console shows a crash",
      evidence,
    );
  // Startup estimate: a progress line "… 71%" at +225 s projects 225 / 0.71 ≈ 317 s.
  let observed = Number.NaN;
  let progressLine = "";
  for (const c of consoleLines(ctx.s.logs)) {
    const p = progressOf(c.message);
    const st = starts.filter((x) => x.t <= c.t).at(-1);
    const failBefore = fails.filter((f) => f.t <= c.t).at(-1);
    const anchor = st?.t ?? (failBefore ? failBefore.t : undefined);
    if (p === undefined || anchor === undefined) continue;
    const elapsed = (c.t - anchor) / 1000;
    if (elapsed <= 0 || elapsed > limit + R05B_TOLERANCE_SEC) continue;
    const est = elapsed / (p / 100);
    if (!(est <= observed)) {
      observed = est;
      progressLine = c.message;
    }
  }
  const estimated = Number.isFinite(observed);
  if (!estimated) observed = limit + R05B_UNKNOWN_OVERRUN_SEC;
  const consoleCount = consoleLines(ctx.s.logs).length;
  evidence.push({
    metric: "console log",
    aggregation: "messages",
    window: evidence[0].window,
    observed: progressLine || `${consoleCount} line(s), no listener, no exception`,
    threshold: "initialisation in progress, no crash trace",
    comparison: "matches",
    source: CONSOLE_LOGS,
    note: estimated ? `projected startup ≈ ${Math.round(observed)} s` : "startup time not measurable",
  });
  // The console must show initialisation going on; with no console line at all, lower one level.
  const confidence: Confidence = consoleCount > 0 ? "High" : lower("High");
  return fired("R05b", confidence, TITLE, evidence, {
    facts: {
      limitSec: limit,
      observedSec: Math.round(observed),
      estimated,
      newLimitSec: newStartLimit(Math.max(observed, limit + 1)),
    },
  });
}

export const R05b: Rule = {
  id: "R05b",
  precedence: 3,
  title: TITLE,
  kind: "incident",
  needsLogs: true,
  evaluate: evaluateR05b,
};

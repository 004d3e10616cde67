// R12 · P8 · Outbound connection or SNAT port exhaustion (SNAT usage is not a metric: Medium at best).

import { type RuleContext, win } from "../derived/context.ts";
import { acrossInstances, cpuMaxInst } from "../derived/instances.ts";
import { rangeMax, rangeSum } from "../derived/stats.ts";
import { type Confidence, type Evidence, lower, raise } from "../diagnosis.ts";
import { detectorHits } from "./detectors.ts";
import { fired, notFired, type Rule } from "./rule.ts";

/** [A] plan SocketOutboundAll Avg. */
export const R12_SOCKETS = 2000;
/** [A] plan TcpTimeWait Avg. */
export const R12_TIME_WAIT = 300;
/** Either must also have risen to this multiple of its baseline. */
export const R12_RISE_FACTOR = 2;
/** AppConnections "approaching" the per-instance TCP limit. */
export const R12_CONN_SHARE = 0.9;
/** Failures are intermittent: the window's err5xx stays below this. */
export const R12_MAX_ERR = 0.5;
export const R12_CPU_BELOW = 60;
const TITLE = "Outbound connection / SNAT port exhaustion";

export function evaluateR12(ctx: RuleContext) {
  const from = ctx.leadFrom;
  const to = ctx.range.to;
  const w = win(ctx, from, to);
  const evidence: Evidence[] = [];
  let fallback = false;
  let peakSockets = Number.NaN;
  for (const [name, limit] of [
    ["SocketOutboundAll", R12_SOCKETS],
    ["TcpTimeWait", R12_TIME_WAIT],
  ] as const) {
    const s = acrossInstances(ctx.cur, "plan", name, "max");
    if (!s) continue;
    const peak = rangeMax(s.series, from, to);
    if (name === "SocketOutboundAll") peakSockets = peak;
    if (!(peak > limit)) continue;
    const base = ctx.base.of(`${name}|maxInst`, (b) => acrossInstances(b, "plan", name, "max")?.series).value;
    if (base > 0 && peak < R12_RISE_FACTOR * base) continue;
    if (!(base > 0)) fallback = true;
    evidence.push({
      metric: name,
      aggregation: "Average per 5 min, max over instances",
      window: w,
      observed: peak,
      threshold: base > 0 ? `${limit} and ${R12_RISE_FACTOR}× baseline ${Math.round(base)}` : limit,
      comparison: ">",
      source: ctx.cur.find("plan", name)?.source ?? `metrics ${name}`,
    });
  }
  const conn = acrossInstances(ctx.cur, "site", "AppConnections", "max", "max");
  const connLimit = ctx.sku?.outboundConnections;
  if (conn && connLimit) {
    const peak = rangeMax(conn.series, from, to);
    if (peak >= R12_CONN_SHARE * connLimit)
      evidence.push({
        metric: "AppConnections",
        aggregation: "Maximum per 5 min, max over instances",
        window: w,
        observed: peak,
        threshold: Math.round(R12_CONN_SHARE * connLimit),
        comparison: ">=",
        source: ctx.cur.find("site", "AppConnections")?.source ?? "metrics AppConnections",
        note: `${ctx.sku?.name} limit ${connLimit} per instance`,
      });
  }
  if (evidence.length === 0) return notFired("R12", TITLE, "outbound sockets and connections below their limits");
  const e5 = rangeSum(ctx.inc.http5xx, ctx.range.from, to);
  const req = rangeSum(ctx.inc.requests, ctx.range.from, to);
  const err = req > 0 ? e5 / req : Number.NaN;
  if (!(e5 > 0)) return notFired("R12", TITLE, "no 5xx in the window", evidence);
  if (err >= R12_MAX_ERR) return notFired("R12", TITLE, "every request fails: not intermittent", evidence);
  const cpu = cpuMaxInst(ctx.cur);
  const cpuPeak = cpu ? rangeMax(cpu.series, from, to) : Number.NaN;
  if (cpuPeak >= R12_CPU_BELOW)
    return notFired("R12", TITLE, "CPU is busy: not an idle-CPU connection problem", evidence);
  evidence.push({
    metric: "CpuPercentage",
    aggregation: "Average per 5 min, max over instances",
    window: w,
    observed: Number.isFinite(cpuPeak) ? cpuPeak : "unknown",
    threshold: R12_CPU_BELOW,
    comparison: "<",
    source: ctx.cur.find("plan", "CpuPercentage")?.source ?? "metrics CpuPercentage",
  });
  let confidence: Confidence = "Medium";
  if (fallback || !Number.isFinite(cpuPeak)) confidence = lower(confidence);
  const det = detectorHits(ctx.s, ["snat", "tcpconnections"], w);
  if (det.length) confidence = raise(confidence);
  return fired("R12", confidence, TITLE, [...evidence, ...det], {
    facts: { peakSockets, vnet: !!ctx.s.site?.virtualNetworkSubnetId },
  });
}

export const R12: Rule = {
  id: "R12",
  precedence: 8,
  title: TITLE,
  kind: "incident",
  needsLogs: false,
  evaluate: evaluateR12,
};

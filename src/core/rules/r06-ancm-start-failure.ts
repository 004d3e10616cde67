// R06 · P3 · Windows ASP.NET Core process start failure (ANCM 502.5, 500.30, 500.37).

import { judged, type RuleContext } from "../derived/context.ts";
import { rangeSum } from "../derived/stats.ts";
import { fired, notFired, type Rule } from "./rule.ts";

/** Status.sub-status pairs of an ANCM start failure. */
export const R06_CODES: ReadonlyArray<[number, string]> = [
  [502, "5"],
  [500, "30"],
  [500, "37"],
];
/** Share of the window's requests that must carry those codes. */
export const R06_MIN_SHARE = 0.5;
const TITLE = "ASP.NET Core process fails to start (ANCM 502.5 / 500.30 / 500.37)";

export function evaluateR06(ctx: RuleContext) {
  if (!ctx.hasLogs) return notFired("R06", TITLE, "no Log Analytics workspace: sub-status codes unknown");
  const w = judged(ctx);
  const rows = (ctx.s.logs?.http5xx ?? []).filter((r) => r && r.t >= w.start && r.t < w.end);
  const byCode = new Map<string, number>();
  let ancm = 0;
  for (const r of rows) {
    const sub = String(r.subStatus ?? "").replace(/^0+(?=\d)/, "");
    if (R06_CODES.some(([st, ss]) => st === r.status && ss === sub)) {
      ancm += r.count;
      const k = `${r.status}.${sub}`;
      byCode.set(k, (byCode.get(k) ?? 0) + r.count);
    }
  }
  const req = rangeSum(ctx.inc.requests, ctx.leadFrom, ctx.range.to);
  const denominator = Number.isFinite(req) && req > 0 ? req : rows.reduce((a, r) => a + (r.count ?? 0), 0);
  const share = denominator > 0 ? ancm / denominator : 0;
  const evidence = [
    {
      metric: "ScStatus.ScSubStatus ∈ 502.5, 500.30, 500.37",
      aggregation: "share of requests",
      window: w,
      observed: Math.round(share * 1000) / 1000,
      threshold: R06_MIN_SHARE,
      comparison: ">=" as const,
      source: "AppServiceHTTPLogs",
      note: [...byCode].map(([k, n]) => `${k}: ${n}`).join(", "),
    },
  ];
  if (ancm === 0 || share < R06_MIN_SHARE)
    return notFired("R06", TITLE, "ANCM codes below half of the requests", evidence);
  const top = [...byCode].sort((a, b) => b[1] - a[1])[0][0];
  return fired("R06", "High", TITLE, evidence, { facts: { code: top } });
}

export const R06: Rule = {
  id: "R06",
  precedence: 3,
  title: TITLE,
  kind: "incident",
  needsLogs: true,
  evaluate: evaluateR06,
};

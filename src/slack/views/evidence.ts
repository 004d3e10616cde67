// One evidence line: metric · aggregation · window · observed vs threshold · source. Values get units from
// the metric they describe (percentages, ratios, bytes, seconds); anything else is shown as a number or text.
import type { Comparison, Evidence, Finding } from "../../core/diagnosis.ts";
import { clip, code, escapeMrkdwn } from "./escape.ts";
import { fmtBytes, fmtCount, fmtPct, fmtRange, fmtRate, fmtSeconds } from "./format.ts";

const COMPARISON: Record<Comparison, string> = {
  ">=": "≥",
  ">": "&gt;",
  "<=": "≤",
  "<": "&lt;",
  "==": "=",
  "!=": "≠",
  "≈": "≈",
  matches: "matches",
  present: "present",
};

/** A value of `metric` with its unit (raw string values are escaped, not reformatted). */
export function fmtMetricValue(metric: string, v: number | string | null | undefined): string {
  if (v === null || v === undefined) return "n/a";
  if (typeof v === "string") return escapeMrkdwn(v);
  if (!Number.isFinite(v)) return "n/a";
  const m = metric.toLowerCase();
  if (/percentage|healthcheckstatus/.test(m) && !m.includes("/")) return fmtPct(v);
  if ((/^err5xx|share|ratio/.test(m) || m.includes(" / ")) && Math.abs(v) <= 1.5) return fmtRate(v);
  if (/bytes|workingset/.test(m) && Math.abs(v) >= 1024) return fmtBytes(v);
  if (/responsetime/.test(m)) return fmtSeconds(v);
  return fmtCount(v);
}

/** Shortens ARM paths in a source for the message (the file keeps them whole). */
export function shortSource(source: string): string {
  return source.replace(/\/subscriptions\/[^/\s]+\/resourceGroups\/[^/\s]+\/providers\//gi, "…/");
}

export interface EvidenceLineOptions {
  timeZone?: string;
  /** Keep full sources (the attached file). */
  full?: boolean;
}

/** "• `MemoryPercentage` · Average · 07:40–08:15 · *96%* ≥ 90% · RD0003 · `…/metrics` — 7 buckets" (mrkdwn). */
export function evidenceLine(e: Partial<Evidence>, opts: EvidenceLineOptions = {}): string {
  const metric = e.metric ?? "";
  const parts = [code(metric || "signal")];
  if (e.aggregation) parts.push(escapeMrkdwn(e.aggregation));
  if (e.window && Number.isFinite(e.window.start) && Number.isFinite(e.window.end)) {
    parts.push(fmtRange(e.window.start, e.window.end, opts.timeZone, { withZone: false }));
  }
  // "share of 5xx", "share of requests": the aggregation says the value is a ratio even when the metric does not.
  const unitOf = /^share of /i.test(e.aggregation ?? "") ? `${metric} share` : metric;
  const observed = `*${fmtMetricValue(unitOf, e.observed)}*`;
  const cmp = e.comparison ? (COMPARISON[e.comparison] ?? escapeMrkdwn(e.comparison)) : "vs";
  if (e.comparison === "present") parts.push(`${observed} present`);
  else if (e.threshold !== undefined) parts.push(`${observed} ${cmp} ${fmtMetricValue(unitOf, e.threshold)}`);
  else parts.push(observed);
  if (e.instance) parts.push(`instance ${code(e.instance)}`);
  if (e.source) parts.push(code(opts.full ? e.source : clip(shortSource(e.source), 120)));
  const note = e.note ? ` — ${escapeMrkdwn(e.note)}` : "";
  return `• ${parts.join(" · ")}${note}`;
}

/** The line that tells the most: the rule's first (required) signal. */
export function tellingEvidence(f: Partial<Finding> | undefined): Evidence | undefined {
  return f?.evidence?.[0];
}

/** R15's change event (the "why"), else its first line. */
export function changeEvidence(f: Partial<Finding> | undefined): Evidence | undefined {
  return f?.evidence?.find((e) => e.aggregation === "event") ?? f?.evidence?.[0];
}

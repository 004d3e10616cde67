// Which analyses and detectors flagged what, newest first within each. Pure.
import type { DiagnosticResult } from "./types.ts";

export interface DiagnosticsSummary {
  flagged: Array<{ id: string; kind: DiagnosticResult["kind"]; messages: string[] }>;
  clean: string[];
  /** One message to lead with: a detector's own words, memory and CPU first. */
  headline?: string;
}

const LEAD = ["sitememoryanalysis", "sitecpuanalysis", "sitecrashes", "webapprestart"];

export function summariseDiagnostics(results: DiagnosticResult[]): DiagnosticsSummary {
  const flagged = results
    .filter((r) => r.issue)
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      messages: [...new Set([...r.periods].sort((a, b) => b.start - a.start).map((p) => p.message))].filter(
        (m) => m !== "",
      ),
    }));
  const clean = results.filter((r) => !r.issue).map((r) => r.id);
  const lead = LEAD.map((id) => flagged.find((f) => f.kind === "detector" && f.id === id)).find((f) => f?.messages[0]);
  const headline = lead?.messages[0] ?? flagged.find((f) => f.messages[0])?.messages[0];
  return { flagged, clean, ...(headline ? { headline } : {}) };
}

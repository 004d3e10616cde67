// App Service diagnostics for collect: the availability analyses (appDownAnalysis, perfAnalysis) and the
// detectors relevant to 5xx, executed over the incident window through @azure/arm-appservice `diagnostics`.
// An analysis or detector the app does not offer (404) is left out; a 403 fails the whole source.
import type { DiagnosticAnalysis, DiagnosticDetectorResponse } from "@azure/arm-appservice";
import type { DiagnosticPeriod, DiagnosticResult, DiagnosticsRead } from "../collect/types.ts";
import { DomainError } from "../core/errors.ts";
import type { AppRef, Window } from "../core/snapshot.ts";
import type { AdapterContext } from "./context.ts";

const CATEGORY = "availability";
export const COLLECT_ANALYSES = ["appDownAnalysis", "perfAnalysis"] as const;
export const COLLECT_DETECTORS = ["sitecrashes", "webapprestart", "sitememoryanalysis", "sitecpuanalysis"] as const;
const DAY = 86_400_000;

const time = (d: Date | string | undefined, fallback: number) => (d ? new Date(d).getTime() : fallback);

function analysisResult(id: string, a: DiagnosticAnalysis, w: Window): DiagnosticResult {
  const periods: DiagnosticPeriod[] = (a.abnormalTimePeriods ?? []).flatMap((p) =>
    (p.events ?? []).map((e) => ({
      start: time(e.startTime, w.start),
      end: time(e.endTime, w.end),
      message: e.message ?? "",
      ...(e.source ? { detector: e.source } : {}),
    })),
  );
  return { kind: "analysis", id, issue: periods.length > 0, periods };
}

function detectorResult(id: string, d: DiagnosticDetectorResponse, w: Window): DiagnosticResult {
  const periods = (d.abnormalTimePeriods ?? []).map((p) => ({
    start: time(p.startTime, w.start),
    end: time(p.endTime, w.end),
    message: p.message ?? "",
  }));
  return { kind: "detector", id, issue: d.issueDetected ?? periods.length > 0, periods };
}

/** Runs every analysis and detector in parallel; diagnostics cover at most the last 24 h of the window. */
export async function readDiagnostics(
  ctx: AdapterContext,
  app: AppRef,
  window: Window,
  signal: AbortSignal,
): Promise<DiagnosticsRead> {
  const w = { start: Math.max(window.start, window.end - DAY), end: window.end };
  const d = ctx.clients.web(app.subscriptionId).diagnostics;
  const opts = (s: AbortSignal) => ({ startTime: new Date(w.start), endTime: new Date(w.end), abortSignal: s });
  const raw: Record<string, unknown> = {};
  const missing = (e: unknown) => e instanceof DomainError && e.kind === "notFound";
  const info = (kind: string, id: string, action: string) => ({
    call: `diagnostics.${kind} ${id} ${app.name}`,
    action: app.slot ? action.replace("Microsoft.Web/sites/", "Microsoft.Web/sites/slots/") : action,
    scope: app.id,
  });
  const analyses = COLLECT_ANALYSES.map((id) =>
    ctx
      .read(
        info("executeSiteAnalysis", id, "Microsoft.Web/sites/diagnostics/analyses/execute/Action"),
        (s) =>
          app.slot
            ? d.executeSiteAnalysisSlot(app.resourceGroup, app.name, CATEGORY, id, app.slot, opts(s))
            : d.executeSiteAnalysis(app.resourceGroup, app.name, CATEGORY, id, opts(s)),
        signal,
      )
      .then(
        (a) => {
          raw[id] = a;
          return analysisResult(id, a, w);
        },
        (e: unknown) => {
          if (missing(e)) return undefined;
          throw e;
        },
      ),
  );
  const detectors = COLLECT_DETECTORS.map((id) =>
    ctx
      .read(
        info("executeSiteDetector", id, "Microsoft.Web/sites/diagnostics/detectors/execute/Action"),
        (s) =>
          app.slot
            ? d.executeSiteDetectorSlot(app.resourceGroup, app.name, id, CATEGORY, app.slot, opts(s))
            : d.executeSiteDetector(app.resourceGroup, app.name, id, CATEGORY, opts(s)),
        signal,
      )
      .then(
        (r) => {
          raw[id] = r;
          return detectorResult(id, r, w);
        },
        (e: unknown) => {
          if (missing(e)) return undefined;
          throw e;
        },
      ),
  );
  const results = (await Promise.all([...analyses, ...detectors])).filter((r) => r !== undefined);
  return { results, raw };
}

// Optional enrichment: App Service diagnostics detectors. Detector availability varies by OS and app
// type, so list first and run only the interesting ones that exist (docs/glossary.md#detectors).
import type { AppRef, Window } from "../core/snapshot.ts";
import { collect } from "./call.ts";
import type { AzureClients } from "./clients.ts";

/** Detectors worth running for 502/503 triage, in order of usefulness. */
export const PREFERRED_DETECTORS = [
  "runtimeavailability",
  "sitecrashes",
  "workeravailability",
  "sitecpuanalysis",
  "sitememoryanalysis",
  "siterestartuserinitiated",
  "siterestartsettingupdate",
  "failedrequestsperuri",
  "tcpconnections",
];
export const MAX_DETECTORS = 4;

export async function listDetectorIds(clients: AzureClients, app: AppRef, signal: AbortSignal): Promise<string[]> {
  const d = clients.web(app.subscriptionId).diagnostics;
  const iter = app.slot
    ? d.listSiteDetectorResponsesSlot(app.resourceGroup, app.name, app.slot, { abortSignal: signal })
    : d.listSiteDetectorResponses(app.resourceGroup, app.name, { abortSignal: signal });
  return (await collect(iter)).map((r) => (r.name ?? r.metadata?.id ?? "").toLowerCase()).filter((n) => n !== "");
}

/** Which of the available detectors to run. Pure. */
export function chooseDetectors(available: string[]): string[] {
  const have = new Set(available.map((a) => a.toLowerCase()));
  return PREFERRED_DETECTORS.filter((d) => have.has(d)).slice(0, MAX_DETECTORS);
}

export async function runDetector(
  clients: AzureClients,
  app: AppRef,
  detector: string,
  w: Window,
  signal: AbortSignal,
): Promise<{ id: string; status: string; message?: string }> {
  const d = clients.web(app.subscriptionId).diagnostics;
  const opts = { startTime: new Date(w.start), endTime: new Date(w.end), timeGrain: "PT5M", abortSignal: signal };
  const r = app.slot
    ? await d.getSiteDetectorResponseSlot(app.resourceGroup, app.name, detector, app.slot, opts)
    : await d.getSiteDetectorResponse(app.resourceGroup, app.name, detector, opts);
  return {
    id: detector,
    status: r.status?.statusId ?? "None",
    ...(r.status?.message ? { message: r.status.message } : {}),
  };
}

// The evidence pack an alert's thread gets: the same reads and views as `/appsvc status` (figures, the
// diagnosis with its primary cause and evidence, the fix buttons that open the approval flow) and its chart
// with the alert's window shaded. Never throws: an Azure failure becomes the usual error view.
import { renderStatusChartOffThread } from "../../../charts/off-thread.ts";
import type { Fleet } from "../../../core/fleet.ts";
import { withDeadline } from "../../../reads/deadline.ts";
import { readApp } from "../../../reads/read-app.ts";
import type { Answer } from "../../answer.ts";
import { errorIdFor, errorView, resolutionView, statusView } from "../../views/index.ts";

/** The read window: the last three hours, or from an hour before the alert window when that is earlier. */
const BASE_WINDOW_MS = 3 * 3_600_000;
const MAX_WINDOW_MS = 24 * 3_600_000;

export interface EvidenceInput {
  appId: string;
  alertWindow: { start: number; end: number };
  now: number;
  mitigationsEnabled: boolean;
  readDeadlineMs: number;
  timeZone?: string;
}

export function evidenceWindowMs(alertStart: number, now: number): number {
  return Math.min(MAX_WINDOW_MS, Math.max(BASE_WINDOW_MS, now - alertStart + 3_600_000));
}

export async function buildEvidence(fleet: Fleet, i: EvidenceInput): Promise<Answer> {
  const windowMs = evidenceWindowMs(i.alertWindow.start, i.now);
  try {
    return await withDeadline(i.readDeadlineMs, "the reads for the alert's evidence", async (signal) => {
      const r = await readApp(fleet, i.appId, { windowMs, now: i.now, signal, configOptional: true });
      if (r.kind !== "found") return { message: resolutionView(r, i.appId, "status") };
      const name = r.app.slot ? `${r.app.name}/${r.app.slot}` : r.app.name;
      const input = { ...r, windowMs, now: i.now, mitigationsEnabled: i.mitigationsEnabled, timeZone: i.timeZone };
      const stem = name.replace(/[^A-Za-z0-9._-]+/g, "-") || "app";
      return {
        message: statusView(input),
        chart: {
          filename: `alert-${stem}.png`,
          title: `${name}: requests, 5xx, response time, CPU and memory (alert window shaded)`,
          altText: `Chart of ${name} with the alert's window shaded: requests and 5xx rate, response time, CPU and memory per instance (times in ${i.timeZone ?? "UTC"}).`,
          render: () =>
            renderStatusChartOffThread({
              appName: name,
              grids: r.snapshot.metrics,
              window: r.snapshot.window,
              incidentWindow: clampWindow(i.alertWindow, r.snapshot.window),
              windowName: "Alert",
              ...(i.timeZone ? { timeZone: i.timeZone } : {}),
            }),
        },
      };
    });
  } catch (e) {
    return { message: errorView(e, { verb: "status", app: i.appId, errorId: errorIdFor(e, "status") }) };
  }
}

function clampWindow(w: { start: number; end: number }, within: { start: number; end: number }) {
  const start = Math.max(w.start, within.start);
  const end = Math.min(Math.max(w.end, start), within.end);
  return { start, end: end > start ? end : Math.min(start + 60_000, within.end) };
}

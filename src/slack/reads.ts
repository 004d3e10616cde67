// The read verbs: intent → use case (under the read deadline) → view, plus the chart to attach. Never
// throws: Azure errors become error views, a name that is not exactly one app becomes the resolution view.
import { renderStatusChartOffThread as renderStatusChart } from "../charts/off-thread.ts";
import type { Resolution } from "../core/fleet.ts";
import type { Logger } from "../log.ts";
import { scopedFleet } from "../policy/scoped-fleet.ts";
import { readHealth, readLinks, readLogs, readMetrics } from "../usecases/app-reads.ts";
import { withDeadline } from "../usecases/deadline.ts";
import { listApps } from "../usecases/list-apps.ts";
import { readApp } from "../usecases/read-app.ts";
import type { Answer, ChartUpload } from "./answer.ts";
import { appQueryText, type Intent } from "./command/index.ts";
import type { BotContext } from "./context.ts";
import {
  diagnoseView,
  errorIdFor,
  errorView,
  healthView,
  linksView,
  listView,
  logsView,
  metricsView,
  resolutionView,
  statusView,
} from "./views/index.ts";

export type ReadIntent = Extract<
  Intent,
  { verb: "list" | "status" | "diagnose" | "metrics" | "health" | "logs" | "links" }
>;

export const READ_VERBS = new Set(["list", "status", "diagnose", "metrics", "health", "logs", "links"]);

export function isReadIntent(i: Intent): i is ReadIntent {
  return READ_VERBS.has(i.verb);
}

/** What the "⏳ …" message names: the app as typed, or the fleet. */
export function progressLabel(i: ReadIntent): string {
  if (i.verb === "list") return i.filter ? `apps matching ${i.filter}` : "apps";
  if (i.verb === "health" && !i.app) return "App Service";
  const app = (i as { app: Parameters<typeof appQueryText>[0] }).app;
  return app.slot ? `${appQueryText(app)} (slot ${app.slot})` : appQueryText(app);
}

export interface ReadRequest {
  user: string;
  /** The channel asking: with a policy, it sees only the apps its binding covers. */
  channel?: string;
  log: Logger;
}

export async function answerRead(bot: BotContext, intent: ReadIntent, req: ReadRequest): Promise<Answer> {
  const query = intent.verb === "list" || (intent.verb === "health" && !intent.app) ? undefined : progressLabel(intent);
  const zone = bot.zones.get(req.user); // in parallel with the Azure reads
  try {
    // The reads' start is the CPU-heavy part (TLS connections, SDK pipelines): acks still arriving go first.
    await bot.admission.turn();
    const policy = bot.approvals?.gate.policy;
    const scoped = policy && req.channel ? { ...bot, fleet: scopedFleet(bot.fleet, policy, req.channel) } : bot;
    return await withDeadline(bot.readDeadlineMs, `the reads for ${progressLabel(intent)}`, async (signal) =>
      run(scoped, intent, signal, await zone),
    );
  } catch (e) {
    const errorId = errorIdFor(e, intent.verb);
    const domain = typeof (e as { kind?: unknown }).kind === "string";
    req.log[domain ? "warn" : "error"]({ err: e, errorId }, `${intent.verb} failed`);
    return { message: errorView(e, { verb: intent.verb, ...(query ? { app: query } : {}), errorId }) };
  }
}

function notFound(r: Exclude<Resolution, { kind: "found" }>, query: string, verb: string): Answer {
  return { message: resolutionView(r, query, verb) };
}

async function run(bot: BotContext, intent: ReadIntent, signal: AbortSignal, timeZone?: string): Promise<Answer> {
  const now = bot.now();
  const tz = timeZone ? { timeZone } : {};
  switch (intent.verb) {
    case "list": {
      const items = await listApps(bot.fleet, bot.verdicts);
      return { message: listView(items, intent.filter) };
    }
    case "status":
    case "diagnose": {
      const q = appQueryText(intent.app);
      const r = await readApp(bot.fleet, q, {
        windowMs: intent.window.ms,
        slot: intent.app.slot,
        explicit: intent.verb === "diagnose",
        now,
        signal,
      });
      if (r.kind !== "found") return notFound(r, q, intent.verb);
      bot.verdicts.record(r.snapshot, r.diagnosis.verdict, now);
      // Fix buttons open the approval flow only when a policy allows writes at all.
      const mitigationsEnabled = Boolean(bot.approvals?.gate.policy);
      const input = { ...r, windowMs: intent.window.ms, now, mitigationsEnabled, ...tz };
      if (intent.verb === "diagnose") return { message: diagnoseView(input) };
      return {
        message: statusView(input),
        chart: statusChart(r.app.slot ? `${r.app.name}/${r.app.slot}` : r.app.name, {
          grids: r.snapshot.metrics,
          window: r.snapshot.window,
          incidentWindow: r.diagnosis.incidentWindow,
          timeZone,
        }),
      };
    }
    case "metrics": {
      const q = appQueryText(intent.app);
      const r = await readMetrics(
        bot.fleet,
        { query: q, slot: intent.app.slot },
        { windowMs: intent.window.ms, now, metrics: intent.metrics, signal },
      );
      if (r.kind !== "found") return notFound(r, q, "metrics");
      const message = metricsView({ app: r.app, grids: r.grids, windowMs: intent.window.ms, ...tz });
      // The status chart's panels are the default metric set; named metrics get the table only.
      if (!r.defaultSet) return { message };
      return { message, chart: statusChart(r.app.name, { grids: r.grids, window: r.window, timeZone }) };
    }
    case "health": {
      const target = intent.app ? { query: appQueryText(intent.app), slot: intent.app.slot } : undefined;
      const r = await readHealth(bot.fleet, target, { now, signal });
      if (r.kind !== "found") return notFound(r, target?.query ?? "", "health");
      return { message: healthView({ ...r, now, ...tz }) };
    }
    case "logs": {
      const q = appQueryText(intent.app);
      const r = await readLogs(
        bot.fleet,
        { query: q, slot: intent.app.slot },
        { windowMs: intent.window.ms, now, signal },
      );
      if (r.kind !== "found") return notFound(r, q, "logs");
      return { message: logsView({ app: r.app, logs: r.logs, workspaceConfigured: bot.logsConfigured, now, ...tz }) };
    }
    case "links": {
      const q = appQueryText(intent.app);
      const r = await readLinks(bot.fleet, { query: q, slot: intent.app.slot }, { now, signal });
      if (r.kind !== "found") return notFound(r, q, "links");
      return { message: linksView({ app: r.app, enabledHostNames: r.enabledHostNames, portalBase: bot.portalBase }) };
    }
  }
}

function statusChart(appName: string, data: Omit<Parameters<typeof renderStatusChart>[0], "appName">): ChartUpload {
  const stem = appName.replace(/[^A-Za-z0-9._-]+/g, "-") || "app";
  return {
    filename: `status-${stem}.png`,
    title: `${appName}: requests, 5xx, response time, CPU and memory`,
    altText: `Chart of ${appName}: requests and 5xx rate, response time, CPU and memory per instance${data.timeZone ? ` (times in ${data.timeZone})` : " (times in UTC)"}.`,
    render: () => renderStatusChart({ appName, ...data }),
  };
}

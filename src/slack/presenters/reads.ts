// The read verbs: intent → use case (under the read deadline) → view, plus the chart to attach. Never
// throws: Azure errors become error views, a name that is not exactly one app becomes the resolution view.
import { renderStatusChartOffThread as renderStatusChart } from "../../charts/off-thread.ts";
import { appQueryText, type Intent } from "../../command/index.ts";
import type { Resolution } from "../../core/fleet.ts";
import type { RequestContext } from "../../door/request-context.ts";
import { readHealth, readLinks, readLogs, readMetrics } from "../../reads/app-reads.ts";
import { withDeadline } from "../../reads/deadline.ts";
import { listApps } from "../../reads/list-apps.ts";
import { readApp } from "../../reads/read-app.ts";
import type { Answer, ChartUpload } from "../answer.ts";
import type { BotContext } from "../context.ts";
import {
  diagnoseView,
  errorIdFor,
  errorView,
  healthView,
  linksView,
  listView,
  logsView,
  metricsView,
  type ProgressSubject,
  resolutionView,
  statusView,
} from "../views/index.ts";

export type ReadIntent = Extract<
  Intent,
  { verb: "list" | "status" | "diagnose" | "metrics" | "health" | "logs" | "links" }
>;

export const READ_VERBS = new Set(["list", "status", "diagnose", "metrics", "health", "logs", "links"]);

export function isReadIntent(i: Intent): i is ReadIntent {
  return READ_VERBS.has(i.verb);
}

/** What the "⏳ …" message names: the app as typed, or the fleet. */
export function progressLabel(i: ReadIntent): ProgressSubject {
  if (i.verb === "list") return i.filter ? { theirs: i.filter, note: "matching apps" } : { ours: "apps" };
  if (i.verb === "health" && !i.app) return { ours: "App Service" };
  const app = (i as { app: Parameters<typeof appQueryText>[0] }).app;
  return app.slot ? { theirs: appQueryText(app), note: `slot ${app.slot}` } : { theirs: appQueryText(app) };
}

/** The same subject as plain words, for error messages and logs. */
function subjectText(i: ReadIntent): string {
  const s = progressLabel(i);
  return "ours" in s ? s.ours : s.note ? `${s.theirs} (${s.note})` : s.theirs;
}

/** Answers a read for a request the door admitted: its fleet is already scoped to the channel's binding. */
export async function answerRead(bot: BotContext, intent: ReadIntent, ctx: RequestContext): Promise<Answer> {
  const query = intent.verb === "list" || (intent.verb === "health" && !intent.app) ? undefined : subjectText(intent);
  const zone = bot.zones.get(ctx.user); // in parallel with the Azure reads
  try {
    // The reads' start is the CPU-heavy part (TLS connections, SDK pipelines): acks still arriving go first.
    await bot.admission.turn();
    const scoped = { ...bot, fleet: ctx.fleet };
    return await withDeadline(bot.readDeadlineMs, `the reads for ${subjectText(intent)}`, async (signal) =>
      run(scoped, intent, signal, await zone),
    );
  } catch (e) {
    const errorId = errorIdFor(e, intent.verb);
    const domain = typeof (e as { kind?: unknown }).kind === "string";
    ctx.log[domain ? "warn" : "error"]({ err: e, errorId }, `${intent.verb} failed`);
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
      const r = await readApp(bot.fleet, intent.app, {
        windowMs: intent.window.ms,
        slot: intent.app.slot,
        explicit: intent.verb === "diagnose",
        now,
        signal,
        configOptional: true,
      });
      if (r.kind !== "found") return notFound(r, q, intent.verb);
      bot.verdicts.record(r.snapshot, r.diagnosis.verdict, now);
      // Fix buttons open the approval flow only when a policy allows writes at all.
      const mitigationsEnabled = Boolean(bot.door.policy);
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
        { query: intent.app, slot: intent.app.slot },
        { windowMs: intent.window.ms, now, metrics: intent.metrics, signal },
      );
      if (r.kind !== "found") return notFound(r, q, "metrics");
      const message = metricsView({
        app: r.app,
        grids: r.grids,
        windowMs: intent.window.ms,
        notRead: r.notRead,
        ...tz,
      });
      // The status chart's panels are the default metric set; named metrics get the table only.
      if (!r.defaultSet) return { message };
      return { message, chart: statusChart(r.app.name, { grids: r.grids, window: r.window, timeZone }) };
    }
    case "health": {
      const target = intent.app ? { query: intent.app, slot: intent.app.slot } : undefined;
      const r = await readHealth(bot.fleet, target, { now, signal });
      if (r.kind !== "found") return notFound(r, intent.app ? appQueryText(intent.app) : "", "health");
      return { message: healthView({ ...r, now, ...tz }) };
    }
    case "logs": {
      const q = appQueryText(intent.app);
      const r = await readLogs(
        bot.fleet,
        { query: intent.app, slot: intent.app.slot },
        { windowMs: intent.window.ms, now, signal },
      );
      if (r.kind !== "found") return notFound(r, q, "logs");
      return {
        message: logsView({
          app: r.app,
          logs: r.logs,
          metrics5xx: r.metrics5xx,
          notRead: r.notRead,
          workspaceConfigured: bot.logsConfigured,
          now,
          ...tz,
        }),
      };
    }
    case "links": {
      const q = appQueryText(intent.app);
      const r = await readLinks(bot.fleet, { query: intent.app, slot: intent.app.slot }, { now, signal });
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
    retryCommand: `/appsvc metrics ${appName}`,
  };
}

// `/appsvc logs`: 5xx by status, sub-status and path from Log Analytics, cross-checked against the metrics'
// 5xx (an app that sends no logs is not an app without errors), or — without a workspace, or when this
// app's logs are not flowing — how to send AppServiceHTTPLogs to one and point the bot at it.
import type { KnownBlock } from "@slack/types";
import type { AppRef, LogsData } from "../../core/snapshot.ts";
import { context, finalize, header, section } from "./blocks.ts";
import { code, escapeMrkdwn, escapePlain, fileSafe } from "./escape.ts";
import { fmtCount, fmtDateTime, fmtInt, fmtSeconds, zoneNote } from "./format.ts";
import { fileStem, unknownsLine } from "./status.ts";
import { table } from "./table.ts";
import type { SlackMessage } from "./types.ts";
import { appLabel } from "./vocabulary.ts";

export interface LogsViewInput {
  app: AppRef;
  logs?: LogsData;
  workspaceConfigured: boolean;
  /** Σ Http5xx from the metrics over the same window: the logs are cross-checked against it. */
  metrics5xx?: number | null;
  timeZone?: string;
  now?: number;
  /** Log queries (`logs.http5xx`, …) and the metrics read (`siteMetrics`) that failed: named, never shown as empty. */
  notRead?: Array<{ signal: string; reason: string }>;
}

/** Rows kept in the message per table; the file has all of them. */
export const LOG_ROWS_INLINE = 10;

function diagnosticSettingCli(app: AppRef): string {
  return `az monitor diagnostic-settings create --name appsvc-bot --resource ${app.id} --workspace <workspace-resource-id> --logs '[{"category":"AppServiceHTTPLogs","enabled":true},{"category":"AppServicePlatformLogs","enabled":true},{"category":"AppServiceConsoleLogs","enabled":true}]'`;
}

/** Below this share of the metrics' 5xx, the logs are not flowing for this app (rows lag, but not by a window). */
export const LOGS_FLOWING_SHARE = 0.01;
/** The cross-check needs this many 5xx in the metrics before it accuses the logs. */
export const LOGS_CHECK_MIN_5XX = 10;

/** The workspace is configured but this app sends it nothing (no diagnostic setting, or another workspace). */
function notFlowing(app: AppRef, metrics5xx: number): KnownBlock[] {
  return [
    section(
      [
        `*The metrics count ${fmtInt(metrics5xx)} 5xx in this window, but the workspace holds no HTTP log rows for this app*: its logs are not flowing, so this is no sign that all is well.`,
        "Most likely the app has no *diagnostic setting* sending *AppServiceHTTPLogs* to the bot's workspace (or sends them to another one). To add it:",
        code(diagnosticSettingCli(app)),
        "Rows appear 2–5 minutes after the requests; `/appsvc metrics` and `/appsvc diagnose` work from the metrics meanwhile.",
      ].join("\n"),
    ),
  ];
}

function howToEnable(app: AppRef): KnownBlock[] {
  const cli = diagnosticSettingCli(app);
  return [
    section(
      [
        "*No Log Analytics workspace is configured*, so I can't split 5xx by status, sub-status and path.",
        "1. On the app, add a *diagnostic setting* that sends *AppServiceHTTPLogs* (and AppServicePlatformLogs, AppServiceConsoleLogs) to a Log Analytics workspace:",
        code(cli),
        "2. Set `AZURE_LOG_ANALYTICS_WORKSPACE_ID` (the workspace's customer ID) for the bot, and `AZURE_LOG_ANALYTICS_ENDPOINT` in sovereign clouds.",
        "3. Grant the bot's identity *Log Analytics Reader* on the workspace. Rows appear 2–5 minutes after the requests.",
      ].join("\n"),
    ),
  ];
}

function byStatus(logs: LogsData): string[][] {
  const m = new Map<string, number>();
  for (const r of logs.http5xx ?? []) {
    const key = `${r.status}${r.subStatus && r.subStatus !== "0" ? `.${r.subStatus}` : ""}`;
    m.set(key, (m.get(key) ?? 0) + (r.count ?? 0));
  }
  return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, fmtCount(n)]);
}

export function logsView(input: LogsViewInput): SlackMessage {
  const { app, logs, timeZone: tz } = input;
  const label = appLabel(app);
  const blocks: KnownBlock[] = [header(`Logs · ${escapePlain(label)}`)];
  if (!input.workspaceConfigured) {
    blocks.push(...howToEnable(app));
    return finalize(
      blocks,
      `${escapeMrkdwn(label)}: no Log Analytics workspace configured; here is how to enable AppServiceHTTPLogs.`,
    );
  }
  const notRead = input.notRead ?? [];
  const notReadLine = unknownsLine({ unknowns: notRead }, undefined);
  const http5xxFailed = notRead.find((n) => n.signal === "logs.http5xx");
  const metricsFailed = notRead.some((n) => n.signal === "siteMetrics");
  const partly = notRead.some((n) => n.signal.startsWith("logs."));
  const total = (logs?.http5xx ?? []).reduce((s, r) => s + (r.count ?? 0), 0);
  const m5 = input.metrics5xx;
  if (!http5xxFailed && typeof m5 === "number" && m5 >= LOGS_CHECK_MIN_5XX && total < LOGS_FLOWING_SHARE * m5) {
    blocks.push(...notFlowing(app, m5));
    if (notReadLine) blocks.push(context([notReadLine]));
    return finalize(
      blocks,
      `${escapeMrkdwn(label)}: the metrics show ${fmtInt(m5)} 5xx but no HTTP logs reach the workspace; here is how to send AppServiceHTTPLogs.`,
    );
  }
  if (!logs || (total === 0 && !logs.failuresByPath?.length && !logs.platform?.length && !logs.console?.length)) {
    // Nothing in what was read: only "no 5xx" when every query answered, and not cross-checked when the metrics failed.
    const where = partly ? "in the log queries that answered" : "in the workspace";
    const unchecked = metricsFailed ? " Not cross-checked against the metrics' 5xx (not read)." : "";
    blocks.push(
      section(`No 5xx rows ${where} for this window (rows can lag the requests by 2–5 minutes).${unchecked}`),
    );
    if (notReadLine) blocks.push(context([notReadLine]));
    return finalize(
      blocks,
      partly
        ? `${escapeMrkdwn(label)}: no 5xx in the log queries that answered; some were not read.`
        : `${escapeMrkdwn(label)}: no 5xx in the logs for this window.`,
    );
  }
  let truncated = false;
  const cap = (rows: string[][]) => {
    truncated ||= rows.length > LOG_ROWS_INLINE;
    return rows.slice(0, LOG_ROWS_INLINE);
  };
  const status = byStatus(logs);
  blocks.push(
    section(
      http5xxFailed
        ? `*5xx by status.sub-status:* not read — ${escapeMrkdwn(http5xxFailed.reason)}`
        : `*5xx by status.sub-status* · ${fmtCount(total)} in total\n${table(["status", "count"], cap(status), ["left", "right"])}`,
    ),
  );
  const paths = [...(logs.failuresByPath ?? [])]
    .sort((a, b) => b.count - a.count)
    .map((p) => [p.path, fmtCount(p.count)]);
  if (paths.length) blocks.push(section(`*5xx by path*\n${table(["path", "count"], cap(paths), ["left", "right"])}`));
  const slow = (logs.slowFailures ?? []).map((p) => [
    p.path,
    fmtCount(p.count),
    fmtSeconds(p.p50Ms / 1000),
    fmtSeconds(p.maxMs / 1000),
  ]);
  if (slow.length) {
    blocks.push(
      section(
        `*5xx after ≥ 229 s* (the front-end timeout)\n${table(["path", "count", "p50", "max"], cap(slow), ["left", "right", "right", "right"])}`,
      ),
    );
  }
  const recent = [...(logs.platform ?? []), ...(logs.console ?? [])].sort((a, b) => b.t - a.t);
  if (recent.length) {
    const rows = recent.map((l) => [fmtDateTime(l.t, tz), l.level ?? "", l.message]);
    blocks.push(
      section(`*Latest platform and console lines*\n${table(["time", "level", "message"], cap(rows), [], 120)}`),
    );
  }
  blocks.push(
    context([
      zoneNote(input.now ?? recent[0]?.t ?? 0, tz),
      "Source: Log Analytics (AppServiceHTTPLogs, AppServicePlatformLogs, AppServiceConsoleLogs)",
      ...(notReadLine ? [notReadLine] : []),
    ]),
  );
  const top = status[0];
  const text = http5xxFailed
    ? `${escapeMrkdwn(label)}: logs partly read; the 5xx by status could not be read.`
    : `${escapeMrkdwn(label)}: ${fmtCount(total)} 5xx in the logs${top ? `, mostly ${escapeMrkdwn(top[0])} (${top[1]})` : ""}.`;
  if (!http5xxFailed && typeof m5 === "number" && m5 > 0 && total < 0.5 * m5)
    blocks.splice(
      1,
      0,
      section(
        `_The logs hold ${fmtCount(total)} of the ${fmtCount(m5)} 5xx the metrics count: rows lag 2–5 minutes, or some instances do not send logs._`,
      ),
    );
  const file = truncated
    ? {
        filename: `logs-${fileStem(label)}.md`,
        title: fileSafe(escapeMrkdwn(`Logs of ${label}`)),
        content: fileSafe(
          [
            `# 5xx of ${escapeMrkdwn(label)}`,
            table(["status", "count"], status, ["left", "right"]),
            table(["path", "count"], paths, ["left", "right"]),
            table(["path", "count", "p50", "max"], slow, ["left", "right", "right", "right"]),
            table(
              ["time", "level", "message"],
              recent.map((l) => [fmtDateTime(l.t, tz), l.level ?? "", l.message]),
              [],
              1000,
            ),
          ].join("\n\n"),
        ),
      }
    : undefined;
  return finalize(blocks, text, { file });
}

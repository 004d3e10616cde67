// `/appsvc logs`: 5xx by status, sub-status and path from Log Analytics, or — without a workspace — how to
// send AppServiceHTTPLogs to one and point the bot at it.
import type { KnownBlock } from "@slack/types";
import type { AppRef, LogsData } from "../../core/snapshot.ts";
import { context, finalize, header, section } from "./blocks.ts";
import { code, escapeMrkdwn, escapePlain, fileSafe } from "./escape.ts";
import { fmtCount, fmtDateTime, fmtSeconds, zoneNote } from "./format.ts";
import { fileStem } from "./status.ts";
import { table } from "./table.ts";
import type { SlackMessage } from "./types.ts";
import { appLabel } from "./vocabulary.ts";

export interface LogsViewInput {
  app: AppRef;
  logs?: LogsData;
  workspaceConfigured: boolean;
  timeZone?: string;
  now?: number;
}

/** Rows kept in the message per table; the file has all of them. */
export const LOG_ROWS_INLINE = 10;

function howToEnable(app: AppRef): KnownBlock[] {
  const cli = `az monitor diagnostic-settings create --name appsvc-bot --resource ${app.id} --workspace <workspace-resource-id> --logs '[{"category":"AppServiceHTTPLogs","enabled":true},{"category":"AppServicePlatformLogs","enabled":true},{"category":"AppServiceConsoleLogs","enabled":true}]'`;
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
  const total = (logs?.http5xx ?? []).reduce((s, r) => s + (r.count ?? 0), 0);
  if (!logs || (total === 0 && !logs.failuresByPath?.length && !logs.platform?.length && !logs.console?.length)) {
    blocks.push(section("No 5xx rows in the workspace for this window (rows can lag the requests by 2–5 minutes)."));
    return finalize(blocks, `${escapeMrkdwn(label)}: no 5xx in the logs for this window.`);
  }
  let truncated = false;
  const cap = (rows: string[][]) => {
    truncated ||= rows.length > LOG_ROWS_INLINE;
    return rows.slice(0, LOG_ROWS_INLINE);
  };
  const status = byStatus(logs);
  blocks.push(
    section(
      `*5xx by status.sub-status* · ${fmtCount(total)} in total\n${table(["status", "count"], cap(status), ["left", "right"])}`,
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
    ]),
  );
  const top = status[0];
  const text = `${escapeMrkdwn(label)}: ${fmtCount(total)} 5xx in the logs${top ? `, mostly ${escapeMrkdwn(top[0])} (${top[1]})` : ""}.`;
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

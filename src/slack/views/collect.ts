// `/appsvc collect`: leads with the finding ("RD0003: w3wp private bytes 7.6 GB, 4.1× the other instances;
// started 00:14"), then one line per source — what it found, or why it has nothing (not on this OS, a
// permission with the action and role, the SCM site unreachable). The raw material goes into the thread.
import type { Button, KnownBlock } from "@slack/types";
import type { Collected } from "../../collect/collect.ts";
import type { ProcessOutlier } from "../../collect/process-outliers.ts";
import { appWorkers } from "../../collect/process-outliers.ts";
import type { ProcessRow, SourceProblem, SourceResult } from "../../collect/types.ts";
import { actions, context, fields, finalize, header, packLines, section } from "./blocks.ts";
import { dumpButton } from "./collect-button.ts";
import { code, escapeMrkdwn, escapePlain } from "./escape.ts";
import { fmtBytes, fmtCount, fmtTime, zoneNote } from "./format.ts";
import type { SlackMessage } from "./types.ts";
import { appLabel } from "./vocabulary.ts";

export interface CollectViewInput {
  collected: Collected;
  now: number;
  workspaceConfigured: boolean;
  /** Names of the files going into the thread. */
  files: string[];
  timeZone?: string;
}

const METRIC_WORDS: Record<ProcessOutlier["metric"], string> = {
  privateBytes: "private bytes",
  threads: "threads",
  handles: "handles",
  cpuSeconds: "CPU time",
};

function outlierValue(o: ProcessOutlier): string {
  if (o.metric === "privateBytes") return fmtBytes(o.value);
  if (o.metric === "cpuSeconds") return `${fmtCount(Math.round(o.value))} s`;
  return fmtCount(o.value);
}

/** "RD0003: w3wp private bytes 7.6 GB, 4.1× the other instances; started 00:14". Plain text, unescaped. */
export function outlierText(o: ProcessOutlier, timeZone?: string): string {
  const ratio = o.ratio !== undefined ? `, ${o.ratio.toFixed(1)}× the other instances` : " (the only instance)";
  const started = o.startedAt !== undefined ? `; started ${fmtTime(o.startedAt, timeZone)}` : "";
  return `${o.instance}: ${o.name} ${METRIC_WORDS[o.metric]} ${outlierValue(o)}${ratio}${started}`;
}

function problemLine(name: string, p: SourceProblem): string {
  const icon = p.kind === "unsupported" ? "➖" : "⚠️";
  return `${icon} *${name}:* ${escapeMrkdwn(p.message)}${p.hint ? ` ${escapeMrkdwn(p.hint)}` : ""}`;
}

function sourceLine<T>(name: string, r: SourceResult<T>, ok: (v: T) => string): string {
  return r.ok ? `✅ *${name}:* ${ok(r.value)}` : problemLine(name, r.problem);
}

export function collectView(input: CollectViewInput): SlackMessage {
  const c = input.collected;
  const tz = input.timeZone;
  const label = appLabel(c.app);
  const lead = leadFinding(c, tz);
  const blocks: KnownBlock[] = [header(`Collected: ${escapePlain(label)}`)];
  blocks.push(section(lead ? `*${escapeMrkdwn(lead)}*` : "*No source flagged anything in this window.*"));
  blocks.push(
    fields([
      `*OS*\n${c.os === "linux" ? (c.container ? "Linux (container)" : "Linux") : "Windows"}`,
      `*Instances*\n${escapeMrkdwn(c.snapshot.instances.map((i) => i.name).join(", ") || "none running")}`,
    ]),
  );
  const lines: string[] = [];
  lines.push(
    sourceLine("Diagnostics", c.diagnostics, (v) => {
      const f = v.summary.flagged;
      if (f.length === 0) return `no analysis or detector flagged anything (${v.read.results.length} run).`;
      return f
        .map((x) => `${code(x.id)}: ${escapeMrkdwn(x.messages.slice(0, 2).join(" · ") || "issue detected")}`)
        .join("; ");
    }),
  );
  lines.push(
    sourceLine("Container log", c.containerLog, (v) => {
      const s = v.summary;
      const crash = s.lastCrash ? ` Last crash line: ${code(s.lastCrash.slice(0, 300))}` : "";
      return `${fmtCount(s.lines.length)} lines, ${s.starts} container start${s.starts === 1 ? "" : "s"}, ${s.crashes} crash line${s.crashes === 1 ? "" : "s"}.${crash}`;
    }),
  );
  lines.push(
    sourceLine("Processes", c.processes, (v) => {
      const n = new Set(v.rows.map((r) => r.instance)).size;
      const o = v.outlier ? ` Outlier: ${escapeMrkdwn(outlierText(v.outlier, tz))}.` : " No outlier.";
      return `${v.rows.length} processes on ${n} instance${n === 1 ? "" : "s"}.${o}`;
    }),
  );
  lines.push(
    sourceLine(
      "Log stream",
      c.logStream,
      (v) => `${fmtBytes(v.bytes)} captured from ${code(v.host)}${v.truncated ? " (stopped at the size cap)" : ""}.`,
    ),
  );
  const changes = c.snapshot.changes.filter((e) => e.at >= c.snapshot.window.start);
  lines.push(
    changes.length
      ? `✅ *Changes:* ${changes
          .slice(-3)
          .map(
            (e) => `${escapeMrkdwn(e.kind)} at ${fmtTime(e.at, tz)}${e.caller ? ` by ${escapeMrkdwn(e.caller)}` : ""}`,
          )
          .join(", ")}${changes.length > 3 ? ` (+${changes.length - 3} more)` : ""}.`
      : "✅ *Changes:* no deployment or configuration change in the window.",
  );
  if (!input.workspaceConfigured)
    lines.push("➖ *HTTP logs:* no Log Analytics workspace is configured (AZURE_LOG_ANALYTICS_WORKSPACE_ID).");
  else if (c.snapshot.logs) {
    const by = new Map<string, number>();
    for (const r of c.snapshot.logs.http5xx)
      by.set(`${r.status}.${r.subStatus}`, (by.get(`${r.status}.${r.subStatus}`) ?? 0) + r.count);
    const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 3);
    lines.push(
      top.length
        ? `✅ *HTTP logs:* ${top.map(([k, n]) => `${fmtCount(n)} × ${escapeMrkdwn(k)}`).join(", ")}.`
        : "✅ *HTTP logs:* no 5xx in the window.",
    );
  } else lines.push("⚠️ *HTTP logs:* the workspace could not be read for this window.");
  blocks.push(...packLines(lines, "*Sources*"));
  if (c.processes.ok) {
    const table = processTable(c.processes.value.rows, tz);
    if (table) blocks.push(section(table));
    const buttons = dumpButtons(c);
    if (buttons.length) blocks.push(actions(buttons));
  }
  if (input.files.length) blocks.push(context([`Files in this thread: ${input.files.map((f) => code(f)).join(", ")}`]));
  blocks.push(context([`${zoneNote(input.now, tz)} · collected in ${(c.ms / 1000).toFixed(1)} s`]));
  const text = lead ? `${label}: ${lead}` : `${label}: evidence collected`;
  return finalize(blocks, escapeMrkdwn(text));
}

/** The one finding to lead with: a process outlier, else the newest container crash, else a detector's words. */
export function leadFinding(c: Collected, timeZone?: string): string | undefined {
  if (c.processes.ok && c.processes.value.outlier) return outlierText(c.processes.value.outlier, timeZone);
  if (c.containerLog.ok && c.containerLog.value.summary.lastCrash)
    return c.containerLog.value.summary.lastCrash.replace(/^\S+\s+(?:ERROR\s+-\s+)?/, "");
  if (c.diagnostics.ok) return c.diagnostics.value.summary.headline;
  return undefined;
}

/** The app's worker per instance, biggest first: one line each (the full list is in processes-….json). */
function processTable(rows: ProcessRow[], timeZone?: string): string | undefined {
  const workers = appWorkers(rows).sort((a, b) => (b.privateBytes ?? 0) - (a.privateBytes ?? 0));
  if (workers.length === 0) return undefined;
  const line = (w: ProcessRow) =>
    `${escapeMrkdwn(w.instance)} · ${escapeMrkdwn(w.name)} (PID ${w.pid}) · private ${fmtBytes(w.privateBytes)} · working set ${fmtBytes(w.workingSet)} · ${fmtCount(w.threads)} threads · ${fmtCount(w.handles)} handles · CPU ${w.cpuSeconds !== undefined ? `${fmtCount(Math.round(w.cpuSeconds))} s` : "n/a"} · since ${fmtTime(w.startedAt, timeZone)}`;
  const shown = workers.slice(0, 10);
  const more = workers.length - shown.length;
  return `*Processes (app worker per instance)*\n${shown.map(line).join("\n")}${more > 0 ? `\n_+ ${more} more in the file_` : ""}`;
}

/** Dump buttons (Windows): the outlier first, then the other instances' workers, at most five. */
function dumpButtons(c: Collected): Button[] {
  if (!c.processes.ok || c.os !== "windows") return [];
  const o = c.processes.value.outlier;
  const workers = appWorkers(c.processes.value.rows).sort((a, b) =>
    o && a.instance === o.instance
      ? -1
      : o && b.instance === o.instance
        ? 1
        : (b.privateBytes ?? 0) - (a.privateBytes ?? 0),
  );
  return workers.slice(0, 5).map((w) => dumpButton(c.app.id, w.instance, w.name, w.pid));
}

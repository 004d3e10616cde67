// /appsvc collect and the Collect button: the use case under the read deadline, the summary view, and the raw
// material as files in the thread (JSON, text, zip). Never throws: failures become the error view.
import { type Collected, type CollectResult, collect } from "../../collect/collect.ts";
import { appQueryText, type Intent } from "../../command/index.ts";
import type { RequestContext } from "../../door/request-context.ts";
import { withDeadline } from "../../reads/deadline.ts";
import type { Answer } from "../answer.ts";
import type { BotContext } from "../context.ts";
import type { UploadFile } from "../post.ts";
import { collectView } from "../views/collect.ts";
import { errorIdFor, errorView, refusalView, resolutionView } from "../views/index.ts";

export type CollectIntent = Extract<Intent, { verb: "collect" }>;

/** Leaves the deadline a margin to post the answer and its files. */
const ANSWER_MARGIN_MS = 1_000;

/** For a request the door admitted: its fleet is already scoped to the channel's binding. */
export async function answerCollect(bot: BotContext, intent: CollectIntent, ctx: RequestContext): Promise<Answer> {
  const q = appQueryText(intent.app);
  const zone = bot.zones.get(ctx.user);
  try {
    await bot.admission.turn();
    const fleet = ctx.fleet;
    const budgetMs = Math.max(1_000, bot.readDeadlineMs - ANSWER_MARGIN_MS);
    const logStream = {
      maxMs: Math.min(bot.collect.logStream.maxMs, Math.floor(budgetMs / 3)),
      maxBytes: bot.collect.logStream.maxBytes,
    };
    const now = bot.now();
    const r: CollectResult = await withDeadline(bot.readDeadlineMs, `the collect for ${q}`, (signal) =>
      collect(fleet, bot.collect.sources, {
        query: intent.app,
        ...(intent.app.slot ? { slot: intent.app.slot } : {}),
        ...(intent.instance ? { instance: intent.instance } : {}),
        windowMs: intent.window.ms,
        now,
        budgetMs,
        logStream,
        signal,
      }),
    );
    if (r.kind === "unknown" || r.kind === "ambiguous") return { message: resolutionView(r, q, "collect") };
    if (r.kind === "unknownInstance")
      return {
        message: refusalView(
          `${r.app.name} has no running instance ${r.instance}. Its instances: ${r.instances.join(", ") || "none"}. Run /appsvc collect ${r.app.name} without --instance to see them all.`,
        ),
      };
    const files = collectFiles(r);
    const timeZone = await zone;
    return {
      message: collectView({
        collected: r,
        now,
        workspaceConfigured: bot.logsConfigured,
        files: files.map((f) => f.filename),
        ...(timeZone ? { timeZone } : {}),
      }),
      files,
    };
  } catch (e) {
    const errorId = errorIdFor(e, "collect");
    ctx.log.warn({ err: e, errorId }, "collect failed");
    return { message: errorView(e, { verb: "collect", app: q, errorId }) };
  }
}

const stemOf = (c: Collected) =>
  (c.app.slot ? `${c.app.name}-${c.app.slot}` : c.app.name).replace(/[^A-Za-z0-9._-]+/g, "-") || "app";

/** The raw material, one file per source that answered. */
export function collectFiles(c: Collected): UploadFile[] {
  const stem = stemOf(c);
  const out: UploadFile[] = [];
  if (c.diagnostics.ok)
    out.push({
      filename: `diagnostics-${stem}.json`,
      title: `${c.app.name}: App Service diagnostics (analyses and detectors)`,
      content: JSON.stringify(c.diagnostics.value.read.raw, null, 2),
      snippetType: "json",
    });
  if (c.containerLog.ok) {
    const lines = c.containerLog.value.summary.lines.map(
      (l) => `${l.mark === "crash" ? "!! " : l.mark === "startup" ? ">> " : "   "}${l.text}`,
    );
    out.push({
      filename: `container-log-${stem}.txt`,
      title: `${c.app.name}: container log (>> startup, !! crash)`,
      content: `${lines.join("\n")}\n`,
      snippetType: "text",
    });
    const zip = c.containerLog.value.read.zip;
    if (zip)
      out.push({ filename: `container-logs-${stem}.zip`, title: `${c.app.name}: container log files`, content: zip });
  }
  if (c.processes.ok)
    out.push({
      filename: `processes-${stem}.json`,
      title: `${c.app.name}: processes per instance`,
      content: JSON.stringify(c.processes.value, null, 2),
      snippetType: "json",
    });
  if (c.logStream.ok)
    out.push({
      filename: `logstream-${stem}.txt`,
      title: `${c.app.name}: log stream capture from ${c.logStream.value.host}`,
      content: c.logStream.value.text || "(nothing arrived while the stream was open)\n",
      snippetType: "text",
    });
  return out;
}

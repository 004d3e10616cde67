// `/appsvc dump` and the Dump button on collect's process table: checks what a pure planner cannot (a dumps
// container is configured; the instance's processes, read now), then the usual proposal flow.
import { linuxDumpSteps } from "../../../approvals/plan-dump.ts";
import { problemOf } from "../../../collect/collect.ts";
import type { Intent } from "../../../command/index.ts";
import type { RequestContext } from "../../../door/request-context.ts";
import type { BotContext } from "../../context.ts";
import { refusalView } from "../../views/index.ts";
import { proposeFor, type Tell } from "./propose-flow.ts";

export type DumpIntent = Extract<Intent, { verb: "dump" }>;

export async function proposeDump(bot: BotContext, ctx: RequestContext, intent: DumpIntent, tell: Tell): Promise<void> {
  if (!bot.collect.dumpsConfigured)
    return tell(
      refusalView(
        "Memory dumps need a blob container: set APPSVC_DUMPS_CONTAINER_URL (https://<account>.blob.core.windows.net/<container>) and grant the bot's managed identity Storage Blob Data Contributor on it. Nothing was proposed.",
      ),
    );
  await proposeFor(bot, ctx, intent.app, "dump", tell, async (_d, snap) => {
    if (snap.site.os === "linux") return linuxDumpSteps(snap.app.name);
    const inst = snap.instances.find((i) => i.name.toLowerCase() === intent.instance.toLowerCase());
    if (!inst)
      return `${snap.app.name} has no instance ${intent.instance} (instances: ${snap.instances.map((i) => i.name).join(", ") || "none running"}).`;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new Error("deadline")), bot.readDeadlineMs);
    try {
      const processes = await bot.collect.sources.processes(snap.app, [inst.name], ac.signal);
      return {
        kind: "intent",
        intent: {
          verb: "dump",
          instance: inst.name,
          ...(intent.process !== undefined ? { process: intent.process } : {}),
          processes,
        },
      };
    } catch (e) {
      const p = problemOf(e);
      return `Could not list the processes on ${inst.name}: ${p.message}${p.hint ? ` ${p.hint}` : ""}`;
    } finally {
      clearTimeout(timer);
    }
  });
}

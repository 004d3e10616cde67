// Container (docker) logs of a Linux or custom-container app: WebApps_GetWebSiteContainerLogs (POST
// …/containerlogs, the last lines as application/octet-stream) and WebApps_GetContainerLogsZip (POST
// …/containerlogs/zip/download, application/zip). The spec allows 200 and 204: a Windows code app has no
// container, so it answers 204 No Content.
import { dockerLogLines } from "../collect/docker-log.ts";
import type { SimPlan, SimSite } from "../fleet.ts";
import type { Ctx, Reply } from "../http.ts";
import { zip } from "../wire/zip.ts";
import { baseName } from "../world.ts";
import { siteParam } from "./common.ts";

const TAIL_MS = 60 * 60_000;

const isLinux = (site: SimSite, plan: SimPlan) => plan.reserved || site.kind.includes("linux");

export function containerLogs(ctx: Ctx): Reply {
  const { site, plan } = siteParam(ctx);
  if (!isLinux(site, plan)) return { status: 204 };
  const lines = dockerLogLines(site, plan, ctx.now - TAIL_MS, ctx.now);
  return { status: 200, headers: { "content-type": "application/octet-stream" }, raw: `${lines.join("\n")}\n` };
}

export function containerLogsZip(ctx: Ctx): Reply {
  const { site, plan } = siteParam(ctx);
  if (!isLinux(site, plan)) return { status: 204 };
  const day = new Date(ctx.now).toISOString().slice(0, 10).replaceAll("-", "_");
  const instance = plan.workers[0] ?? "lw0sdlwk000000";
  const body = zip(
    [
      {
        name: `LogFiles/${day}_${instance}_default_docker.log`,
        content: `${dockerLogLines(site, plan, ctx.now - 24 * TAIL_MS, ctx.now).join("\n")}\n`,
      },
      { name: `LogFiles/${day}_${instance}_docker.log`, content: `Site: ${baseName(site)}\n` },
    ],
    ctx.now,
  );
  return { status: 200, headers: { "content-type": "application/zip" }, raw: body };
}

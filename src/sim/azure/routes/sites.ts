// Reads of Microsoft.Web/sites: list (paged), get, slots, instances, deployments, processes.

import { MINUTE, type SimPlan, type SimSite } from "../fleet.ts";
import { type Ctx, ok, type Reply } from "../http.ts";
import { resourceNotFound } from "../wire/errors.ts";
import { instanceWire, siteWire } from "../wire/site.ts";
import { isoSeconds } from "../wire/time.ts";
import { checkResourceGroup, checkSubscription, planId, planOf, same, siteId } from "../world.ts";
import { capacityNow, lastModified, page, siteParam } from "./common.ts";

const API = "2025-05-01";

export function siteBody(ctx: Ctx, site: SimSite, plan: SimPlan): Record<string, unknown> {
  return siteWire(site, plan, capacityNow(ctx, site, plan), lastModified(ctx, site), planId(plan));
}

export function listSites(ctx: Ctx): Reply {
  const { sub, rg } = ctx.params;
  const fleet = ctx.state.fleet;
  if (rg === undefined) checkSubscription(fleet, sub);
  else checkResourceGroup(fleet, sub, rg);
  const sites = fleet.sites.filter(
    (s) => same(s.subscriptionId, sub) && (rg === undefined || same(s.resourceGroup, rg)),
  );
  return ok(
    page(
      ctx,
      sites.map((s) => siteBody(ctx, s, planOf(fleet, s))),
      API,
    ),
  );
}

export function getSite(ctx: Ctx): Reply {
  const { site, plan } = siteParam(ctx);
  return ok(siteBody(ctx, site, plan));
}

export function listSlots(ctx: Ctx): Reply {
  const { site } = siteParam(ctx);
  const fleet = ctx.state.fleet;
  return ok(
    page(
      ctx,
      site.slots.map((s) => siteBody(ctx, s, planOf(fleet, s))),
      API,
    ),
  );
}

export function listInstances(ctx: Ctx): Reply {
  const { site, plan } = siteParam(ctx);
  const index = ctx.state.sampler.index(site, plan);
  const running = index.runningAt(ctx.now);
  const workers = plan.workers.slice(0, index.plan.capacityAt(ctx.now));
  return ok({ value: workers.map((w) => instanceWire(site, w, running)) });
}

export function getInstance(ctx: Ctx): Reply {
  const { site, plan } = siteParam(ctx);
  const index = ctx.state.sampler.index(site, plan);
  const worker = plan.workers.slice(0, index.plan.capacityAt(ctx.now)).find((w) => same(w, ctx.params.instance));
  if (!worker)
    throw resourceNotFound("Microsoft.Web/sites/instances", `${site.name}/${ctx.params.instance}`, site.resourceGroup);
  return ok(instanceWire(site, worker, index.runningAt(ctx.now)));
}

/** Kudu deployment status codes: 4 = Success, 3 = Failed. */
export function listDeployments(ctx: Ctx): Reply {
  const { site } = siteParam(ctx);
  const deployments = site.timeline
    .filter((e) => e.type === "deployment" && e.at <= ctx.now)
    .sort((a, b) => b.at - a.at)
    .flatMap((e) => (e.type === "deployment" ? [e] : []));
  const activeId = deployments.find((d) => d.status === "Success" && d.endAt <= ctx.now)?.id;
  const value = deployments.map((d) => {
    const done = d.endAt <= ctx.now;
    return {
      id: `${siteId(site)}/deployments/${d.id}`,
      name: d.id,
      type: site.slot ? "Microsoft.Web/sites/slots/deployments" : "Microsoft.Web/sites/deployments",
      properties: {
        status: done ? (d.status === "Success" ? 4 : 3) : 1,
        message: done
          ? d.status === "Success"
            ? "Deployment succeeded."
            : "Deployment failed."
          : "Deployment in progress.",
        author: d.caller ?? "N/A",
        deployer: "ZipDeploy",
        author_email: d.caller ?? "N/A",
        start_time: isoSeconds(d.at),
        end_time: done ? isoSeconds(d.endAt) : undefined,
        active: d.id === activeId,
        details: `https://${site.name}.scm.azurewebsites.net/api/deployments/${d.id}/log`,
      },
    };
  });
  return ok({ value });
}

/** One w3wp-like process on the first instance, sized from the latest complete minute's sample. */
export function listProcesses(ctx: Ctx): Reply {
  const { site, plan } = siteParam(ctx);
  const t = Math.floor(ctx.now / MINUTE) * MINUTE - MINUTE;
  const first = ctx.state.sampler.siteMinute(site, plan, t)[0];
  if (!first || !ctx.state.sampler.index(site, plan).runningAt(t)) return ok({ value: [] });
  const s = first.sample;
  const uptime = ctx.state.sampler.index(site, plan).minutesSinceStart(t, first.instance, 0);
  const linux = plan.reserved || site.kind.includes("linux");
  return ok({
    value: [
      {
        id: `${siteId(site)}/processes/4711`,
        name: "4711",
        type: "Microsoft.Web/sites/processes",
        properties: {
          identifier: 4711,
          deployment_name: site.name,
          href: `https://${site.name}.scm.azurewebsites.net/api/processes/4711`,
          file_name: linux ? "/usr/local/bin/node" : "D:\\Windows\\SysWOW64\\inetsrv\\w3wp.exe",
          is_scm_site: false,
          is_webjob: false,
          thread_count: s.Threads,
          handle_count: s.Handles,
          working_set: s.MemoryWorkingSet,
          private_memory: s.PrivateBytes,
          start_time: isoSeconds(t - uptime * MINUTE),
          time_stamp: isoSeconds(t),
        },
      },
    ],
  });
}

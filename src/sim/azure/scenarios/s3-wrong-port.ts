// S3: a new container image listens on port 3000 while App Service pings port 80 (WEBSITES_PORT unset).
// The image tag changes at T0+10 (config write); from T0+12 every request is a 503 and the platform log
// repeats "didn't respond to HTTP pings on port: 80" every 4 min. Broken whenever the image's port differs
// from WEBSITES_PORT (default 80) as of 2 min earlier, so WEBSITES_PORT=3000 or a rollback to 2.3.9 fixes it.

import type { SampleContext, SimLogs, SimSite } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";
import { makeBehaviour } from "./behaviour.ts";
import { addPlan, addSite, siteConfig } from "./build.ts";
import type { Drivers } from "./defaults.ts";
import { profile } from "./defaults.ts";
import { type SiteHistory, siteHistory } from "./history.ts";
import { brokenSpans, cycleStarts } from "./spans.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

const IMAGE = "myacr.azurecr.io/api";
const CONTAINER = "api_0_1a2b";
const DELAY = 2 * MINUTE;
const CYCLE = 240_000;
const FAIL_AFTER = 230_000;
const START_AFTER = 20_000;

/** The port the image listens on: the 2.4.0 image moved to 3000. */
function imagePort(fx: unknown): number {
  return typeof fx === "string" && fx.endsWith(":2.4.0") ? 3000 : 80;
}

function expectedPort(settings: Record<string, string>): number {
  return Number(settings.WEBSITES_PORT ?? settings.PORT ?? 80) || 80;
}

function mismatchAt(history: SiteHistory, site: SimSite, t: number): boolean {
  return imagePort(history.configAt(site, t).linuxFxVersion) !== expectedPort(history.settingsAt(site, t));
}

export const s3: ScenarioDef = {
  appName: "orders-api",
  resourceGroup: "rg-orders",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const plan = addPlan(a.fleet, {
      subscriptionId: a.subscriptionId,
      resourceGroup: a.resourceGroup,
      name: a.planName,
      location: a.location,
      os: "linux",
      sku: "B1",
      capacity: 1,
    });
    const newFx = `DOCKER|${IMAGE}:2.4.0`;
    const config0 = siteConfig(plan, { linuxFxVersion: `DOCKER|${IMAGE}:2.3.9` });
    const appSettings = {
      WEBSITES_ENABLE_APP_SERVICE_STORAGE: "false",
      DOCKER_REGISTRY_SERVER_URL: "https://myacr.azurecr.io",
    };
    const history = siteHistory(config0, appSettings);
    const p = profile({
      os: "linux",
      r5: 800,
      paths: [
        ["/api/orders", 0.7],
        ["/api/orders/status", 0.3],
      ],
    });
    const adjust = (ctx: SampleContext, d: Drivers): void => {
      if (!mismatchAt(history, ctx.site, ctx.t - DELAY)) return;
      d.http5xx = d.requests;
      d.http4xx = 0;
      d.failStatus = 503;
      d.rt = 1.2 + 0.1 * d.nz("rt");
      d.rtMax = 2.5;
      d.failRt = d.rt;
      d.cpu = 6 + d.nz("cpu");
      d.cpuTime = 0.2 + 0.1 * d.nz("cpuTime");
      d.mem = 28 + d.nz("mem");
      d.workingSet = 45e6 * (1 + 0.05 * d.nz("ws"));
      d.threads = 12;
    };
    const spans = (site: SimSite, from: number, to: number) =>
      brokenSpans(site, (t) => mismatchAt(history, site, t), from, to);
    const platform = (site: SimSite, _plan: unknown, from: number, to: number): SimLogs["platform"] => {
      const out: SimLogs["platform"] = [];
      let cutoff = Number.POSITIVE_INFINITY;
      const line = (t: number, level: string, message: string) => {
        if (t >= from && t < to && t < cutoff) out.push({ t, level, message, containerId: CONTAINER });
      };
      for (const span of spans(site, from - CYCLE, to)) {
        for (const { start: c, cutoff: until } of cycleStarts(site, span, START_AFTER, CYCLE, from - CYCLE, to)) {
          cutoff = until;
          const port = expectedPort(history.settingsAt(site, c));
          const fx = String(history.configAt(site, c).linuxFxVersion).replace("DOCKER|", "");
          line(c - 5_000, "Informational", `Pulling image: ${fx}`);
          line(c - 2_000, "Informational", "Pull Image successful, Time taken: 0 Minutes and 3 Seconds");
          line(c, "Informational", "Starting container for site");
          line(c + 500, "Informational", `docker run -d --expose=${port} --name ${CONTAINER} ${fx}`);
          line(c + 1_000, "Informational", `Initiating warmup request to container ${CONTAINER} for site ${site.name}`);
          line(
            c + FAIL_AFTER,
            "Error",
            `Container ${CONTAINER} didn't respond to HTTP pings on port: ${port}, failing site start. See container logs for debugging.`,
          );
          line(c + FAIL_AFTER + 1_000, "Informational", `Stopping site ${site.name} because it failed during startup.`);
        }
        cutoff = Number.POSITIVE_INFINITY;
        if (span.end < to && span.end >= from - CYCLE) {
          const c = span.end + START_AFTER;
          const fx = String(history.configAt(site, c).linuxFxVersion).replace("DOCKER|", "");
          line(c, "Informational", "Starting container for site");
          line(
            c + 500,
            "Informational",
            `docker run -d --expose=${expectedPort(history.settingsAt(site, c))} --name ${CONTAINER} ${fx}`,
          );
          line(
            c + 80_000,
            "Informational",
            `Container ${CONTAINER} for site ${site.name} initialized successfully and is ready to serve requests.`,
          );
        }
      }
      return out.sort((x, y) => x.t - y.t);
    };
    const console = (site: SimSite, _plan: unknown, from: number, to: number): SimLogs["console"] => {
      const out: SimLogs["console"] = [];
      const line = (t: number, message: string) => {
        if (t >= from && t < to) out.push({ t, level: "Informational", message });
      };
      for (const span of spans(site, from - CYCLE, to)) {
        const starts = cycleStarts(site, span, START_AFTER, CYCLE, from - CYCLE, to).map((a) => a.start);
        if (span.end < to) starts.push(span.end + START_AFTER);
        for (const c of starts) {
          const fx = String(history.configAt(site, c).linuxFxVersion);
          line(c + 3_000, `> api@${fx.slice(fx.lastIndexOf(":") + 1)} start`);
          line(c + 3_100, "> node dist/server.js");
          line(c + 4_000, `Server listening on http://0.0.0.0:${imagePort(fx)}`);
        }
      }
      return out;
    };
    return addSite(a.fleet, {
      plan,
      resourceGroup: a.resourceGroup,
      name: a.appName,
      kind: "app,linux,container",
      config: { ...config0, linuxFxVersion: newFx },
      appSettings,
      tags: { env: "prod", team: "orders" },
      timeline: [
        { at: a.t0 + 10 * MINUTE, type: "config", patch: { linuxFxVersion: newFx }, caller: "ci-deploy@contoso.com" },
      ],
      logsEnabled: true,
      behaviour: makeBehaviour({ profile: p, history, seed: a.fleet.seed, adjust, platform, console }),
    });
  },
};

// S4: a Java build deployed at T0 needs ~317 s to start, past the 230 s default start time limit. The
// platform starts the container at T0+1, gives up 230 s later, and retries every limit + 40 s; every
// request is a 503 from T0+2. Raising WEBSITES_CONTAINER_START_TIME_LIMIT above the startup time (or
// deploying another build) fixes it once the next start completes; a restart only re-anchors the cycle.

import type { SampleContext, SimLogs, SimSite } from "../fleet.ts";
import { MINUTE } from "../fleet.ts";
import { makeBehaviour } from "./behaviour.ts";
import { addPlan, addSite, siteConfig } from "./build.ts";
import { clamp01, type Drivers, profile } from "./defaults.ts";
import { siteHistory } from "./history.ts";
import { brokenSpans, cycleStarts } from "./spans.ts";
import type { ScenarioArgs, ScenarioDef } from "./types.ts";

const BAD_BUILD = "5c6d2f1e9a";
const CONTAINER = "billing-java_0_5c6d";
export const S4_STARTUP_MS = 317_000;
const DEFAULT_LIMIT_S = 230;
const START_AFTER = 60_000;
const RETRY_GAP = 40_000;
const PROGRESS = [12, 35, 56, 71];

export const s4: ScenarioDef = {
  appName: "billing-java",
  resourceGroup: "rg-billing",
  location: "West Europe",
  add(a: ScenarioArgs) {
    const plan = addPlan(a.fleet, {
      subscriptionId: a.subscriptionId,
      resourceGroup: a.resourceGroup,
      name: a.planName,
      location: a.location,
      os: "linux",
      sku: "P1v3",
      capacity: 1,
    });
    const config = siteConfig(plan, { linuxFxVersion: "JAVA|17-java17" });
    const appSettings = { JAVA_OPTS: "-Xmx2g", SPRING_PROFILES_ACTIVE: "prod" };
    const history = siteHistory(config, appSettings);
    const p = profile({
      os: "linux",
      r5: 1200,
      paths: [
        ["/api/invoices", 0.7],
        ["/api/customers", 0.3],
      ],
    });
    const limitMs = (site: SimSite, t: number) =>
      1000 * (Number(history.settingsAt(site, t).WEBSITES_CONTAINER_START_TIME_LIMIT) || DEFAULT_LIMIT_S);
    const buildAt = (site: SimSite, t: number): string | undefined => {
      let id: string | undefined;
      for (const e of site.timeline) if (e.type === "deployment" && e.status === "Success" && e.endAt <= t) id = e.id;
      return id;
    };
    const broken = (site: SimSite, t: number) => buildAt(site, t) === BAD_BUILD && limitMs(site, t) < S4_STARTUP_MS;
    const spans = (site: SimSite, from: number, to: number) => brokenSpans(site, (t) => broken(site, t), from, to);
    const period = (site: SimSite) => (anchor: number) => limitMs(site, anchor) + RETRY_GAP;
    /** The start attempt in progress at t, if t lies in a failing span or in the good start right after it. */
    const attempt = (site: SimSite, t: number): { start: number; limit: number } | undefined => {
      for (const span of spans(site, t - 2 * MINUTE - S4_STARTUP_MS, t + 1)) {
        if (t < span.start + 2 * MINUTE) continue;
        const fixStart = span.end + START_AFTER;
        if (t >= fixStart) {
          if (t < fixStart + S4_STARTUP_MS) return { start: fixStart, limit: Number.POSITIVE_INFINITY };
          continue;
        }
        const starts = cycleStarts(site, span, START_AFTER, period(site), t - 30 * MINUTE, t + 1);
        const start = starts[starts.length - 1]?.start ?? span.start;
        return { start, limit: limitMs(site, start) };
      }
      return undefined;
    };
    const adjust = (ctx: SampleContext, d: Drivers): void => {
      const at = attempt(ctx.site, ctx.t);
      if (!at) return;
      const phase = ctx.t + 30_000 - at.start;
      const booting = phase >= 0 && phase < Math.min(at.limit, S4_STARTUP_MS);
      const progress = booting ? clamp01(phase / Math.min(at.limit, 230_000)) : 0;
      d.http5xx = d.requests;
      d.http4xx = 0;
      d.failStatus = 503;
      d.rt = 0.9 + 0.05 * d.nz("rt");
      d.rtMax = 2;
      d.failRt = d.rt;
      d.cpu = 20 + 65 * progress + d.nz("cpu");
      d.mem = 30 + 35 * progress + 0.5 * d.nz("mem");
      d.workingSet = 0.4e9 + 1.2e9 * progress;
      d.threads = 20 + 40 * progress;
    };
    const platform = (site: SimSite, _plan: unknown, from: number, to: number): SimLogs["platform"] => {
      const out: SimLogs["platform"] = [];
      let cutoff = Number.POSITIVE_INFINITY;
      const line = (t: number, level: string, message: string) => {
        if (t >= from && t < to && t < cutoff) out.push({ t, level, message, containerId: CONTAINER });
      };
      const starting = (c: number) => {
        line(c, "Informational", "Starting container for site");
        line(c + 500, "Informational", `docker run -d --expose=8080 --name ${CONTAINER} appsvc/java:17-java17`);
        line(c + 1_000, "Informational", `Initiating warmup request to container ${CONTAINER} for site ${site.name}`);
        for (const s of [60, 120, 180]) {
          line(
            c + s * 1000,
            "Informational",
            `Waiting for response to warmup request for container ${CONTAINER}. Elapsed time = ${s}.0 sec`,
          );
        }
      };
      for (const span of spans(site, from - 10 * MINUTE, to)) {
        for (const { start: c, cutoff: until } of cycleStarts(
          site,
          span,
          START_AFTER,
          period(site),
          from - 10 * MINUTE,
          to,
        )) {
          cutoff = until;
          const limit = limitMs(site, c);
          starting(c);
          line(
            c + limit,
            "Error",
            `Container ${CONTAINER} for site ${site.name} did not start within expected time limit. Elapsed time = ${(limit / 1000).toFixed(1)} sec`,
          );
          line(
            c + limit + 500,
            "Error",
            `Container ${CONTAINER} didn't respond to HTTP pings on port: 8080, failing site start. See container logs for debugging.`,
          );
          line(c + limit + 1_000, "Informational", `Stopping site ${site.name} because it failed during startup.`);
        }
        cutoff = Number.POSITIVE_INFINITY;
        const fix = span.end + START_AFTER;
        if (Number.isFinite(fix)) {
          starting(fix);
          line(
            fix + S4_STARTUP_MS,
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
      const boot = (c: number, until: number) => {
        line(c + 4_000, "Starting BillingApplication v3.8.0 using Java 17.0.11 with PID 1");
        line(c + 6_000, 'No active profile set, falling back to 1 default profile: "default"');
        for (const pct of PROGRESS) {
          const at = c + Math.round((pct / 71) * 225_000);
          if (at < until) line(at, `Loading reference cache… ${pct}%`);
        }
      };
      for (const span of spans(site, from - 10 * MINUTE, to)) {
        for (const { start: c, cutoff } of cycleStarts(site, span, START_AFTER, period(site), from - 10 * MINUTE, to)) {
          boot(c, Math.min(cutoff, c + limitMs(site, c)));
        }
        const fix = span.end + START_AFTER;
        if (Number.isFinite(fix)) {
          boot(fix, Number.POSITIVE_INFINITY);
          line(fix + 300_000, "Loading reference cache… 100%");
          line(fix + 315_000, "Tomcat started on port 8080 (http) with context path ''");
          line(fix + 316_900, "Started BillingApplication in 316.9 seconds (process running for 317.4)");
        }
      }
      return out.sort((x, y) => x.t - y.t);
    };
    return addSite(a.fleet, {
      plan,
      resourceGroup: a.resourceGroup,
      name: a.appName,
      config,
      appSettings,
      tags: { env: "prod", team: "billing" },
      timeline: [
        {
          at: a.t0 - 3 * 24 * 60 * MINUTE,
          type: "deployment",
          id: "9e8d7c6b5a",
          status: "Success",
          endAt: a.t0 - 3 * 24 * 60 * MINUTE + 95_000,
          caller: "github-actions",
        },
        { at: a.t0, type: "deployment", id: BAD_BUILD, status: "Success", endAt: a.t0, caller: "github-actions" },
      ],
      logsEnabled: true,
      behaviour: makeBehaviour({ profile: p, history, seed: a.fleet.seed, adjust, platform, console }),
    });
  },
};

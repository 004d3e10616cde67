// Which plans each rule proposes, in the order the rule catalogue gives them (docs/rules.md).

import { presetFor } from "../autoheal-presets.ts";
import type { RuleContext } from "../derived/context.ts";
import { processLimitBytes } from "../derived/memory.ts";
import type { Mitigation, RuleId, RuleResult } from "../diagnosis.ts";
import { humanNumber } from "../human.ts";
import { requestsBaseline } from "../rules/load.ts";
import { isCustomContainer } from "../rules/r05a-container-port.ts";
import { isFreeOrShared } from "../skus.ts";
import { capacityPlan, cpuScaleUp, memoryScaleUp, minTwoInstances, rollback } from "./by-rule-helpers.ts";
import {
  appSetting,
  autoHeal,
  healthCheck,
  investigate,
  type PlanInput,
  rebootWorker,
  restartApp,
  scaleUp,
  siteConfig,
  startApp,
  swapBack,
  waitForPlatform,
} from "./plans.ts";

export type Results = ReadonlyMap<RuleId, RuleResult>;
type Planner = (r: RuleResult, ctx: RuleContext, p: PlanInput, all: Results) => Mitigation[];

const num = (r: RuleResult, k: string) => Number(r.facts?.[k]);
/** The config was read and has no health check path (unread is not "none": nothing is proposed then). */
const noHealthCheck = (c: RuleContext) => c.s.config !== undefined && !c.s.config.healthCheckPath;
const str = (r: RuleResult, k: string) => String(r.facts?.[k] ?? "");

/** One line naming the rule and its first figures: the "why" of every plan. */
export function whyOf(r: RuleResult): string {
  const figs = r.evidence
    .slice(0, 2)
    .map(
      (e) =>
        `${e.metric} ${humanNumber(e.observed)} ${e.comparison} ${humanNumber(e.threshold)}${e.instance ? ` on ${e.instance}` : ""}`,
    )
    .join("; ");
  return `${r.id} ${r.title} (${r.confidence})${figs ? `: ${figs}` : ""}`;
}

const PLANNERS: Record<RuleId, Planner> = {
  R01: (r, _c, p) => [
    waitForPlatform(p, "Follow the Azure incident; no restart or scale (it won't help)", {
      eventId: str(r, "eventId"),
      link: str(r, "link"),
      title: str(r, "eventTitle"),
      recheckMinutes: 15,
    }),
    investigate(p, "failover", "If the app runs in another region, fail traffic over (Front Door / Traffic Manager)", [
      "Shift traffic to the healthy region",
      "Re-check every 15 min",
    ]),
  ],
  R02: (r, c, p) => [
    waitForPlatform(p, "Planned maintenance: nothing to fix now", { title: str(r, "eventTitle"), recheckMinutes: 15 }),
    ...(noHealthCheck(c) ? [healthCheck(p)] : []),
    ...minTwoInstances(c, p),
    investigate(p, "warmup", "Warm new instances before traffic", [
      "Application Initialization or WEBSITE_SWAP_WARMUP_PING_PATH",
      "Local cache (Windows)",
    ]),
  ],
  R03: (r, _c, p) =>
    r.facts?.stopped
      ? [startApp(p)]
      : [
          investigate(p, "billing", "The app is disabled: check the subscription (billing limit)", [
            "Azure portal → Subscriptions → status",
          ]),
        ],
  R04: (_r, c, p) => [
    ...(isFreeOrShared(c.s.plan?.skuName, c.s.plan?.skuTier) ? [scaleUp(p, "B1", "quota")] : []),
    investigate(p, "quota", "Or wait for the quota reset (Quotas blade: “Resets in …”)", []),
  ],
  R05a: (r, c, p) => {
    const port = num(r, "listenPort");
    if (r.facts?.localOnly)
      return [
        investigate(p, "bind", "Bind the server to 0.0.0.0, not localhost", [
          "Fix the listen address in code or start command",
        ]),
      ];
    const container = isCustomContainer(c);
    if (port > 0 && container) return [appSetting(p, "WEBSITES_PORT", String(port), "Only one port can be exposed.")];
    if (port > 0 && container === undefined)
      return [
        investigate(
          p,
          "port",
          `The app listens on ${port}: for a custom image set WEBSITES_PORT=${port}, otherwise read PORT`,
          ["The site config (linuxFxVersion) was not read: whether this is a custom image is unknown"],
        ),
      ];
    if (port > 0)
      return [
        investigate(p, "port", `Make the app listen on the PORT variable (it listens on ${port})`, [
          "Read process.env.PORT / $PORT",
        ]),
      ];
    return [
      investigate(p, "port", "Find the port the image listens on and set WEBSITES_PORT to it", [
        "Check EXPOSE in the Dockerfile",
      ]),
    ];
  },
  R05b: (r, _c, p) => [
    appSetting(
      p,
      "WEBSITES_CONTAINER_START_TIME_LIMIT",
      String(num(r, "newLimitSec")),
      `Maximum 1800 s; startup ≈ ${num(r, "observedSec")} s.`,
    ),
    investigate(p, "startup", "Answer HTTP early (readiness) and cut startup work", [
      "Tune WEBSITE_WARMUP_PATH / WEBSITE_WARMUP_STATUSES",
    ]),
  ],
  R05c: (r, c, p) => [
    ...rollback(c, p),
    investigate(p, "startup-crash", "Fix the setting or code named in the trace; restart only after the fix", [
      str(r, "trace"),
    ]),
  ],
  R06: (r, c, p) => [
    ...rollback(c, p),
    investigate(
      p,
      "ancm",
      `ANCM ${str(r, "code")}: check the runtime, target framework and app settings (stdout log)`,
      ["500.37: reduce startup work (120 s limit)"],
    ),
  ],
  R07: (_r, c, p) => [
    investigate(
      p,
      "crash",
      c.isLinux
        ? "Read the console stack traces and fix the exception"
        : "Enable Crash Monitoring and fix the exception",
      ["Auto-heal does not fix crashes"],
    ),
    ...minTwoInstances(c, p),
    ...(noHealthCheck(c) ? [healthCheck(p)] : []),
  ],
  R08: (r, c, p) => {
    const out: Mitigation[] = [
      r.scope ? rebootWorker(p, r.scope.instance) : restartApp(p, "Memory is freed only until it grows back."),
    ];
    // Auto-heal's private-bytes trigger needs the real limit: unknown on Windows without the config (32-bit?).
    const limit = c.isWindows && !c.s.config ? undefined : processLimitBytes(c.s);
    if (c.isWindows && (r.facts?.leak || r.facts?.sawtooth)) {
      const ah = presetFor("mem", "windows", { limitBytes: limit });
      if (ah) out.push(autoHeal(p, ah.preset, ah.rules));
      out.push(
        investigate(p, "memory-dump", "Collect a memory dump to find the leak", [
          "Diagnose and solve problems → Collect memory dump",
        ]),
      );
    }
    if (r.facts?.use32 && !isFreeOrShared(c.s.plan?.skuName, c.s.plan?.skuTier))
      out.push(siteConfig(p, "use32BitWorkerProcess", false, "Switch to a 64-bit worker process"));
    if (!r.scope) out.push(...memoryScaleUp(c, p, num(r, "peakWorkingSetBytes")));
    if (num(r, "numberOfSites") >= 2)
      out.push(
        investigate(p, "shared-plan", `${num(r, "numberOfSites")} apps share the plan's memory`, [
          "Check the other apps' memory",
        ]),
      );
    return out;
  },
  R09: (r, c, p) => [
    r.scope ? rebootWorker(p, r.scope.instance) : restartApp(p, "A temporary fix: the hot code path comes back."),
    investigate(
      p,
      "cpu-profile",
      c.isWindows ? "Enable proactive CPU monitoring to capture a dump, then profile" : "Profile the hot code path",
      ["Scaling out only spreads the hot path around"],
    ),
    ...(r.scope ? [] : cpuScaleUp(c, p)),
  ],
  R10: (r, _c, p) => [
    investigate(
      p,
      "background-job",
      `Move ${str(r, "path") || "the long request"} to a background job and answer 202 + a status URL`,
      ["The 230 s / 240 s front-end limit is not configurable", "WebJobs or a queue worker; async request-reply"],
    ),
  ],
  R11: (_r, c, p, all) => {
    const r5 = requestsBaseline(c).value;
    const ah = presetFor("slow", c.isLinux ? "linux" : "windows", { r5, startupSec: startupOf(all) });
    return [
      investigate(p, "dependency", "Check the downstream dependency (DB, API, cache) for latency and errors", [
        "Scale out helps only if the dependency has spare capacity",
      ]),
      ...(ah ? [autoHeal(p, ah.preset, ah.rules)] : []),
      investigate(p, "async-io", "Async I/O, timeouts shorter than 230 s, circuit breakers", []),
    ];
  },
  R12: (r, c, p) => [
    investigate(p, "connection-pooling", "Reuse connections: HttpClientFactory, DB pools, keep-alive", [
      "One HttpClient per call exhausts SNAT ports",
    ]),
    ...(r.facts?.vnet
      ? []
      : [
          investigate(p, "vnet-nat", "Regional VNet integration with a NAT gateway or private endpoints", [
            "128 SNAT ports per destination per instance",
          ]),
        ]),
    ...capacityPlan(c, p, { kind: "sockets", peakSockets: num(r, "peakSockets") }),
    restartApp(p, "Frees ports only for a while."),
  ],
  R13: (r, c, p) => [
    ...(r.scope ? [rebootWorker(p, r.scope.instance)] : []),
    ...(noHealthCheck(c) ? [healthCheck(p, "/health", 2)] : []),
  ],
  R14: (r, _c, p) => [
    investigate(
      p,
      "health-check",
      str(r, "subcase") === "broken path"
        ? `Fix ${str(r, "path")}: 200–299 within 1 min, no redirect (turn on HTTPS Only), no auth`
        : "Find why the instances are unhealthy (R13/R08) and keep ≥ 2 instances",
      ["WEBSITE_HEALTHCHECK_MAXPINGFAILURES 2–10, WEBSITE_HEALTHCHECK_MAXUNHEALTHYWORKERPERCENT 1–100"],
    ),
  ],
  R15: (r, _c, p) =>
    r.facts?.blipOnly
      ? [investigate(p, "none", "A restart blip that recovered: no action needed (noted for the digest)", [])]
      : [
          ...(str(r, "changeKind") === "swap" && str(r, "targetSlot") ? [swapBack(p, str(r, "targetSlot"))] : []),
          investigate(
            p,
            "rollback",
            `Revert the ${str(r, "changeKind")} (${str(r, "operation")}) or redeploy the last good build`,
            [],
          ),
        ],
  R16: (r, c, p) => [
    // Facts only when the config was read: neither is proposed for a setting whose value is unknown.
    ...(r.facts?.healthCheck === false ? [healthCheck(p)] : []),
    ...(r.facts?.alwaysOn === false &&
    !isFreeOrShared(c.s.plan?.skuName, c.s.plan?.skuTier) &&
    !c.s.plan?.elasticScaleEnabled
      ? [siteConfig(p, "alwaysOn", true, "Turn Always On")]
      : []),
    investigate(p, "warmup", "Application Initialization / WEBSITE_SWAP_WARMUP_PING_PATH for swaps", []),
  ],
  R17: (r, c, p) => [
    ...capacityPlan(c, p, {
      kind: "cpu",
      peakCpu: num(r, "peakCpu"),
      baselineCpu: num(r, "baselineCpu"),
      loadRatio: num(r, "loadRatio"),
    }),
    investigate(p, "autoscale-rule", "Add an autoscale rule: CPU > 70 % → +1, < 30 % → −1", []),
  ],
  R18: (_r, _c, p) => [
    investigate(p, "isolate", "Move the heavy app (or this one) to its own plan, or use per-app scaling", [
      "About 8 apps per B1/S1/P0v3, 16 per P1v3",
    ]),
  ],
  R19: () => [],
  R20: (_r, _c, p) => [
    investigate(
      p,
      "app-errors",
      "Read the Application Insights exceptions for the window; run the Web App Down detector",
      ["Don't scale: the app itself throws"],
    ),
  ],
};

/** Observed container startup (R05b) guards auto-heal's minProcessExecutionTime. */
function startupOf(all: Results): number | undefined {
  const r = all.get("R05b");
  return r?.fired ? Number(r.facts?.observedSec) : undefined;
}

export function plansFor(r: RuleResult, ctx: RuleContext, all: Results): Mitigation[] {
  const p: PlanInput = { s: ctx.s, rule: r.id, why: whyOf(r) };
  return PLANNERS[r.id](r, ctx, p, all);
}

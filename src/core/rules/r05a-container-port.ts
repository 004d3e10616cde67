// R05a · P3 · Linux container not reachable: wrong port or bind address.

import { judged, type RuleContext } from "../derived/context.ts";
import { isLocalOnly, listeners, pingFailures } from "../derived/logs.ts";
import { rangeMax } from "../derived/stats.ts";
import { type Confidence, type Evidence, raise } from "../diagnosis.ts";
import { fired, notFired, type Rule } from "./rule.ts";

/** Ports the platform probes by default: an image listening elsewhere needs WEBSITES_PORT. */
export const R05A_DEFAULT_PORTS: readonly number[] = [80, 8080];
/** Corroboration: every request fails (503) … */
export const R05A_OUTAGE_RATE = 0.95;
const TITLE = "Linux container not reachable: it listens on another port or on localhost";

export const PLATFORM_LOGS = "AppServicePlatformLogs";
export const CONSOLE_LOGS = "AppServiceConsoleLogs";

/** A custom image: by the site's kind or its linuxFxVersion; undefined when the kind does not say and the config was not read. */
export function isCustomContainer(ctx: Pick<RuleContext, "s">): boolean | undefined {
  if (ctx.s.site?.isContainer === true) return true;
  if (!ctx.s.config) return undefined;
  return /^docker\|/i.test(ctx.s.config.linuxFxVersion ?? "");
}

export function evaluateR05a(ctx: RuleContext) {
  if (!ctx.isLinux) return notFired("R05a", TITLE, "not a Linux app");
  if (!ctx.hasLogs) return notFired("R05a", TITLE, "no Log Analytics workspace: platform messages unknown");
  const w = judged(ctx);
  const pings = pingFailures(ctx.s.logs);
  if (pings.length === 0) return notFired("R05a", TITLE, 'no "didn\'t respond to HTTP pings" message');
  const x = pings.at(-1)!.port;
  const heard = listeners(ctx.s.logs);
  const l = heard.at(-1);
  const settings = ctx.s.appSettings;
  const portSetting = settings ? settings.WEBSITES_PORT : undefined;
  const container = isCustomContainer(ctx);
  const evidence: Evidence[] = [
    {
      metric: "platform log",
      aggregation: "message",
      window: { start: pings[0].t, end: pings.at(-1)!.t },
      observed: `didn't respond to HTTP pings on port: ${x} (×${pings.length})`,
      threshold: "didn't respond to HTTP pings on port: X",
      comparison: "matches",
      source: PLATFORM_LOGS,
    },
  ];
  const wrongPort = l !== undefined && l.port !== x;
  const localOnly = l !== undefined && isLocalOnly(l);
  // (c) a custom image with WEBSITES_PORT unset (settings readable) and no console evidence either way.
  const unsetPort =
    container === true &&
    settings !== undefined &&
    !portSetting &&
    (l === undefined || !R05A_DEFAULT_PORTS.includes(l.port));
  if (l)
    evidence.push({
      metric: "console log",
      aggregation: "message",
      window: { start: l.t, end: l.t },
      observed: l.message,
      threshold: localOnly ? "bind 0.0.0.0" : `listener on port ${x}`,
      comparison: localOnly ? "!=" : "!=",
      source: CONSOLE_LOGS,
      note: localOnly ? `binds ${l.host} only` : `listens on ${l.port}`,
    });
  if (!wrongPort && !localOnly && !unsetPort)
    return notFired("R05a", TITLE, l ? `the app listens on the probed port ${x}` : "no listener evidence", evidence);
  if (unsetPort && !l)
    evidence.push({
      metric: "app setting WEBSITES_PORT",
      aggregation: "property",
      window: w,
      observed: "unset",
      threshold: "set for a custom image",
      comparison: "==",
      source: `POST ${ctx.s.app?.id}/config/appsettings/list`,
    });
  let confidence: Confidence = wrongPort || localOnly ? "High" : "Medium";
  const rate = rangeMax(ctx.inc.err5xx, ctx.range.from, ctx.range.to);
  const change = ctx.changes.some((c) => c.kind === "config" || c.kind === "deployment");
  if (confidence === "Medium" && rate >= R05A_OUTAGE_RATE && change) confidence = raise(confidence);
  return fired("R05a", confidence, TITLE, evidence, {
    facts: {
      pingPort: x,
      listenPort: l?.port ?? 0,
      localOnly,
      container: container ?? "unknown",
      portSetting: portSetting ?? "",
    },
  });
}

export const R05a: Rule = {
  id: "R05a",
  precedence: 3,
  title: TITLE,
  kind: "incident",
  needsLogs: true,
  evaluate: evaluateR05a,
};

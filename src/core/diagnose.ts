// diagnose(snapshot): ranked causes of 502/503 with evidence and concrete mitigations. Pure; never throws.
// The model is described in docs/rules.md; the words in docs/glossary.md.

import { buildContext, type RuleContext } from "./derived/context.ts";
import { rangeMax, rangeSum } from "./derived/stats.ts";
import type { Diagnosis, Evidence, Finding, IncidentWindow, RuleResult, Verdict } from "./diagnosis.ts";
import { type Evaluation, evaluateRules, precedenceOf } from "./evaluate.ts";
import { humanCount, humanDuration, humanRate } from "./human.ts";
import { assemble } from "./mitigations/assemble.ts";
import type { Snapshot } from "./snapshot.ts";

export interface DiagnoseOptions {
  /** The user asked for a diagnosis: without an incident every rule still runs (findings are minor). */
  explicit?: boolean;
  now?: number;
}

export const INTERNAL_ERROR = "internal error";

export function diagnose(snapshot: Snapshot, opts: DiagnoseOptions = {}): Diagnosis {
  try {
    return run(snapshot, opts);
  } catch (e) {
    const w = snapshot?.window ?? { start: 0, end: 0 };
    return {
      appId: snapshot?.app?.id ?? "",
      verdict: "insufficient-data",
      summary: "Could not diagnose this snapshot.",
      window: w,
      contributing: [],
      advisories: [],
      setAside: [],
      evidence: [],
      mitigations: [],
      unknowns: [`${INTERNAL_ERROR}: ${String(e)}`],
      baselineSource: "none",
      ruleResults: [],
    };
  }
}

function run(s: Snapshot, opts: DiagnoseOptions): Diagnosis {
  const ctx = buildContext(s, opts);
  const ev = evaluateRules(ctx);
  const ordered = [...(ev.primary ? [ev.primary] : []), ...ev.contributing, ...ev.advisories];
  const plan = assemble(ctx, ordered, ev.primary, ev.byId);
  // R19's required signal is a proposed capacity change: without one the guard stays silent.
  const r19 = ev.byId.get("R19");
  if (r19?.fired && !plan.capacityChange) {
    const quiet: RuleResult = {
      ...r19,
      fired: false,
      note: "autoscale governs the plan, but no capacity change was proposed",
    };
    ev.byId.set("R19", quiet);
    ev.results[ev.results.indexOf(r19)] = quiet;
    ev.advisories = ev.advisories.filter((a) => a.id !== "R19");
  }
  const verdict = verdictOf(ctx, ev);
  const incidentWindow = incidentWindowOf(ctx);
  const finding = (r: RuleResult): Finding => ({
    id: r.id,
    title: r.title,
    confidence: r.confidence,
    precedence: precedenceOf(r.id),
    evidence: r.evidence,
    ...(r.scope ? { scope: r.scope } : {}),
    ...(r.minor ? { minor: true } : {}),
  });
  const primary = ev.primary ? finding(ev.primary) : undefined;
  const contributing = ev.contributing.map(finding);
  const advisories = ev.advisories.map(finding);
  const setAside = ev.setAside.map((x) => ({ ...finding(ev.byId.get(x.id)!), by: x.by, reason: x.reason }));
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  for (const f of [...(primary ? [primary] : []), ...contributing])
    for (const e of f.evidence) {
      const k = JSON.stringify(e);
      if (!seen.has(k)) {
        seen.add(k);
        evidence.push(e);
      }
    }
  return {
    appId: s.app?.id ?? "",
    verdict,
    summary: summaryOf(ctx, verdict, primary, contributing, advisories, incidentWindow),
    window: s.window,
    ...(incidentWindow ? { incidentWindow } : {}),
    ...(primary ? { primary } : {}),
    contributing,
    advisories,
    setAside,
    evidence,
    mitigations: plan.mitigations,
    unknowns: unknownsOf(ctx),
    baselineSource: ctx.base.hasSnapshot ? "snapshot" : ctx.base.quietBuckets > 0 ? "lookback" : "none",
    ruleResults: ev.results,
  };
}

function verdictOf(ctx: RuleContext, ev: Evaluation): Verdict {
  const id = ev.primary?.id;
  if (id === "R03") return "stopped";
  if (id === "R04") return "quota";
  if (id === "R01" || id === "R02") return "platform";
  if (ctx.hasIncident) return "incident";
  if (!ctx.inc.requestsKnown && !ctx.inc.http5xxKnown) return "insufficient-data";
  return "no-incident";
}

/** Quiet minutes after the last incident minute before an incident counts as ended (one full sliding window). */
export const ENDED_AFTER_MS = 5 * 60_000;

function incidentWindowOf(ctx: RuleContext): IncidentWindow | undefined {
  const w = ctx.inc.window;
  const mw = ctx.inc.minuteWindow;
  if (!w || !mw) return undefined;
  let buckets = 0;
  for (let b = w.from; b < w.to; b++) buckets += ctx.inc.flags[b];
  const mi = ctx.inc.minutes;
  const at = (t: number) => Math.round((t - mi.axis.origin) / 60_000);
  const total5xx = rangeSum(mi.http5xx, at(mw.start), at(mw.end));
  const totalRequests = rangeSum(mi.requests, at(mw.start), at(mw.end));
  const peak = rangeMax(ctx.inc.err5xx, w.from, w.to);
  const end = Math.min(mw.end, ctx.s.window.end);
  const ongoing = ctx.s.window.end - end < ENDED_AFTER_MS;
  const after5 = rangeSum(mi.http5xx, at(end), mi.axis.nb);
  const afterReq = rangeSum(mi.requests, at(end), mi.axis.nb);
  return {
    start: mw.start,
    end,
    buckets,
    total5xx: Number.isFinite(total5xx) ? total5xx : 0,
    totalRequests: Number.isFinite(totalRequests) ? totalRequests : null,
    peakErr5xx: Number.isFinite(peak) ? Math.round(peak * 10000) / 10000 : null,
    episodes: ctx.inc.episodes.length,
    ongoing,
    ...(ongoing
      ? {}
      : {
          endedAgoMs: Math.max(0, ctx.now - end),
          errAfter: afterReq > 0 && Number.isFinite(after5) ? Math.round((after5 / afterReq) * 10000) / 10000 : null,
        }),
  };
}

const hhmm = (t: number) => new Date(t).toISOString().slice(11, 16);

/** "ongoing" or "ended 1 h 10 min ago; 5xx back to 0.1 %". */
export function stateOf(iw: IncidentWindow): string {
  if (iw.ongoing !== false) return "ongoing";
  const after = iw.errAfter === null || iw.errAfter === undefined ? "" : `; 5xx back to ${humanRate(iw.errAfter)}`;
  return `ended ${humanDuration(iw.endedAgoMs ?? 0)} ago${after}`;
}

function summaryOf(
  ctx: RuleContext,
  verdict: Verdict,
  primary: Finding | undefined,
  contributing: Finding[],
  advisories: Finding[],
  iw: IncidentWindow | undefined,
): string {
  const cause = (f: Finding) => `${f.title} (${f.id}, ${f.confidence}${f.scope ? `, ${f.scope.instance}` : ""})`;
  const also = contributing.length ? `; also ${contributing.map((f) => f.id).join(", ")}` : "";
  const hours = Math.round(((ctx.s.window?.end ?? 0) - (ctx.s.window?.start ?? 0)) / 3_600_000);
  switch (verdict) {
    case "stopped":
    case "quota":
      return `${cause(primary!)}${also}`;
    case "insufficient-data":
      return "Requests and Http5xx could not be read: no incident can be judged.";
    case "no-incident": {
      const notes = [...contributing, ...advisories].map((f) => f.id);
      return `No 502/503 incident detected in the last ${hours} h${notes.length ? `; worth a look: ${notes.join(", ")}` : ""}.`;
    }
    default: {
      const when = iw ? `${hhmm(iw.start)}–${hhmm(iw.end)} UTC` : "";
      const size = iw
        ? ` (${humanCount(iw.total5xx)} 5xx, peak ${iw.peakErr5xx === null ? "unknown" : humanRate(iw.peakErr5xx)})`
        : "";
      const head = verdict === "platform" ? "Platform" : "502/503";
      return `${head} incident ${when}${size}${iw ? `, ${stateOf(iw)}` : ""}: ${primary ? cause(primary) : "cause unknown"}${also}.`;
    }
  }
}

/**
 * What a diagnosis without the site config did not check (the read's failure is its own "siteConfig" entry).
 * Starts with other words than the signal, so the status line keeps both.
 */
export const WITHOUT_CONFIG = (windows: boolean) =>
  `not checked without the site config: health check (R14), Always On and health check fixes (R16)${windows ? ", the 32-bit worker's 2 GiB limit (R08)" : ""}, custom image port (R05a), elastic minimum (R19)`;

const EXPECTED_SITE = ["Requests", "Http5xx", "HttpResponseTime", "CpuTime", "MemoryWorkingSet", "Threads"];
const EXPECTED_SITE_WINDOWS = ["RequestsInApplicationQueue", "PrivateBytes", "AppConnections"];
const EXPECTED_PLAN = ["CpuPercentage", "MemoryPercentage", "HttpQueueLength", "SocketOutboundAll", "TcpTimeWait"];

function unknownsOf(ctx: RuleContext): string[] {
  const out: string[] = [];
  for (const u of ctx.s.unknowns ?? []) if (u) out.push(`${u.signal}: ${u.reason}`);
  const missing = [
    ...EXPECTED_SITE.filter((n) => !ctx.cur.has("site", n)),
    ...(ctx.isWindows ? EXPECTED_SITE_WINDOWS.filter((n) => !ctx.cur.has("site", n)) : []),
    ...EXPECTED_PLAN.filter((n) => !ctx.cur.has("plan", n)),
    ...(ctx.s.config?.healthCheckPath && !ctx.cur.has("site", "HealthCheckStatus") ? ["HealthCheckStatus"] : []),
  ];
  if (missing.length) out.push(`no data for ${missing.join(", ")}: rules that need them treat them as unknown`);
  if (!ctx.s.config) out.push(WITHOUT_CONFIG(ctx.isWindows));
  if (!ctx.hasLogs)
    out.push(
      "Log Analytics not configured: 502 vs 503, sub-status codes, paths and container logs unknown (R05, R06, R10, R20 capped at Low)",
    );
  // The reads never list app settings (they may hold secrets; listing them is an action): say so, not "denied".
  if (!ctx.s.appSettings) out.push("app settings not read (they may hold secrets): WEBSITES_* settings unknown");
  if (!ctx.base.hasSnapshot)
    out.push(
      ctx.base.quietBuckets > 0
        ? `baseline: median of ${ctx.base.quietBuckets} quiet 5-minute periods of the lookback (no same-hour history read)`
        : "baseline: unknown (no history read and no quiet bucket in the lookback); rules that need it are one level lower",
    );
  if (ctx.inc.rateUnknownBuckets)
    out.push(
      `${ctx.inc.rateUnknownBuckets} 5-minute period(s) of the incident judged on the 5xx count alone (Requests missing)`,
    );
  return out;
}

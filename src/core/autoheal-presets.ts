// Auto-heal presets (docs/glossary.md#auto-heal-presets), as siteConfig.autoHealRules JSON. Pure.
// L = the process memory limit; R5 = the app's median Requests per 5 min at normal times.

import { twoSignificant } from "./derived/stats.ts";
import type { AutoHealRules, Os } from "./snapshot.ts";

export type AutoHealPreset = "AH-MEM" | "AH-5XX" | "AH-SLOW" | "AH-SLOW-PATH" | "AH-LINUX";

/** Overrides for an auto-heal preset; absent fields keep the preset's computed values. */
export interface AutoHealParams {
  privateBytesKB?: number;
  count?: number;
  /** TimeSpan strings "hh:mm:ss", as autoHealRules wants them. */
  timeTaken?: string;
  interval?: string;
  minProcessTime?: string;
  path?: string;
  /** "500-599" or "502". */
  statusCodes?: string;
  /** AH-LINUX only: which trigger it is built on. */
  trigger?: "5xx" | "slow";
}

/** AH-MEM recycles at this share of L, below Proactive Auto Heal's 90 %. */
export const AH_MEM_SHARE = 0.8;
export const AH_5XX_MIN_COUNT = 50;
export const AH_5XX_SHARE = 0.1;
export const AH_SLOW_MIN_COUNT = 20;
export const AH_SLOW_SHARE = 0.05;
export const AH_SLOW_TIME_TAKEN = "00:01:00";
export const AH_INTERVAL = "00:05:00";
/** Default process age before a recycle, and the guardrail floor. */
export const AH_MIN_PROCESS_SEC = 600;
export const AH_MIN_PROCESS_FLOOR_SEC = 300;
/** The process must also be 1.5× the observed startup time old (no recycle loops). */
export const AH_STARTUP_FACTOR = 1.5;

export function timespan(totalSec: number): string {
  const s = Math.max(0, Math.ceil(totalSec));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = s % 60;
  return [hh, mm, ss].map((x) => String(x).padStart(2, "0")).join(":");
}

export function timespanSec(ts: string | undefined): number {
  const m = /^(\d+):(\d{2}):(\d{2})$/.exec(ts ?? "");
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : Number.NaN;
}

/** minProcessExecutionTime: 10 min by default, never under 5 min nor under 1.5× the startup time. */
export function minProcessExecutionTime(startupSec?: number): string {
  const startup = Number.isFinite(startupSec) && (startupSec as number) > 0 ? (startupSec as number) : 0;
  return timespan(Math.max(AH_MIN_PROCESS_SEC, AH_MIN_PROCESS_FLOOR_SEC, AH_STARTUP_FACTOR * startup));
}

/** R5 rounded to two significant figures so the counts do not jitter with request noise. */
export function normalR5(r5: number | undefined): number | undefined {
  return Number.isFinite(r5) && (r5 as number) > 0 ? twoSignificant(r5 as number) : undefined;
}

export function ahMem(limitBytes: number): AutoHealRules {
  const limitKB = limitBytes / 1024;
  return {
    triggers: { privateBytesInKB: Math.floor(AH_MEM_SHARE * limitKB) },
    actions: { actionType: "Recycle", minProcessExecutionTime: minProcessExecutionTime() },
  };
}

export function ah5xxCount(r5: number | undefined): number {
  const r = normalR5(r5);
  return Math.max(AH_5XX_MIN_COUNT, r ? Math.ceil(AH_5XX_SHARE * r) : 0);
}

export function ahSlowCount(r5: number | undefined): number {
  const r = normalR5(r5);
  return Math.max(AH_SLOW_MIN_COUNT, r ? Math.ceil(AH_SLOW_SHARE * r) : 0);
}

export function ah5xx(r5: number | undefined, startupSec?: number): AutoHealRules {
  return {
    triggers: { statusCodesRange: [{ statusCodes: "500-599", count: ah5xxCount(r5), timeInterval: AH_INTERVAL }] },
    actions: { actionType: "Recycle", minProcessExecutionTime: minProcessExecutionTime(startupSec) },
  };
}

export function ahSlow(r5: number | undefined, startupSec?: number): AutoHealRules {
  return {
    triggers: { slowRequests: { timeTaken: AH_SLOW_TIME_TAKEN, count: ahSlowCount(r5), timeInterval: AH_INTERVAL } },
    actions: { actionType: "Recycle", minProcessExecutionTime: minProcessExecutionTime(startupSec) },
  };
}

export function ahSlowPath(path: string, timeTaken = "00:00:30", count = 10, timeInterval = "00:02:00"): AutoHealRules {
  return {
    triggers: { slowRequestsWithPath: [{ path, timeTaken, count, timeInterval }] },
    actions: { actionType: "Recycle", minProcessExecutionTime: minProcessExecutionTime() },
  };
}

/** AH-LINUX: AH-5XX or AH-SLOW with Recycle only, the startup time as the process-age guard, no memory trigger. */
export function ahLinux(base: "5xx" | "slow", r5: number | undefined, startupSec?: number): AutoHealRules {
  return base === "5xx" ? ah5xx(r5, startupSec) : ahSlow(r5, startupSec);
}

/** The preset a rule wants, adapted to the OS (Linux: never a memory trigger). */
export function presetFor(
  want: "mem" | "5xx" | "slow",
  os: Os,
  opts: { limitBytes?: number; r5?: number; startupSec?: number },
): { preset: AutoHealPreset; rules: AutoHealRules } | undefined {
  if (want === "mem") {
    if (os === "linux" || !opts.limitBytes) return undefined;
    return { preset: "AH-MEM", rules: ahMem(opts.limitBytes) };
  }
  if (os === "linux") return { preset: "AH-LINUX", rules: ahLinux(want, opts.r5, opts.startupSec) };
  return want === "5xx"
    ? { preset: "AH-5XX", rules: ah5xx(opts.r5, opts.startupSec) }
    : { preset: "AH-SLOW", rules: ahSlow(opts.r5, opts.startupSec) };
}

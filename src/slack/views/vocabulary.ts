// Shared words and symbols: app labels, verdict colours, the plan line. One place so every view says the
// same thing the same way (and the digest's "P1v3×2, westeurope" style stays recognisable).
import type { Diagnosis, Finding, Verdict } from "../../core/diagnosis.ts";
import type { AppRef, Snapshot } from "../../core/snapshot.ts";
import { escapeMrkdwn } from "./escape.ts";

export type Tone = "red" | "orange" | "green" | "grey";
export const TONE_EMOJI: Record<Tone, string> = { red: "🔴", orange: "🟠", green: "🟢", grey: "⚪" };
export const STOPPED_EMOJI = "⏹";

/** "shop-api" or "shop-api/staging" (raw: escape before use). */
export function appLabel(app: Partial<Pick<AppRef, "name" | "slot">> | undefined): string {
  const name = app?.name || "(unnamed app)";
  return app?.slot ? `${name}/${app.slot}` : name;
}

/** The command argument that names exactly this app: rg/name[/slot]. */
export function appPath(app: Partial<Pick<AppRef, "name" | "slot" | "resourceGroup">>): string {
  const base = app.resourceGroup ? `${app.resourceGroup}/${app.name ?? ""}` : (app.name ?? "");
  return app.slot ? `${base}/${app.slot}` : base;
}

export interface VerdictLook {
  tone: Tone;
  emoji: string;
  word: string;
}

function resourceHealthBad(s?: Partial<Snapshot>): boolean {
  const st = s?.resourceHealth?.availabilityState;
  return st === "Degraded" || st === "Unavailable";
}

/** Colour and word for a diagnosis: red for anything down, orange for minor findings, green, grey unknown. */
export function verdictLook(d: Partial<Diagnosis> | undefined, s?: Partial<Snapshot>): VerdictLook {
  const v = d?.verdict;
  const look = (tone: Tone, word: string): VerdictLook => ({ tone, emoji: TONE_EMOJI[tone], word });
  switch (v) {
    case "incident":
      if (d?.primary?.minor) return look("orange", "minor incident");
      // An incident that is over is still worth reading, but it is not a fire.
      return d?.incidentWindow?.ongoing === false ? look("orange", "incident ended") : look("red", "incident");
    case "platform":
      return d?.incidentWindow?.ongoing === false
        ? look("orange", "platform incident ended")
        : look("red", "platform incident");
    case "stopped":
      // Stopped is a state someone chose, not a failure: its own symbol, ranked apart from failing apps.
      return { tone: "grey", emoji: STOPPED_EMOJI, word: s?.site?.enabled === false ? "disabled" : "stopped" };
    case "quota":
      return look("red", "quota exceeded");
    case "no-incident": {
      if (resourceHealthBad(s)) return look("orange", "degraded");
      const minor = (d?.advisories?.length ?? 0) + (d?.contributing?.length ?? 0) + (d?.primary ? 1 : 0);
      return minor > 0 ? look("orange", "minor findings") : look("green", "healthy");
    }
    case "insufficient-data":
      return look("grey", "insufficient data");
    default:
      return look("grey", v ? escapeMrkdwn(v) : "unknown");
  }
}

/** For lists where only a verdict string is known. */
export function verdictStringLook(verdict: string | undefined): VerdictLook {
  const known: Verdict[] = ["incident", "platform", "stopped", "quota", "no-incident", "insufficient-data"];
  if (verdict && (known as string[]).includes(verdict)) return verdictLook({ verdict: verdict as Verdict });
  return { tone: "grey", emoji: TONE_EMOJI.grey, word: verdict ? escapeMrkdwn(verdict) : "not checked" };
}

export function availabilityEmoji(state: string | undefined): string {
  switch (state) {
    case "Available":
      return "🟢";
    case "Degraded":
      return "🟠";
    case "Unavailable":
      return "🔴";
    default:
      return "⚪";
  }
}

/** "P1v3 × 2 (autoscale 2–6)" / "EP1 × 3 (automatic scaling, max 20)" — escaped mrkdwn. */
export function planLine(s: Partial<Snapshot>): string {
  const p = s.plan;
  if (!p) return "plan n/a";
  const sku = escapeMrkdwn(p.skuName || p.skuSize || p.skuTier || "SKU n/a");
  const n = Number.isFinite(p.capacity) ? p.capacity : undefined;
  const parts = [`${sku} × ${n ?? "n/a"}`];
  const extra: string[] = [];
  if (p.elasticScaleEnabled) {
    extra.push(`automatic scaling${p.maximumElasticWorkerCount ? `, max ${p.maximumElasticWorkerCount}` : ""}`);
  }
  if (s.autoscale?.enabled) extra.push(`autoscale ${s.autoscale.minimum}–${s.autoscale.maximum}`);
  const ready = s.instances?.filter((i) => i.state === "READY").length;
  if (s.instances?.length && n !== undefined && ready !== n) extra.push(`${ready} of ${n} ready`);
  if (p.numberOfSites && p.numberOfSites > 1) extra.push(`${p.numberOfSites} apps on the plan`);
  return extra.length ? `${parts[0]} (${extra.join(", ")})` : parts[0];
}

export function osLabel(s: Partial<Snapshot>): string {
  const os = s.site?.os === "linux" ? "Linux" : s.site?.os === "windows" ? "Windows" : "OS n/a";
  return s.site?.isContainer ? `${os} container` : os;
}

/** "R08 Memory exhaustion or leak (High)" — escaped. */
export function findingName(f: Pick<Finding, "id" | "title"> & Partial<Finding>): string {
  const conf = f.confidence ? ` (${f.confidence}${f.minor ? ", minor" : ""})` : "";
  return `${escapeMrkdwn(f.id)} ${escapeMrkdwn(f.title)}${conf}`;
}

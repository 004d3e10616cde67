// Terminal rendering of a status or a diagnosis. Pure: data in, lines out. Times in UTC, stated.
import type { Diagnosis, Evidence, Finding, Mitigation } from "../core/diagnosis.ts";
import type { KeyFigures } from "../core/figures.ts";
import { humanNumber } from "../core/human.ts";
import type { AppRef, Snapshot } from "../core/snapshot.ts";

/** The verdict in words (the slugs are the core's, not the reader's). */
const VERDICT_WORDS: Record<Diagnosis["verdict"], string> = {
  incident: "incident",
  platform: "platform incident",
  stopped: "stopped",
  quota: "quota exceeded",
  "no-incident": "healthy",
  "insufficient-data": "insufficient data",
};
const verdictWord = (d: Diagnosis) =>
  d.incidentWindow?.ongoing === false ? `${VERDICT_WORDS[d.verdict]} (ended)` : (VERDICT_WORDS[d.verdict] ?? d.verdict);

/** Active Service Health events of the app's region: shown whatever the verdict. */
function serviceHealthLines(s: Snapshot): string[] {
  const region = (s.app.region || "").toLowerCase();
  return (s.serviceHealth ?? [])
    .filter((e) => String(e.status).toLowerCase() === "active")
    .filter((e) => !e.regions?.length || e.regions.some((r) => r.toLowerCase().replace(/\s+/g, "") === region))
    .map((e) => `  Azure ${e.eventType} in ${s.app.location || s.app.region}: ${e.title}`);
}

const na = "n/a";

function hhmm(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

function num(n: number | null, digits = 0): string {
  return n === null ? na : n.toLocaleString("en-US", { maximumFractionDigits: digits });
}

function pct(n: number | null, digits = 1): string {
  return n === null ? na : `${n.toFixed(digits)} %`;
}

function seconds(s: number | null): string {
  if (s === null) return na;
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${s.toFixed(1)} s`;
}

export function appLabel(app: AppRef): string {
  return `${app.resourceGroup}/${app.name}${app.slot ? ` (slot ${app.slot})` : ""}`;
}

function evidenceLine(e: Evidence): string {
  const who = e.instance ? ` on ${e.instance}` : "";
  const note = e.note ? ` — ${e.note}` : "";
  return `      · ${e.metric} ${e.aggregation}${who}: ${humanNumber(e.observed)} ${e.comparison} ${humanNumber(e.threshold)} (${hhmm(e.window.start)}–${hhmm(e.window.end)} UTC; ${e.source})${note}`;
}

function findingLines(label: string, f: Finding, withEvidence: boolean): string[] {
  const scope = f.scope ? ` [${f.scope.instance}]` : "";
  const minor = f.minor ? " (minor)" : "";
  const lines = [`  ${label}: ${f.id} ${f.title} — ${f.confidence}${scope}${minor}`];
  if (withEvidence) lines.push(...f.evidence.map(evidenceLine));
  return lines;
}

function mitigationLines(m: Mitigation, i: number): string[] {
  const lines = [`  ${i + 1}. ${m.title}${m.write ? "  [needs approval]" : "  [advice]"}`];
  if (m.change) lines.push(`      change: ${JSON.stringify(m.change.before)} → ${JSON.stringify(m.change.after)}`);
  if (m.armCall) lines.push(`      ARM: ${m.armCall}`);
  lines.push(`      why: ${m.why}`);
  if (m.risk) lines.push(`      risk: ${m.risk}`);
  return lines;
}

export function figuresLines(f: KeyFigures): string[] {
  return [
    `  requests ${num(f.requests)} · 5xx ${num(f.http5xx)} (${f.errorRate === null ? na : pct(f.errorRate * 100, 2)})`,
    `  response time avg ${seconds(f.responseTimeAvgS)} · max ${seconds(f.responseTimeMaxS)}`,
    `  CPU peak ${pct(f.cpuPeakPct, 0)} · memory peak ${pct(f.memPeakPct, 0)} · health check min ${f.healthCheckMin === null ? na : num(f.healthCheckMin)}`,
  ];
}

function stateLine(s: Snapshot): string {
  const plan = `${s.plan.skuName} × ${s.plan.capacity}`;
  const scaling = s.autoscale
    ? ` (autoscale ${s.autoscale.minimum}–${s.autoscale.maximum})`
    : s.plan.elasticScaleEnabled
      ? " (automatic scaling)"
      : "";
  const hc = !s.config
    ? "health check not read"
    : s.config.healthCheckPath
      ? `health check ${s.config.healthCheckPath}`
      : "health check off";
  const rh = s.resourceHealth ? `Resource Health ${s.resourceHealth.availabilityState}` : "Resource Health n/a";
  return `  ${s.site.state} · ${plan}${scaling} · ${s.app.region} · ${s.site.os} · ${hc} · ${rh}`;
}

export function formatStatus(s: Snapshot, d: Diagnosis, f: KeyFigures): string {
  const lines = [
    `${appLabel(s.app)}: ${verdictWord(d)} — ${d.summary}`,
    stateLine(s),
    ...serviceHealthLines(s),
    `  window ${hhmm(d.window.start)}–${hhmm(d.window.end)} UTC`,
    ...figuresLines(f),
  ];
  if (d.primary) lines.push(...findingLines("likely cause", d.primary, false));
  const first = d.mitigations[0];
  if (first) lines.push(`  next: ${first.title}${first.write ? " (needs approval)" : ""}`);
  if (d.unknowns.length) lines.push(`  not read: ${d.unknowns.join("; ")}`);
  return `${lines.join("\n")}\n`;
}

export function formatDiagnosis(s: Snapshot, d: Diagnosis, f: KeyFigures): string {
  const lines = [
    `${appLabel(s.app)}: ${verdictWord(d)} — ${d.summary}`,
    stateLine(s),
    ...serviceHealthLines(s),
    ...figuresLines(f),
  ];
  if (d.incidentWindow) {
    const w = d.incidentWindow;
    lines.push(
      `  incident ${hhmm(w.start)}–${hhmm(w.end)} UTC (${w.ongoing === false ? "ended" : "ongoing"}) · ${num(w.total5xx)} 5xx · peak ${w.peakErr5xx === null ? na : pct(w.peakErr5xx * 100)}`,
    );
  }
  if (d.primary) lines.push("", ...findingLines("cause", d.primary, true));
  for (const c of d.contributing) lines.push(...findingLines("contributing", c, true));
  for (const a of d.advisories) lines.push(...findingLines("advisory", a, false));
  for (const x of d.setAside ?? []) lines.push(`  set aside: ${x.id} ${x.title} — explained by ${x.by}: ${x.reason}`);
  if (d.mitigations.length) lines.push("", "Mitigations:", ...d.mitigations.flatMap(mitigationLines));
  if (d.unknowns.length) lines.push("", `Not read: ${d.unknowns.join("; ")}`);
  return `${lines.join("\n")}\n`;
}

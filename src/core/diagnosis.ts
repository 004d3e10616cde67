// Output types of the diagnosis engine (docs/rules.md, docs/glossary.md). Pure data: views and actions read these.
import type { ChangeKind } from "./changes.ts";
import type { Json } from "./json.ts";

import type { Window } from "./snapshot.ts";

export type Confidence = "Low" | "Medium" | "High";

/** Every rule of the catalogue (docs/rules.md#rules), in reference order. */
export const RULE_IDS = [
  "R01",
  "R02",
  "R03",
  "R04",
  "R05a",
  "R05b",
  "R05c",
  "R06",
  "R07",
  "R08",
  "R09",
  "R10",
  "R11",
  "R12",
  "R13",
  "R14",
  "R15",
  "R16",
  "R17",
  "R18",
  "R19",
  "R20",
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type Comparison = ">=" | ">" | "<=" | "<" | "==" | "!=" | "≈" | "matches" | "present";

/** One observed fact a rule used: what, over which window, against which threshold, read from where. */
export interface Evidence {
  metric: string;
  aggregation: string;
  window: Window;
  observed: number | string;
  threshold: number | string;
  comparison: Comparison;
  /** The API call (MetricGrid.source, "GET {siteId}", "AppServicePlatformLogs", …). */
  source: string;
  instance?: string;
  note?: string;
}

export type FactValue = number | string | boolean;

export interface RuleResult {
  id: RuleId;
  fired: boolean;
  confidence: Confidence;
  title: string;
  evidence: Evidence[];
  /** Set when the cause sits on one instance (e.g. "RD0003"). */
  scope?: { instance: string };
  /** A finding from the explicit-request lower bar (no incident bucket in the lookback). */
  minor?: boolean;
  /** Computed numbers the mitigation planner needs (target count, port, limit, …). */
  facts?: Record<string, FactValue>;
  /** Why a rule did not fire or could not be judged (missing signal). */
  note?: string;
}

export interface SetAsideFinding extends Finding {
  /** The explaining rule. */
  by: RuleId;
  reason: string;
}

export interface Finding {
  id: RuleId;
  title: string;
  confidence: Confidence;
  precedence: number;
  evidence: Evidence[];
  scope?: { instance: string };
  minor?: boolean;
}

/** A change a diagnosis can suggest (a kind of the change table), or advice that changes nothing. */
export type MitigationKind =
  | Exclude<ChangeKind, "stop" | "rebootWorker" | "automaticScaling">
  | "waitForPlatform"
  | "investigate";

export interface Mitigation {
  kind: MitigationKind;
  /** True when applying it changes Azure (needs approval and a complete plan). */
  write: boolean;
  title: string;
  params: Record<string, Json>;
  /** The evidence behind it, as text that names the rule and the figures. */
  why: string;
  /** What changes: SKU and count, the auto-heal JSON, the setting. Required for writes. */
  change?: { before: Json; after: Json };
  risk: string;
  /** Exact ARM call with the resource IDs filled in. Required for writes. */
  armCall?: string;
  armBody?: Json;
  fromRule: RuleId;
}

/**
 * incident: a 502/503 cause ranked from metrics/logs · platform: an Azure incident or maintenance is the primary cause ·
 * stopped: app stopped or disabled (403, R03) · quota: Free/Shared quota exceeded (R04) ·
 * no-incident: no incident bucket in the lookback · insufficient-data: Requests/Http5xx unreadable, nothing decidable.
 */
export type Verdict = "incident" | "platform" | "stopped" | "quota" | "no-incident" | "insufficient-data";

export interface IncidentWindow extends Window {
  /** Incident buckets inside the window (gaps < 15 min merged). */
  buckets: number;
  total5xx: number;
  totalRequests: number | null;
  peakErr5xx: number | null;
  /** Separate episodes (gap ≥ 15 min) in the lookback; the window is the most recent one. */
  episodes: number;
  /** Errors still at the incident rate in the last five minutes of the lookback. */
  ongoing?: boolean;
  /** When ended: how long ago (ms, from the diagnosis time) and the 5xx rate since (null when unknown). */
  endedAgoMs?: number;
  errAfter?: number | null;
}

export interface Diagnosis {
  appId: string;
  verdict: Verdict;
  summary: string;
  window: Window;
  incidentWindow?: IncidentWindow;
  primary?: Finding;
  contributing: Finding[];
  /** Advisory findings (R19, R14/R18 without an incident, and minor findings on an explicit request without an incident). */
  advisories: Finding[];
  /** Causes that fired but another cause explains (docs/rules.md#supersession): shown, never acted on. */
  setAside?: SetAsideFinding[];
  evidence: Evidence[];
  mitigations: Mitigation[];
  unknowns: string[];
  /** Where baselines came from: the snapshot's same-hour data, the lookback's quiet buckets, or nowhere. */
  baselineSource: "snapshot" | "lookback" | "none";
  ruleResults: RuleResult[];
}

export const CONFIDENCE_RANK: Record<Confidence, number> = { Low: 0, Medium: 1, High: 2 };

export function raise(c: Confidence): Confidence {
  return c === "Low" ? "Medium" : "High";
}

export function lower(c: Confidence): Confidence {
  return c === "High" ? "Medium" : "Low";
}

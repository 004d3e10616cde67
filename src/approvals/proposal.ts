// What a person approves: one exact Azure change, its target, the ARM call, before → after, the evidence
// behind it, its risks, who asked and until when it may be approved. Pure data (stored as the approval's
// plan); the executor runs `operation` and nothing else.

import type { StoredChange } from "../core/changes.ts";
import type { Evidence, RuleId } from "../core/diagnosis.ts";
import { toJson } from "../core/json.ts";
import type { AppRef, Os } from "../core/snapshot.ts";
import type { AutoscaleCapacity, SiteConfigPatch } from "../core/writer.ts";
import type { Json } from "../store/store.ts";
import { decodeProposal } from "./proposal-schema.ts";

export type { StoredChange };

/** Exactly one AzureWriter call. */
export type WriteOperation =
  | { op: "restart"; soft: boolean }
  | { op: "start" }
  | { op: "stop" }
  | { op: "rebootWorker"; worker: string }
  | { op: "scalePlan"; capacity?: number; skuName?: string; skuTier?: string }
  | { op: "planElastic"; maximumElasticWorkerCount: number }
  | { op: "siteConfig"; patch: SiteConfigPatch }
  | { op: "appSettings"; settings: Record<string, string> }
  | { op: "autoscaleProfile"; settingId: string; capacity: AutoscaleCapacity }
  /** A dump of one process, streamed to `blobName` in the dumps container; `estimateBytes` from its private bytes. */
  | { op: "memoryDump"; instance: string; pid: number; process: string; estimateBytes: number; blobName: string };

export interface ProposalTarget {
  /** The site (or slot): subscription, resource group, name, slot, plan ID. */
  app: AppRef;
  planName: string;
  os: Os;
  /** The worker a reboot targets (canonical casing from the instance list). */
  instance?: string;
}

/** The REST call as shown to the approver (IDs filled in). */
export interface ArmCall {
  method: "GET" | "POST" | "PUT" | "PATCH";
  path: string;
  body?: Json;
  note?: string;
}

export interface ProposalEvidence {
  rule?: RuleId;
  why: string;
  items: Evidence[];
}

/** The planner's output before anyone is named: everything but who asked and when. */
export interface ProposalDraft {
  action: StoredChange;
  title: string;
  target: ProposalTarget;
  operation: WriteOperation;
  arm: ArmCall;
  change: { before: Json; after: Json };
  risks: string[];
  evidence?: ProposalEvidence;
  source: "command" | "diagnosis";
}

export interface Proposal extends ProposalDraft {
  /** Shape version of the stored plan. */
  v: 1;
  requestedBy: string;
  requestedAt: number;
  expiresAt: number;
}

export type PlanResult = { ok: true; draft: ProposalDraft } | { ok: false; reason: string };

export const refuse = (reason: string): PlanResult => ({ ok: false, reason });

/** The proposal stored in an approval's plan, or undefined when the row holds something else. */
export const readProposal = (plan: Json | null): Proposal | undefined => decodeProposal(plan);

/** Stored as JSON: the interfaces above are JSON by construction, and checked on the way in. */
export function proposalJson(p: Proposal): Json {
  return toJson(p);
}

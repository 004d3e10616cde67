// The stored proposal, decoded once at the store boundary: an approval's `plan` column is JSON written by
// an earlier version of the bot (or edited by hand); only a plan that matches this schema is executed,
// shown or verified. Nested shapes the planner builds from Azure's own data (the app, evidence, auto-heal
// rules) are checked for the fields the executor and views rely on.
import { z } from "zod";
import { CHANGE_KINDS, CHANGES, type StoredChange } from "../core/changes.ts";
import { type Evidence, RULE_IDS } from "../core/diagnosis.ts";
import type { Json } from "../core/json.ts";
import { isJson } from "../core/json.ts";
import type { AppRef, AutoHealRules } from "../core/snapshot.ts";
import type { Proposal } from "./proposal.ts";

const STORED = CHANGE_KINDS.map((k) => CHANGES[k].stored) as [StoredChange, ...StoredChange[]];
const json = z.custom<Json>((v) => isJson(v), "not JSON");
const str = z.string();
const obj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const appRef = z.custom<AppRef>(
  (v) =>
    obj(v) &&
    ["id", "subscriptionId", "resourceGroup", "name", "location", "region", "kind", "planId"].every(
      (k) => typeof v[k] === "string",
    ) &&
    (v.slot === undefined || typeof v.slot === "string"),
  "not an app reference",
);
const evidence = z.custom<Evidence>(
  (v) => obj(v) && typeof v.metric === "string" && typeof v.source === "string" && obj(v.window),
  "not evidence",
);
const autoHealRules = z.custom<AutoHealRules>((v) => obj(v) && isJson(v), "not auto-heal rules");

const operation = z.discriminatedUnion("op", [
  z.object({ op: z.literal("restart"), soft: z.boolean() }),
  z.object({ op: z.literal("start") }),
  z.object({ op: z.literal("stop") }),
  z.object({ op: z.literal("rebootWorker"), worker: str }),
  z.object({
    op: z.literal("scalePlan"),
    capacity: z.number().int().positive().optional(),
    skuName: str.optional(),
    skuTier: str.optional(),
  }),
  z.object({ op: z.literal("planElastic"), maximumElasticWorkerCount: z.number().int().positive() }),
  z.object({
    op: z.literal("siteConfig"),
    patch: z.object({
      autoHealEnabled: z.boolean().optional(),
      autoHealRules: autoHealRules.optional(),
      healthCheckPath: str.optional(),
      alwaysOn: z.boolean().optional(),
      use32BitWorkerProcess: z.boolean().optional(),
      minimumElasticInstanceCount: z.number().int().optional(),
    }),
  }),
  z.object({ op: z.literal("appSettings"), settings: z.record(str, str) }),
  z.object({
    op: z.literal("memoryDump"),
    instance: str,
    pid: z.number().int().nonnegative(),
    process: str,
    estimateBytes: z.number().nonnegative(),
    blobName: str,
  }),
  z.object({
    op: z.literal("autoscaleProfile"),
    settingId: str,
    capacity: z.object({ profileName: str, minimum: z.number(), maximum: z.number(), default: z.number() }),
  }),
]);

export const ProposalSchema = z.object({
  v: z.literal(1),
  action: z.enum(STORED),
  title: str,
  target: z.object({
    app: appRef,
    planName: str,
    os: z.enum(["windows", "linux"]),
    instance: str.optional(),
  }),
  operation,
  arm: z.object({
    method: z.enum(["GET", "POST", "PUT", "PATCH"]),
    path: str,
    body: json.optional(),
    note: str.optional(),
  }),
  change: z.object({ before: json, after: json }),
  risks: z.array(str),
  evidence: z.object({ rule: z.enum(RULE_IDS).optional(), why: str, items: z.array(evidence) }).optional(),
  source: z.enum(["command", "diagnosis"]),
  requestedBy: str,
  requestedAt: z.number(),
  expiresAt: z.number(),
});

/** The proposal in a stored plan, or undefined when the row holds anything else. */
export function decodeProposal(plan: Json | null): Proposal | undefined {
  const r = ProposalSchema.safeParse(plan);
  return r.success ? r.data : undefined;
}

// Shared pieces of the planners: the draft shape, the config-change draft and the risk texts. Pure.

import { CHANGES } from "../core/changes.ts";
import { toJson } from "../core/json.ts";
import type { Snapshot } from "../core/snapshot.ts";
import type { SiteConfigPatch } from "../core/writer.ts";
import type { Json } from "../store/store.ts";
import type { ArmCall, PlanResult, ProposalDraft, StoredChange, WriteOperation } from "./proposal.ts";

/** Each kind's main risk comes from the change table; the rest qualify it (one instance, a soft restart). */
export const RISK = {
  restart: CHANGES.restart.risk,
  single: "With one instance the app is unavailable until it is back up.",
  soft: "Soft restart: applies configuration and restarts only if needed.",
  config: CHANGES.siteConfig.risk,
  settings: CHANGES.appSetting.risk,
  scaleUp: CHANGES.scaleUp.risk,
  start: CHANGES.start.risk,
  stop: CHANGES.stop.risk,
  autoHeal: CHANGES.autoHeal.risk,
} as const;

export const sku = (s: Snapshot) => s.plan?.skuName ?? "";
export const count = (s: Snapshot) => s.plan?.capacity ?? 1;
export const shared = (s: Snapshot) =>
  (s.plan?.numberOfSites ?? 1) > 1 ? [`Every app on plan ${s.plan.name} (${s.plan.numberOfSites}) is affected.`] : [];

/** A change to the site configuration is planned on the configuration as read; without it, nothing is planned. */
export function noConfig(s: Snapshot): string {
  return `The site configuration of ${s.app.name} could not be read, so its current value is unknown; try again in a minute.`;
}

export function draft(
  s: Snapshot,
  action: StoredChange,
  title: string,
  operation: WriteOperation,
  arm: ArmCall,
  change: { before: Json; after: Json },
  risks: string[],
  extra: { instance?: string } = {},
): ProposalDraft {
  return {
    action,
    title,
    target: { app: s.app, planName: s.plan?.name ?? "", os: s.site.os, ...extra },
    operation,
    arm,
    change,
    risks,
    source: "command",
  };
}

export function configDraft(
  s: Snapshot,
  action: StoredChange,
  title: string,
  patch: SiteConfigPatch,
  before: Json,
): PlanResult {
  const after = toJson(patch);
  const arm: ArmCall = { method: "PATCH", path: `${s.app.id}/config/web`, body: { properties: after } };
  const risks: string[] = action === "autoheal" && patch.autoHealEnabled ? [RISK.autoHeal, RISK.config] : [RISK.config];
  if (action === "autoheal" && patch.autoHealEnabled && count(s) < 2)
    risks.push("With one instance each recycle is a brief outage.");
  return { ok: true, draft: draft(s, action, title, { op: "siteConfig", patch }, arm, { before, after }, risks) };
}

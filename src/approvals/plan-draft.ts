// Shared pieces of the planners: the draft shape, the config-change draft and the risk texts. Pure.
import type { Snapshot } from "../core/snapshot.ts";
import type { SiteConfigPatch } from "../core/writer.ts";
import type { Json } from "../store/store.ts";
import type { ActionKind, ArmCall, PlanResult, ProposalDraft, WriteOperation } from "./proposal.ts";

export const RISK = {
  restart: "A restart drops in-flight requests on every instance; caches and warm-up start over.",
  single: "With one instance the app is unavailable until it is back up.",
  soft: "Soft restart: applies configuration and restarts only if needed.",
  config: "Changing site configuration restarts the app.",
  settings: "Saving app settings restarts the app. The full list is read, merged and written back.",
  scaleUp: "Scaling up may move the app to new instances: expect a restart. A higher SKU costs more.",
  start: "The app starts serving traffic again: make sure it was not stopped on purpose.",
  stop: "The app stops serving: every request fails until it is started again.",
  autoHeal: "Auto-heal is a temporary mitigation: recycles hide the root cause, so follow up on it.",
} as const;

export const sku = (s: Snapshot) => s.plan?.skuName ?? "";
export const count = (s: Snapshot) => s.plan?.capacity ?? 1;
export const shared = (s: Snapshot) =>
  (s.plan?.numberOfSites ?? 1) > 1 ? [`Every app on plan ${s.plan.name} (${s.plan.numberOfSites}) is affected.`] : [];

export function draft(
  s: Snapshot,
  action: ActionKind,
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
  action: ActionKind,
  title: string,
  patch: SiteConfigPatch,
  before: Json,
): PlanResult {
  const after = patch as unknown as Json;
  const arm: ArmCall = { method: "PATCH", path: `${s.app.id}/config/web`, body: { properties: after } };
  const risks: string[] = action === "autoheal" && patch.autoHealEnabled ? [RISK.autoHeal, RISK.config] : [RISK.config];
  if (action === "autoheal" && patch.autoHealEnabled && count(s) < 2)
    risks.push("With one instance each recycle is a brief outage.");
  return { ok: true, draft: draft(s, action, title, { op: "siteConfig", patch }, arm, { before, after }, risks) };
}

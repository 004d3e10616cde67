// Mitigation buttons and descriptions. Conventions (the interaction handlers rely on them):
//   Diagnose:  action_id "appsvc_diagnose",     value JSON { appId, windowMs }
//   Mitigate:  action_id "appsvc_mitigate_<n>", value JSON { appId, kind, params } (n = index in
//              diagnosis.mitigations); when params do not fit in 2000 characters they are reduced to their
//              scalar entries plus "reduced": true, and at worst to { appId, kind, n, reduced: true }.
import type { Button } from "@slack/types";
import type { Mitigation } from "../../core/diagnosis.ts";
import type { Json } from "../../core/json.ts";
import { button, LIMITS } from "./blocks.ts";
import { clip, code, escapeMrkdwn, escapePlain } from "./escape.ts";
import { shortSource } from "./evidence.ts";
import { fmtJson } from "./format.ts";

export const DIAGNOSE_ACTION = "appsvc_diagnose";
export const MITIGATE_ACTION_PREFIX = "appsvc_mitigate_";

export function diagnoseButton(appId: string, windowMs: number): Button {
  const value = JSON.stringify({ appId, windowMs });
  return button({
    text: "Diagnose",
    actionId: DIAGNOSE_ACTION,
    value: value.length <= LIMITS.buttonValue ? value : JSON.stringify({ windowMs }),
  });
}

const str = (v: Json | undefined): string | undefined =>
  typeof v === "string" || typeof v === "number" ? String(v) : undefined;

/** Short button label: "Restart", "Scale out → 4", "Auto-heal AH-MEM" (plain text, escaped). */
export function mitigationLabel(m: Partial<Mitigation>): string {
  const p = m.params ?? {};
  const label = (() => {
    switch (m.kind) {
      case "restart":
        if (p.action === "rebootWorker" && str(p.worker)) return `Reboot ${str(p.worker)}`;
        return p.slot ? `Restart slot ${str(p.slot)}` : "Restart";
      case "start":
        return "Start";
      case "scaleOut":
        return str(p.toCapacity) ? `Scale out → ${str(p.toCapacity)}` : "Scale out";
      case "scaleUp":
        return str(p.toSku) ? `Scale up → ${str(p.toSku)}` : "Scale up";
      case "autoHeal":
        return str(p.preset) ? `Auto-heal ${str(p.preset)}` : "Auto-heal";
      case "healthCheck":
        return str(p.path) ? `Health check ${str(p.path)}` : "Health check";
      case "appSetting":
        return str(p.name) ? `Set ${str(p.name)}` : "Set app setting";
      case "siteConfig":
        return str(p.property) ? `Set ${str(p.property)}` : "Change site config";
      case "swapBack":
        return str(p.targetSlot) ? `Swap back ↔ ${str(p.targetSlot)}` : "Swap back";
      case "autoscaleProfile":
        if (str(p.maximum)) return `Autoscale ${str(p.minimum) ?? "?"}–${str(p.maximum)}`;
        if (str(p.property) && str(p.value)) return `${str(p.property)} → ${str(p.value)}`;
        return "Change autoscale";
      default:
        return m.title || "Apply";
    }
  })();
  return clip(escapePlain(label), LIMITS.buttonText);
}

const scalarParams = (params: Record<string, Json>): Record<string, Json> =>
  Object.fromEntries(Object.entries(params).filter(([, v]) => v === null || typeof v !== "object"));

/** The button value: the full params when they fit, reduced otherwise; always ≤ 2000 characters of JSON. */
export function mitigationValue(appId: string, m: Partial<Mitigation>, n: number): string {
  const kind = m.kind ?? "unknown";
  const params = m.params ?? {};
  const tries = [
    { appId, kind, params },
    { appId, kind, params: scalarParams(params), reduced: true },
    { appId, kind, n, reduced: true },
    { kind, n, reduced: true },
  ];
  for (const t of tries) {
    const s = JSON.stringify(t);
    if (s.length <= LIMITS.buttonValue) return s;
  }
  return JSON.stringify({ n, reduced: true });
}

/** One button per write mitigation (first one primary), at most `max`; `n` is the index in the full list. */
export function mitigationButtons(appId: string, mitigations: Partial<Mitigation>[] | undefined, max = 24): Button[] {
  const out: Button[] = [];
  (mitigations ?? []).forEach((m, n) => {
    if (!m.write || out.length >= max) return;
    out.push(
      button({
        text: mitigationLabel(m),
        actionId: `${MITIGATE_ACTION_PREFIX}${n}`,
        value: mitigationValue(appId, m, n),
        ...(out.length === 0 ? { style: "primary" as const } : {}),
      }),
    );
  });
  return out;
}

/** "Each fix asks for approval…" or "approvals are coming". */
export function approvalNote(enabled: boolean, hasWrites: boolean): string | undefined {
  if (!hasWrites) return undefined;
  return enabled
    ? "Each fix button opens an approval: nothing changes until someone approves it."
    : "Fix buttons explain the change; approvals are coming, so nothing is changed from here yet.";
}

const scalar = (v: Json): string => (typeof v === "string" ? v : fmtJson(v));

/** "`toCapacity`=4 · `skuName`=P1v3" — scalars inline (ARM IDs shortened: the ARM line has them whole), structures named. */
export function paramsLine(params: Record<string, Json> | undefined, maxEach = 120): string {
  const entries = Object.entries(params ?? {});
  if (entries.length === 0) return "none";
  return entries
    .map(([k, v]) =>
      v !== null && typeof v === "object"
        ? `${code(k)} (${Array.isArray(v) ? "list" : "object"})`
        : `${code(k)}=${escapeMrkdwn(clip(shortSource(scalar(v)), maxEach))}`,
    )
    .join(" · ");
}

/** "before → after" in one line; long JSON is clipped (the file has it whole). Returns [line, clipped?]. */
export function changeLine(change: Mitigation["change"] | undefined, maxEach = 200): [string, boolean] {
  if (!change) return ["n/a", false];
  const b = fmtJson(change.before);
  const a = fmtJson(change.after);
  const clipped = b.length > maxEach || a.length > maxEach;
  return [`${code(clip(b, maxEach))} → ${code(clip(a, maxEach))}`, clipped];
}

/** Advice steps of a non-write mitigation (investigate: params.steps). */
export function adviceSteps(m: Partial<Mitigation>): string[] {
  const steps = m.params?.steps;
  return Array.isArray(steps) ? steps.filter((s): s is string => typeof s === "string") : [];
}

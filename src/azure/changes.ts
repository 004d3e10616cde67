// Recent changes: Activity Log events (restart, stop, start, config write, swap, scale, autoscale)
// and site deployments, as ChangeEvent (docs/glossary.md#change-events). Mapping is pure.
import type { ChangeEvent, Window } from "../core/snapshot.ts";
import { collect } from "./call.ts";
import type { AzureClients } from "./clients.ts";

/** Changes this long before the window still count (a deploy 20 min before errors began). */
export const CHANGE_LEAD_MS = 30 * 60_000;

export function changesWindow(w: Window): Window {
  return { start: w.start - CHANGE_LEAD_MS, end: w.end };
}

/** The Activity Log filter for one resource group over a time range. */
export function activityFilter(resourceGroup: string, w: Window): string {
  const rg = resourceGroup.replace(/'/g, "''");
  return `eventTimestamp ge '${new Date(w.start).toISOString()}' and eventTimestamp le '${new Date(w.end).toISOString()}' and resourceGroupName eq '${rg}'`;
}

/** The fields of an Activity Log event the mapping needs (structural, so tests can build them). */
export interface ActivityEvent {
  operationName?: { value?: string };
  resourceId?: string;
  eventTimestamp?: Date | string;
  caller?: string;
  status?: { value?: string };
  correlationId?: string;
  /** Administrative events keep the call's JSON body in properties.requestbody (on the BeginRequest record). */
  properties?: Record<string, string>;
}

/** A swap's other slot, from the call's request body ({"targetSlot": "staging", …}). */
function swapTarget(e: ActivityEvent): string | undefined {
  const body = e.properties?.requestbody;
  if (typeof body !== "string") return undefined;
  try {
    const slot = (JSON.parse(body) as { targetSlot?: unknown }).targetSlot;
    return typeof slot === "string" && slot ? slot : undefined;
  } catch {
    return undefined;
  }
}

export async function readActivity(
  clients: AzureClients,
  subscriptionId: string,
  resourceGroup: string,
  w: Window,
  signal: AbortSignal,
): Promise<ActivityEvent[]> {
  const select = "eventTimestamp,operationName,resourceId,caller,status,correlationId";
  return collect(
    clients
      .monitor(subscriptionId)
      .activityLogs.list(activityFilter(resourceGroup, w), { select, abortSignal: signal }),
  );
}

export function changeKind(operation: string): ChangeEvent["kind"] {
  const op = operation.toLowerCase();
  if (op.startsWith("microsoft.insights/autoscalesettings/scale")) return "autoscale";
  if (op.endsWith("/slotsswap/action")) return "swap";
  if (op.endsWith("/restart/action")) return "restart";
  if (op.endsWith("/stop/action")) return "stop";
  if (op.endsWith("/start/action")) return "start";
  if (op.endsWith("/deployments/write")) return "deployment";
  if (op === "microsoft.web/serverfarms/write") return "scale";
  if (op.includes("/config/") || op === "microsoft.web/sites/write" || op === "microsoft.web/sites/slots/write") {
    return "config";
  }
  return "other";
}

const FINAL = new Set(["succeeded", "failed", "canceled", "cancelled"]);

export interface ChangeTargets {
  /** The site or slot. */
  siteId: string;
  planId: string;
  /** Autoscale settings that target the plan (their scale actions are logged on the setting). */
  autoscaleIds: string[];
}

/**
 * Keeps events about the site, its plan, or the plan's autoscale setting, inside the window; folds
 * Started/Succeeded pairs of one operation (same correlation ID) into one event with the final status.
 */
export function mapActivity(events: ActivityEvent[], t: ChangeTargets, w: Window): ChangeEvent[] {
  const site = t.siteId.toLowerCase();
  const isSlot = /\/slots\/[^/]+$/.test(site);
  const plan = t.planId.toLowerCase();
  const scalers = new Set(t.autoscaleIds.map((id) => id.toLowerCase()));
  const byKey = new Map<string, ChangeEvent>();
  for (const e of events) {
    const operation = e.operationName?.value ?? "";
    const rid = (e.resourceId ?? "").toLowerCase();
    const at = e.eventTimestamp ? new Date(e.eventTimestamp).getTime() : Number.NaN;
    if (!operation || Number.isNaN(at) || at < w.start || at > w.end || operation.toLowerCase().endsWith("/read"))
      continue;
    const kind = changeKind(operation);
    const onSite =
      rid === site || (rid.startsWith(`${site}/`) && (isSlot || !rid.includes("/slots/") || kind === "swap"));
    if (!onSite && rid !== plan && !scalers.has(rid)) continue;
    const status = e.status?.value;
    const ev: ChangeEvent = {
      at,
      operation,
      kind,
      source: "activityLog",
      ...(e.caller ? { caller: e.caller } : {}),
      ...(status ? { status } : {}),
      ...(e.correlationId ? { correlationId: e.correlationId } : {}),
    };
    const target = kind === "swap" ? swapTarget(e) : undefined;
    if (target) ev.targetSlot = target;
    const key = `${e.correlationId ?? `${at}`}|${operation.toLowerCase()}|${rid}`;
    const prev = byKey.get(key);
    const final = FINAL.has((status ?? "").toLowerCase());
    const targetSlot = ev.targetSlot ?? prev?.targetSlot;
    if (!prev) byKey.set(key, ev);
    else if (final) byKey.set(key, { ...ev, at: Math.min(prev.at, ev.at), ...(targetSlot ? { targetSlot } : {}) });
    else if (targetSlot && !prev.targetSlot) byKey.set(key, { ...prev, targetSlot });
  }
  return [...byKey.values()].sort((a, b) => a.at - b.at);
}

/** The fields of a site deployment (Kudu status: 0 pending, 1 building, 2 deploying, 3 failed, 4 success). */
export interface DeploymentLite {
  id?: string;
  name?: string;
  status?: number;
  author?: string;
  deployer?: string;
  startTime?: Date | string;
  endTime?: Date | string;
}

export async function readDeployments(
  clients: AzureClients,
  app: { subscriptionId: string; resourceGroup: string; name: string; slot?: string },
  signal: AbortSignal,
): Promise<DeploymentLite[]> {
  const web = clients.web(app.subscriptionId).webApps;
  const iter = app.slot
    ? web.listDeploymentsSlot(app.resourceGroup, app.name, app.slot, { abortSignal: signal })
    : web.listDeployments(app.resourceGroup, app.name, { abortSignal: signal });
  return collect(iter);
}

const KUDU_STATUS: Record<number, string> = { 0: "Pending", 1: "Building", 2: "Deploying", 3: "Failed", 4: "Success" };

export function mapDeployments(deps: DeploymentLite[], w: Window): ChangeEvent[] {
  const out: ChangeEvent[] = [];
  for (const d of deps) {
    // A deployment takes effect when it completes; one still running counts from its start.
    const t = d.endTime ?? d.startTime;
    const at = t ? new Date(t).getTime() : Number.NaN;
    if (Number.isNaN(at) || at < w.start || at > w.end) continue;
    out.push({
      at,
      operation: "deployment",
      kind: "deployment",
      source: "deployments",
      ...(d.deployer || d.author ? { caller: d.deployer ?? d.author } : {}),
      ...(d.status !== undefined ? { status: KUDU_STATUS[d.status] ?? String(d.status) } : {}),
      ...(d.name ? { correlationId: d.name } : {}),
    });
  }
  return out.sort((a, b) => a.at - b.at);
}

// Activity Log (EventData, api-version 2015-04-01) derived from site and plan timelines. Each operation yields a
// "Started" and a "Succeeded" event sharing a correlationId, newest first, as the real log shows them.
// Deployments, recycles and other platform events are not administrative operations: they are not listed.

import { createHash } from "node:crypto";
import type { SimEvent, SimFleet } from "../fleet.ts";
import { allSites, planId, siteId } from "../world.ts";
import { isoSeconds } from "./time.ts";

export interface ActivityOp {
  at: number;
  resourceId: string;
  resourceType: string;
  resourceGroup: string;
  subscriptionId: string;
  operation: string;
  localized: string;
  caller: string;
  correlationId: string;
  /** The request body the caller sent, as the Activity Log keeps it on the BeginRequest event (a swap's target). */
  requestBody?: string;
}

export function uuidFrom(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const DEFAULT_CALLER = "ops@contoso.com";

function siteOperation(e: SimEvent, slot: boolean): [string, string] | undefined {
  const base = slot ? "Microsoft.Web/sites/slots" : "Microsoft.Web/sites";
  switch (e.type) {
    case "restart":
      return [`${base}/restart/action`, slot ? "Restart Web App Slot" : "Restart Web App"];
    case "stop":
      return [`${base}/stop/action`, slot ? "Stop Web App Slot" : "Stop Web App"];
    case "start":
      return [`${base}/start/action`, slot ? "Start Web App Slot" : "Start Web App"];
    case "config":
    case "appSettings":
      return [`${base}/config/write`, "Update Web App Configuration"];
    case "swap":
      return [`${base}/slotsswap/action`, "Swap Web App Slots"];
    default:
      return undefined;
  }
}

function planOperation(e: SimEvent): [string, string] | undefined {
  if (e.type === "scale") return ["Microsoft.Web/serverfarms/write", "Create or Update App Service Plan"];
  if (e.type === "rebootWorker") return ["Microsoft.Web/serverfarms/workers/reboot/action", "Reboot Worker"];
  return undefined;
}

/** Administrative operations of one subscription up to `now`. */
export function activityOps(
  fleet: SimFleet,
  subscriptionId: string,
  now: number,
  correlation: WeakMap<SimEvent, string>,
): ActivityOp[] {
  const out: ActivityOp[] = [];
  const add = (
    e: SimEvent,
    i: number,
    id: string,
    type: string,
    rg: string,
    op: [string, string] | undefined,
  ): void => {
    if (!op || e.at > now) return;
    out.push({
      at: e.at,
      resourceId: id,
      resourceType: type,
      resourceGroup: rg,
      subscriptionId,
      operation: op[0],
      localized: op[1],
      caller: ("caller" in e && e.caller) || DEFAULT_CALLER,
      correlationId: correlation.get(e) ?? uuidFrom(`${id}|${i}|${e.at}|${e.type}`),
      ...(e.type === "swap" ? { requestBody: JSON.stringify({ targetSlot: e.targetSlot, preserveVnet: true }) } : {}),
    });
  };
  for (const site of allSites(fleet)) {
    if (site.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) continue;
    const id = siteId(site);
    const type = site.slot ? "Microsoft.Web/sites/slots" : "Microsoft.Web/sites";
    site.timeline.forEach((e, i) => {
      add(e, i, id, type, site.resourceGroup, siteOperation(e, site.slot !== undefined));
    });
  }
  for (const plan of fleet.plans) {
    if (plan.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) continue;
    const id = planId(plan);
    plan.timeline.forEach((e, i) => {
      add(e, i, id, "Microsoft.Web/serverfarms", plan.resourceGroup, planOperation(e));
    });
  }
  return out;
}

const ls = (value: string, localizedValue = value) => ({ value, localizedValue });

/** The two EventData records of one operation: [Succeeded at the event time, Started a second before] (newest first). */
export function eventData(op: ActivityOp, tenantId: string): Record<string, unknown>[] {
  const record = (phase: "Started" | "Succeeded", at: number): Record<string, unknown> => {
    const eventDataId = uuidFrom(`${op.correlationId}|${phase}|${op.resourceId}`);
    const ticks = String(BigInt(at) * 10_000n + 621_355_968_000_000_000n);
    return {
      authorization: { action: op.operation, scope: op.resourceId },
      caller: op.caller,
      channels: "Operation",
      claims: {},
      correlationId: op.correlationId,
      description: "",
      eventDataId,
      eventName: phase === "Started" ? ls("BeginRequest", "Begin request") : ls("EndRequest", "End request"),
      category: ls("Administrative"),
      eventTimestamp: new Date(at).toISOString(),
      id: `${op.resourceId}/events/${eventDataId}/ticks/${ticks}`,
      level: "Informational",
      operationId: uuidFrom(`${op.correlationId}|operation`),
      operationName: ls(op.operation, op.localized),
      resourceGroupName: op.resourceGroup,
      resourceProviderName: ls("Microsoft.Web"),
      resourceType: ls(op.resourceType),
      resourceId: op.resourceId,
      status: ls(phase),
      subStatus: phase === "Succeeded" ? ls("OK", "OK (HTTP Status Code: 200)") : ls(""),
      submissionTimestamp: isoSeconds(at + 12_000),
      subscriptionId: op.subscriptionId,
      tenantId,
      // properties.requestbody: the JSON body of the call, on the BeginRequest record (Azure Monitor
      // activity log schema, Administrative category).
      properties:
        phase === "Succeeded"
          ? { statusCode: "OK", serviceRequestId: uuidFrom(`${op.correlationId}|svc`) }
          : op.requestBody
            ? { requestbody: op.requestBody }
            : {},
      httpRequest: {
        clientRequestId: uuidFrom(`${op.correlationId}|client`),
        clientIpAddress: "203.0.113.10",
        method: op.operation.endsWith("/write") ? "PUT" : "POST",
      },
    };
  };
  return [record("Succeeded", op.at), record("Started", op.at - 1000)];
}

// Helpers of the write adapter: the correlation header and response capture, resource IDs of writes,
// and the write-specific wording of errors (a write is never retried, and a failed one may have applied).
import { randomUUID } from "node:crypto";
import { DomainError } from "../core/errors.ts";
import type { SiteTarget, WriteOptions, WriteResult } from "../core/writer.ts";
import { parseResourceId } from "./ids.ts";

export const CORRELATION_HEADER = "x-ms-correlation-request-id";

/** The part of the SDK's raw response the capture reads (the operation option `onResponse`). */
type OnResponse = (raw: { status: number; headers: { get(name: string): string | undefined } }) => void;

export interface Capture {
  /** Operation options for the SDK call: our correlation header, the response hook, the signal. */
  options(signal: AbortSignal): {
    requestOptions: { headers: Record<string, string> };
    onResponse: OnResponse;
    abortSignal: AbortSignal;
  };
  result(): WriteResult;
}

/** Sends our correlation id and keeps what ARM answered to the call itself (polls do not pass through here). */
export function capture(opts: WriteOptions = {}): Capture {
  const sent = opts.correlationId ?? randomUUID();
  let first: { status: number; requestId?: string; correlationId?: string } | undefined;
  const onResponse: OnResponse = (raw) => {
    if (!first) {
      first = {
        status: raw.status,
        requestId: raw.headers.get("x-ms-request-id") ?? undefined,
        correlationId: raw.headers.get(CORRELATION_HEADER) ?? undefined,
      };
    }
  };
  return {
    options: (signal) => ({
      requestOptions: { headers: { [CORRELATION_HEADER]: sent } },
      onResponse,
      abortSignal: signal,
    }),
    result: () => ({
      correlationId: first?.correlationId ?? sent,
      ...(first?.requestId ? { requestId: first.requestId } : {}),
      status: first?.status ?? 0,
    }),
  };
}

/** Where an ARM resource lives: what the SDK methods take. */
export interface ResourceKey {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

export function planKey(planId: string): ResourceKey {
  const p = parseResourceId(planId);
  if (!p?.resourceGroup || p.resourceType?.toLowerCase() !== "microsoft.web/serverfarms" || !p.names[0]) {
    throw new DomainError({
      kind: "invalid",
      userMessage: `'${planId}' is not an App Service plan resource ID.`,
      call: "plan write",
    });
  }
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name: p.names[0] };
}

/** Subscription, resource group and name of an autoscale setting's resource ID. */
export function autoscaleKey(settingId: string): ResourceKey {
  const p = parseResourceId(settingId);
  if (!p?.resourceGroup || p.resourceType?.toLowerCase() !== "microsoft.insights/autoscalesettings" || !p.names[0]) {
    throw new DomainError({
      kind: "invalid",
      userMessage: `'${settingId}' is not an autoscale setting resource ID.`,
      call: "autoscale write",
    });
  }
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, name: p.names[0] };
}

/** Site or slot resource ID of a target, for 403 scopes. */
export function siteId(app: SiteTarget, slot = app.slot): string {
  const site = `/subscriptions/${app.subscriptionId}/resourceGroups/${app.resourceGroup}/providers/Microsoft.Web/sites/${app.name}`;
  return slot ? `${site}/slots/${slot}` : site;
}

/** The RBAC action of a site write, slot-aware ("restart/action" → Microsoft.Web/sites/slots/restart/action). */
export function siteAction(tail: string, slot: string | undefined): string {
  return slot ? `Microsoft.Web/sites/slots/${tail}` : `Microsoft.Web/sites/${tail}`;
}

/** "P1v3" → "Pv3", "S1" → "S", "P1mv3" → "Pmv3": the family ARM reports for a SKU name. */
export function skuFamily(skuName: string): string {
  return skuName.replace(/\d+/, "");
}

const NOT_RETRIED = "The bot never retries a change on its own.";

/** Rewords a read-oriented DomainError for a write: who may grant it, and that a failed write may have applied. */
export function asWriteError(err: unknown): unknown {
  if (!(err instanceof DomainError)) return err;
  const again = (hint: string) => new DomainError({ ...err, hint, cause: err.cause ?? err });
  switch (err.kind) {
    case "forbidden":
      return /lacks permission/.test(err.userMessage)
        ? again(`${err.hint ?? ""} A custom role that includes this action works too.`.trim())
        : err;
    case "timeout":
      return again(
        `The change may still have been applied: check the app (/appsvc status) before proposing it again. ${NOT_RETRIED}`,
      );
    case "throttled":
      return again(
        `${NOT_RETRIED} Try again${err.retryAfterSeconds !== undefined ? ` after ${err.retryAfterSeconds} s` : " in a minute"}.`,
      );
    case "unavailable":
      return again(`Azure may have applied it anyway: check the app before proposing it again. ${NOT_RETRIED}`);
    default:
      return err;
  }
}

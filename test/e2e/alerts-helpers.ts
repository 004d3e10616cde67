// Sending Azure Monitor webhooks to the bot as an action group does: POST, JSON, ?token=, optional bearer.
import { randomUUID } from "node:crypto";
import { ALERTS_PATH } from "../../src/http/alerts.ts";
import { type MetricAlertSpec, metricAlertPayload } from "../../src/sim/azure/alerts/payload.ts";
import type { SimSite } from "../../src/sim/azure/fleet.ts";
import type { Harness } from "./harness.ts";

export const ALERTS_TOKEN = "e2e-alerts-token-3f9c2a71b8";

export function siteId(s: Pick<SimSite, "subscriptionId" | "resourceGroup" | "name">): string {
  return `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.Web/sites/${s.name}`;
}

export function appIdOf(h: Harness, name: string, resourceGroup?: string): string {
  const s = h.azure.fleet.sites.find((x) => x.name === name && (!resourceGroup || x.resourceGroup === resourceGroup));
  if (!s) throw new Error(`no simulated app ${name}`);
  return siteId(s);
}

/** A Http5xx alert on `appId`, fired now on the simulator's clock. */
export function http5xxAlert(
  h: Harness,
  appId: string,
  o: Partial<MetricAlertSpec> = {},
): MetricAlertSpec & { alertGuid: string } {
  const now = h.azure.clock.now();
  return {
    alertGuid: randomUUID(),
    subscriptionId: appId.split("/")[2],
    targetId: appId,
    rule: "http5xx-rate",
    severity: 1,
    condition: "Fired",
    firedAt: now - 60_000,
    metric: "Http5xx",
    operator: "GreaterThan",
    threshold: 10,
    observed: 42,
    aggregation: "Total",
    windowMinutes: 5,
    ...o,
  };
}

export interface PostOptions {
  token?: string | null;
  bearer?: string;
  /** A raw body instead of JSON. */
  raw?: string | Buffer;
  contentType?: string;
}

export async function postAlert(
  h: Harness,
  body: unknown,
  o: PostOptions = {},
): Promise<{ status: number; body: string }> {
  const token = o.token === undefined ? ALERTS_TOKEN : o.token;
  const url = `${h.botUrl}${ALERTS_PATH}${token === null ? "" : `?token=${encodeURIComponent(token)}`}`;
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": o.contentType ?? "application/json",
      ...(o.bearer ? { authorization: `Bearer ${o.bearer}` } : {}),
    },
    body: o.raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: await res.text() };
}

export const payloadOf = (spec: MetricAlertSpec) => metricAlertPayload(spec);

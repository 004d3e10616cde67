// The webhook endpoint answers only once the alert's claim is stored: 200 "accepted" (work started), 200
// "duplicate" for a retry already claimed (nothing started), 503 when the claim could not be stored, so
// Azure Monitor's action group retries instead of the alert being lost. The real handler on a real server.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { Alert } from "../../src/alerts/schema.ts";
import { ALERTS_PATH, alertsHandler } from "../../src/http/alerts.ts";
import { createLogger } from "../../src/log.ts";
import { metricAlertPayload } from "../../src/sim/azure/alerts/payload.ts";

const TOKEN = "endpoint-test-token-41c7e9";
const APP =
  "/subscriptions/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0/resourceGroups/rg-shop/providers/Microsoft.Web/sites/shop-api";
const body = metricAlertPayload({
  alertGuid: "7a3e5c1d-9b2f-4e6a-8c0d-1f2e3a4b5c6d",
  subscriptionId: "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0",
  targetId: APP,
  rule: "http5xx-rate",
  severity: 1,
  condition: "Fired",
  firedAt: Date.UTC(2026, 10, 24, 10, 0),
  metric: "Http5xx",
  operator: "GreaterThan",
  threshold: 10,
  observed: 42,
  aggregation: "Total",
  windowMinutes: 5,
});

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function endpoint(claim: (a: Alert) => Promise<string | undefined>) {
  const started: string[] = [];
  const handler = alertsHandler<string>({
    settings: { token: TOKEN },
    stopping: () => false,
    claim,
    start: (_a, c) => void started.push(c),
    log: createLogger({ level: "silent" }),
  });
  server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as AddressInfo).port;
  const post = async () => {
    const r = await fetch(`http://127.0.0.1:${port}${ALERTS_PATH}?token=${TOKEN}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, string> };
  };
  return { post, started };
}

describe("the alert webhook answers after the claim is stored", () => {
  it("accepted once, then a retry is a duplicate with nothing started", async () => {
    const claimed = new Set<string>();
    const e = await endpoint(async (a) => {
      const key = `${a.alertId} ${a.notification}`;
      if (claimed.has(key)) return undefined;
      claimed.add(key);
      return "claim-1";
    });
    expect(await e.post()).toEqual({ status: 200, body: { status: "accepted" } });
    expect(await e.post()).toEqual({ status: 200, body: { status: "duplicate" } });
    expect(e.started).toEqual(["claim-1"]);
  });

  it("a store that cannot record the claim answers 503, so the action group retries; nothing starts", async () => {
    const e = await endpoint(async () => {
      throw new Error("SQLITE_BUSY: database is locked");
    });
    const r = await e.post();
    expect(r.status).toBe(503);
    expect(r.body.error).toMatch(/could not record the alert; the action group will retry/);
    expect(JSON.stringify(r.body)).not.toMatch(/SQLITE|locked/);
    expect(e.started).toEqual([]);
  });
});

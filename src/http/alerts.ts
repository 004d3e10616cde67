// POST /alerts/azure-monitor: the HTTP transport of Azure Monitor action-group webhooks. Admission is
// src/alerts/admit.ts; this file reads the body (stopping at the cap), stores the claim (with the alert),
// then answers: 200 before any Slack or Azure work, 503 while shutting down or when the claim could not be
// stored, so the action group retries. Then it hands the alert on. The URL carries the token: never logged.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type AlertsAdmission, admitBody, admitHead, type BearerCheck, MAX_ALERT_BYTES } from "../alerts/admit.ts";
import type { Alert } from "../alerts/schema.ts";
import type { Logger } from "../log.ts";

export const ALERTS_PATH = "/alerts/azure-monitor";

export interface AlertsEndpointDeps<C> {
  settings: AlertsAdmission | undefined;
  bearer?: BearerCheck;
  /** The bot is shutting down: answer 503 so the action group retries on another replica or later. */
  stopping(): boolean;
  /**
   * Stores the claim on this notification, with the alert, before the 200: undefined for a retry of one
   * already claimed (answered 200, nothing started). Throws when the store fails (answered 503).
   */
  claim(alert: Alert): Promise<C | undefined>;
  /** Starts the work on a new claim (called after the 200 is written). */
  start(alert: Alert, claim: C): void;
  log: Logger;
}

function answer(res: ServerResponse, status: number, body: Record<string, string>): void {
  if (res.headersSent) return;
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

/** Reads at most `max` bytes; "too large" as soon as the body passes it (the rest is not buffered). */
export function readCapped(req: IncomingMessage, max: number): Promise<Buffer | "too large"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on("data", (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > max) {
        done = true;
        chunks.length = 0;
        resolve("too large");
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

export function alertsHandler<C>(d: AlertsEndpointDeps<C>) {
  const refuse = (res: ServerResponse, status: number, reason: string, extra: Record<string, unknown> = {}) => {
    d.log.warn({ status, reason, ...extra }, "alert webhook refused");
    if (status === 413) res.setHeader("connection", "close");
    answer(res, status, { error: reason });
  };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const head = admitHead(
        {
          method: req.method,
          url: req.url,
          contentLength: req.headers["content-length"],
          contentType: req.headers["content-type"],
        },
        d.settings,
      );
      if (!head.ok) {
        req.resume();
        return refuse(res, head.status, head.reason);
      }
      if (head.needsBearer) {
        const b = d.bearer ? await d.bearer(req.headers.authorization) : undefined;
        if (!b?.ok) {
          req.resume();
          return refuse(res, 401, b && !b.ok ? b.reason : "secure webhook is enabled but no verifier is configured");
        }
      }
      const max = d.settings?.maxBytes ?? MAX_ALERT_BYTES;
      const body = admitBody(await readCapped(req, max), max);
      if (!body.ok) return refuse(res, body.status, body.reason);
      const a = body.alert;
      const fields = { alertId: a.alertId, rule: a.rule, condition: a.monitorCondition, severity: `Sev${a.severity}` };
      if (d.stopping()) return refuse(res, 503, "shutting down; the action group will retry", fields);
      let claim: C | undefined;
      try {
        claim = await d.claim(a);
      } catch (e) {
        d.log.error({ err: e, ...fields }, "alert claim could not be stored");
        return refuse(res, 503, "the bot could not record the alert; the action group will retry", fields);
      }
      d.log.info({ ...fields, duplicate: claim === undefined }, "alert webhook accepted");
      answer(res, 200, { status: claim === undefined ? "duplicate" : "accepted" });
      if (claim !== undefined) d.start(a, claim);
    } catch (e) {
      d.log.error({ err: e }, "alert webhook failed");
      answer(res, 500, { error: "internal error" });
    }
  };
}

// GET /healthz: used by the container HEALTHCHECK and load balancers. 503 while shutting down,
// so a load balancer stops sending work before the process exits.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface HealthSource {
  stopping: boolean;
  inFlight: number;
}

export function healthBody(src: HealthSource, startedAt: number, now = Date.now()): { status: number; body: string } {
  const status = src.stopping ? 503 : 200;
  return {
    status,
    body: JSON.stringify({
      status: src.stopping ? "stopping" : "ok",
      uptimeSeconds: Math.round((now - startedAt) / 1000),
      inFlight: src.inFlight,
    }),
  };
}

export function healthHandler(src: HealthSource, startedAt: number) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    const { status, body } = healthBody(src, startedAt);
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(body);
  };
}

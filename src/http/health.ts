// GET /healthz: used by the container HEALTHCHECK and load balancers. 503 while shutting down,
// so a load balancer stops sending work before the process exits.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface HealthSource {
  stopping: boolean;
  inFlight: number;
}

/** Requests refused at the door since start, by reason. */
export type RefusalCounts = () => Record<string, number>;

export function healthBody(
  src: HealthSource,
  startedAt: number,
  now = Date.now(),
  refused?: RefusalCounts,
): { status: number; body: string } {
  const status = src.stopping ? 503 : 200;
  return {
    status,
    body: JSON.stringify({
      status: src.stopping ? "stopping" : "ok",
      uptimeSeconds: Math.round((now - startedAt) / 1000),
      inFlight: src.inFlight,
      ...(refused ? { refused: refused() } : {}),
    }),
  };
}

export function healthHandler(src: HealthSource, startedAt: number, refused?: RefusalCounts) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    const { status, body } = healthBody(src, startedAt, Date.now(), refused);
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(body);
  };
}

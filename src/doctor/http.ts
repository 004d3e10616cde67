// A small JSON-over-HTTPS helper for the doctor's probes (Slack Web API, ARM, Log Analytics): status, headers
// and body of one request with a deadline, trusting an extra CA when given (the simulator's).
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export function callJson(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; ca?: string; timeoutMs?: number } = {},
): Promise<Answer> {
  const u = new URL(url);
  const request = u.protocol === "http:" ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      u,
      {
        method: opts.method ?? "GET",
        headers: { accept: "application/json", ...opts.headers },
        ...(opts.ca && u.protocol === "https:" ? { ca: opts.ca } : {}),
        timeout: opts.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer from ${u.host} within ${opts.timeoutMs ?? 10_000} ms`)));
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** Azure's `{ error: { code, message } }`, else the status. */
export function azureError(a: Answer): string {
  const e = (a.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return e?.code ? `${e.code}: ${e.message ?? ""}`.trim() : `HTTP ${a.status}`;
}

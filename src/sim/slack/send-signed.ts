// Slack → app HTTP delivery for the driver: a POST on node:http(s) with keep-alive, timed the way Slack
// times an ack: from the moment the request has been written to the connection until the whole response
// is in. Time spent before that (signing, and queueing behind the other requests a benchmark fires from
// this same event loop) is reported apart as `queuedMs`: on Slack it happens on other machines.
import http from "node:http";
import https from "node:https";
import { readBody } from "./http-util.ts";

export interface Delivery {
  status: number;
  contentType: string;
  body: string;
  /** Request written → response complete. */
  ackMs: number;
  /** Call → request written (this process's own queueing). */
  queuedMs: number;
}

const agents = {
  "http:": new http.Agent({ keepAlive: true }),
  "https:": new https.Agent({ keepAlive: true }),
};

export function postForm(url: string, headers: Record<string, string>, body: string): Promise<Delivery> {
  const called = performance.now();
  const u = new URL(url);
  const mod = u.protocol === "https:" ? https : http;
  const agent = agents[u.protocol as keyof typeof agents];
  if (!agent) return Promise.reject(new Error(`postForm: unsupported protocol in ${url}`));
  const payload = Buffer.from(body);
  return new Promise((resolve, reject) => {
    let written = called;
    const req = mod.request(
      u,
      { method: "POST", agent, headers: { ...headers, "content-length": String(payload.length) } },
      (res) => {
        readBody(res).then(
          (body) =>
            resolve({
              status: res.statusCode ?? 0,
              contentType: String(res.headers["content-type"] ?? ""),
              body: body.toString("utf8"),
              ackMs: performance.now() - written,
              queuedMs: written - called,
            }),
          reject,
        );
      },
    );
    req.on("finish", () => {
      written = performance.now();
    });
    req.on("error", reject);
    req.end(payload);
  });
}

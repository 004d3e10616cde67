// One request through the simulator: parse → record → route → auth → fault → latency → throttle → handler → reply.

import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type FaultRegistry, type FaultSpec, faultStatus } from "./faults.ts";
import type { HoldRegistry } from "./holds.ts";
import type { Ctx, Reply, SimState } from "./http.ts";
import { callerFromToken } from "./identity.ts";
import { parseUrl, type RouteDef, type Router } from "./router.ts";
import type { SimRequest } from "./server.ts";
import type { Buckets } from "./throttle.ts";
import { authorizationFailedMessage, defaultError, errorBody, HttpError, throttledMessage } from "./wire/errors.ts";

export interface Pipeline {
  state: SimState;
  router: Router;
  faults: FaultRegistry;
  holds: HoldRegistry;
  requests: SimRequest[];
  latencyMs: number;
  reads: Buckets;
  enforceReads: boolean;
  writes: Buckets;
  timers: Set<NodeJS.Timeout>;
  closed: boolean;
}

/** Routes whose 202 fault means "run the write as a long-running operation". */
const ASYNC_ROUTES = new Set(["plans.put", "plans.patch"]);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.stream) {
    res.writeHead(reply.status, headers);
    reply.stream(res).then(
      () => res.end(),
      () => res.destroy(),
    );
    return;
  }
  if (reply.raw !== undefined) {
    headers["content-length"] = String(Buffer.byteLength(reply.raw));
    res.writeHead(reply.status, headers);
    res.end(reply.raw);
    return;
  }
  let payload = "";
  if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers["content-type"] = "application/json; charset=utf-8";
  }
  headers["content-length"] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function errorReply(e: HttpError): Reply {
  return { status: e.status, body: errorBody(e.code, e.message), headers: e.headers };
}

/** The resource a 403 names: the {+resource} of Monitor routes, else the site / plan / subscription in the path. */
function scopeOf(path: string, params: Record<string, string>): string {
  if (params.resource) return params.resource;
  const m =
    /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Web\/(?:sites\/[^/]+(?:\/slots\/[^/]+)?|serverfarms\/[^/]+))/i.exec(
      path,
    );
  if (m) return m[1];
  return /^(\/subscriptions\/[^/]+)/i.exec(path)?.[1] ?? path;
}

function subscriptionOf(path: string): string {
  return /\/subscriptions\/([^/]+)/i.exec(path)?.[1]?.toLowerCase() ?? "";
}

function faultReply(f: FaultSpec, status: number, route: RouteDef, ctx: Ctx): Reply {
  const d = defaultError(status);
  let code = f.errorCode ?? d.code;
  let message = f.message ?? d.message;
  if (status === 403 && f.errorCode === undefined) code = "AuthorizationFailed";
  if (status === 403 && f.message === undefined) {
    message = authorizationFailedMessage(
      ctx.caller.name,
      ctx.caller.objectId,
      route.action,
      scopeOf(ctx.path, ctx.params),
    );
  }
  if (status === 404 && f.message === undefined && f.errorCode === undefined) {
    code = "ResourceNotFound";
    message = `The Resource '${scopeOf(ctx.path, ctx.params)}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`;
  }
  const headers: Record<string, string> = {};
  if (f.retryAfterSeconds !== undefined) headers["retry-after"] = String(f.retryAfterSeconds);
  return { status, body: status >= 400 ? errorBody(code, message) : undefined, headers };
}

function delay(p: Pipeline, ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      p.timers.delete(t);
      resolve();
    }, ms);
    p.timers.add(t);
  });
}

export async function handleRequest(p: Pipeline, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const method = (req.method ?? "GET").toUpperCase();
  const url = parseUrl(req.url ?? "/");
  const matched = p.router.match(method, url.segments);
  const route = matched && "route" in matched ? matched : undefined;
  const raw = route?.route.rawBody ? "" : await readBody(req);
  let body: unknown;
  let badJson = false;
  if (raw.trim() !== "") {
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
      badJson = true;
    }
  }
  // A test may park this request (src/sim/azure/holds.ts): "drop" before it is recorded, "carryOut" after.
  const held = route ? p.holds.take(route.route.id, method) : undefined;
  if (held?.onRelease === "drop") {
    await held.park();
    res.destroy();
    held.settle();
    return;
  }
  const record: SimRequest = {
    at: p.state.fleet.clock.now(),
    method,
    path: url.path,
    query: url.query,
    route: route?.route.id ?? "unknown",
    status: 0,
    ...(route?.params.region !== undefined ? { region: route.params.region } : {}),
    ...(body !== undefined ? { body } : {}),
  };
  p.requests.push(record);
  if (held) await held.park();
  const requestId = randomUUID();
  const correlationId = (req.headers["x-ms-correlation-request-id"] as string | undefined) ?? randomUUID();
  // Latency is the whole time a call takes as a client sees it: the handler's own work counts toward
  // it, so "100 ms per call" means 100 ms, not 100 ms plus the simulator's CPU time.
  let respondAt = 0;
  const finish = async (reply: Reply, extra: Record<string, string> = {}): Promise<void> => {
    const wait = respondAt - performance.now();
    if (wait > 0) await delay(p, wait);
    held?.settle();
    if (p.closed || res.destroyed) return;
    // A raw-body route answered without reading the upload (a fault, a refusal): drain it.
    if (!req.readableEnded) req.resume();
    record.status = reply.status;
    send(res, {
      ...reply,
      headers: {
        "x-ms-request-id": requestId,
        "x-ms-correlation-request-id": correlationId,
        ...extra,
        ...reply.headers,
      },
    });
  };

  if (!route) {
    const e = matched
      ? new HttpError(405, "MethodNotAllowed", `The requested resource does not support http method '${method}'.`)
      : new HttpError(404, "NotFound", `No HTTP resource was found that matches the request URI '${url.path}'.`);
    finish(errorReply(e));
    return;
  }
  const def = route.route;
  const auth = req.headers.authorization ?? "";
  const token = /^Bearer\s+(\S.*)$/i.exec(auth)?.[1]?.trim();
  if (def.auth !== "none" && !token) {
    finish(
      errorReply(
        new HttpError(
          401,
          "AuthenticationFailed",
          "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.",
          {
            "www-authenticate":
              'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"',
          },
        ),
      ),
    );
    return;
  }
  const ctx: Ctx = {
    state: p.state,
    method,
    path: url.path,
    params: route.params,
    query: url.query,
    body,
    headers: req.headers,
    caller: callerFromToken(token ?? ""),
    correlationId,
    now: 0,
    async: false,
    ...(def.rawBody ? { req } : {}),
  };

  const fault = p.faults.take(def.id, method, url.path);
  if (fault?.hang) return; // never answered: the client aborts or close() drops the socket
  respondAt = started + p.latencyMs + (fault?.latencyMs ?? 0);
  if (method !== "GET") {
    // A write waits before it acts: a client that gives up during the latency changes nothing.
    await delay(p, respondAt - performance.now());
    // A held write that Azure received is carried out even though its client went away meanwhile.
    if (p.closed || (res.destroyed && !held)) return;
  }

  const arm = def.auth === "arm";
  const sub = subscriptionOf(url.path);
  const extra: Record<string, string> = {};
  if (arm && method === "GET") {
    const t = p.reads.take(`${sub}:read`);
    if (!t.ok && p.enforceReads) {
      const retry = String(t.retryAfterSeconds);
      finish(
        errorReply(
          new HttpError(429, "TooManyRequests", throttledMessage("read", sub, t.retryAfterSeconds), {
            "retry-after": retry,
          }),
        ),
        {
          "x-ms-ratelimit-remaining-subscription-reads": "0",
        },
      );
      return;
    }
    extra["x-ms-ratelimit-remaining-subscription-reads"] = String(t.remaining);
  } else if (arm) {
    extra["x-ms-ratelimit-remaining-subscription-writes"] = String(p.writes.take(`${sub}:write`).remaining);
  }

  ctx.now = p.state.fleet.clock.now();
  const status = fault ? faultStatus(fault) : undefined;
  if (fault && status !== undefined) {
    if (status === 202 && ASYNC_ROUTES.has(def.id)) ctx.async = true;
    else if (status >= 300 || status === 202) {
      finish(faultReply(fault, status, def, ctx), extra);
      return;
    }
  }
  if (badJson) {
    finish(
      errorReply(
        new HttpError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized."),
      ),
      extra,
    );
    return;
  }
  try {
    finish(await def.handler(ctx), extra);
  } catch (e) {
    if (e instanceof HttpError) finish(errorReply(e), extra);
    else
      finish(errorReply(new HttpError(500, "InternalServerError", e instanceof Error ? e.message : String(e))), extra);
  }
}

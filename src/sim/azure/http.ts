// What a route handler sees and returns. Handlers are plain functions of (state, request) → reply.

import type { IncomingHttpHeaders } from "node:http";
import type { SimEntra } from "./entra.ts";
import type { SimEvent, SimFleet } from "./fleet.ts";
import type { Sampler } from "./sampler.ts";

/** Who called, from the bearer token (a JWT from the sim's identity endpoint, or any opaque string). */
export interface Caller {
  /** What the Activity Log shows as `caller` and 403 messages as the client: upn, appid, oid, or the raw token. */
  name: string;
  objectId: string;
}

/** Server-wide state the handlers share. */
export interface SimState {
  fleet: SimFleet;
  /** "https://127.0.0.1:PORT" */
  baseUrl: string;
  pageSize: number;
  sampler: Sampler;
  /** ARM correlation id of events written through the API (others get a deterministic one). */
  correlation: WeakMap<SimEvent, string>;
  /** Pending long-running plan operations: operation id → plan resource id. */
  operations: Map<string, string>;
  /** Signing keys of the secure webhook's tokens (JWKS route). */
  entra: SimEntra;
}

export interface Ctx {
  state: SimState;
  method: string;
  /** Normalised path: single slashes, no trailing slash, segments decoded. */
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  headers: IncomingHttpHeaders;
  caller: Caller;
  /** x-ms-correlation-request-id of this request (stored on events a write appends). */
  correlationId: string;
  /** Simulated time. */
  now: number;
  /** A fault asked for 202 Accepted + polling on a long-running write. */
  async: boolean;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export const ok = (body?: unknown, headers?: Record<string, string>): Reply => ({ status: 200, body, headers });

/** The api-version a request carried (recorded, never enforced). */
export function apiVersion(ctx: Ctx, fallback: string): string {
  return ctx.query["api-version"] ?? fallback;
}

// What a route handler sees and returns. Handlers are plain functions of (state, request) → reply.

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import type { SimEntra } from "./entra.ts";
import type { SimEvent, SimFleet } from "./fleet.ts";
import type { SimPermission } from "./routes/authorization.ts";
import type { BlobStore } from "./routes/blob-store.ts";
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
  /** What Microsoft.Authorization/permissions answers (the sim itself does not enforce it; faults give 403s). */
  permissions: SimPermission[];
  /** Blob containers the blob routes write to (src/sim/azure/routes/blob.ts). */
  blobs: BlobStore;
  /** Cap on a simulated process dump's size (the bench streams 1 GB; tests keep it small). */
  maxDumpBytes: number;
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
  /** The request itself, unread, for routes with `rawBody` (blob uploads are consumed as a stream). */
  req?: IncomingMessage;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A streamed body (dumps, container logs, the log stream): written after the head, instead of `body`. */
  stream?: (res: ServerResponse) => Promise<void>;
  /** A body sent verbatim (text, XML, zip) with `headers["content-type"]`. */
  raw?: Buffer | string;
}

export type Handler = (ctx: Ctx) => Reply | Promise<Reply>;

export const ok = (body?: unknown, headers?: Record<string, string>): Reply => ({ status: 200, body, headers });

/** The api-version a request carried (recorded, never enforced). */
export function apiVersion(ctx: Ctx, fallback: string): string {
  return ctx.query["api-version"] ?? fallback;
}

// The Azure simulator: one HTTPS server speaking ARM (App Service, Monitor, Resource Health), the regional metrics
// batch API and Log Analytics, plus a plain-http App Service managed identity endpoint. Routes read and write the
// SimFleet; every request is recorded; faults, base latency and ARM throttling can be injected.

import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { simCertificate, writeCaFile } from "./cert.ts";
import { SimEntra } from "./entra.ts";
import { FaultRegistry, type Faults } from "./faults.ts";
import type { SimFleet } from "./fleet.ts";
import { type Hold, HoldRegistry, type HoldSpec } from "./holds.ts";
import type { SimState } from "./http.ts";
import { startIdentityServer } from "./identity.ts";
import { handleRequest, type Pipeline } from "./pipeline.ts";
import { Router } from "./router.ts";
import { ALLOW_ALL, type SimPermission } from "./routes/authorization.ts";
import { BlobStore } from "./routes/blob-store.ts";
import { ROUTES } from "./routes/index.ts";
import { Sampler } from "./sampler.ts";
import { Buckets, TokenBucket } from "./throttle.ts";

export type { FaultSpec } from "./faults.ts";
export type { Hold, HoldSpec } from "./holds.ts";
export type { SimPermission } from "./routes/authorization.ts";

export interface SimRequest {
  /** Simulated time the request arrived. */
  at: number;
  method: string;
  /** Normalised path, no query. */
  path: string;
  query: Record<string, string>;
  /** Stable route id, e.g. "sites.get", "metrics.batch"; "unknown" when no route matched. */
  route: string;
  /** Status answered; 0 while pending, for a hung request, or when the client went away first. */
  status: number;
  /** The {region} of a metrics batch call. */
  region?: string;
  body?: unknown;
}

export interface AzureSim {
  url: string;
  metricsBatchEndpointTemplate: string;
  logsEndpoint: string;
  identityEndpoint: string;
  identityHeader: string;
  ca: string;
  caPath: string;
  fleet: SimFleet;
  requests: SimRequest[];
  faults: Faults;
  /** Parks the next request on a route until the test releases it (a call in flight; src/sim/azure/holds.ts). */
  hold(spec: HoldSpec): Hold;
  /** Releases every parked request and forgets the holds. */
  clearHolds(): void;
  /** Blobs written to the simulated storage account (dump uploads). */
  blobs: BlobStore;
  /** Base URL of the simulated SCM (Kudu) hosts: `${scmEndpointTemplate}` with {host} replaced. */
  scmEndpointTemplate: string;
  /** The simulated blob container for dumps, path-style like Azurite: `${url}/blob/{account}/{container}`. */
  dumpsContainerUrl: string;
  /** Entra ID's keys and the secure webhook's tokens. */
  entra: SimEntra;
  /** The JWKS URL of a tenant, as APPSVC_ALERTS_JWKS_URL would name it. */
  jwksUrl(tenant: string): string;
  setLatency(ms: number): void;
  /** Replaces what Microsoft.Authorization/permissions answers. */
  setPermissions(p: SimPermission[]): void;
  close(): Promise<void>;
}

export interface AzureSimOptions {
  fleet: SimFleet;
  port?: number;
  latencyMs?: number;
  /** ARM reads per subscription: a token bucket of `burst`, refilled at `readsPerSecond`; beyond it 429 + Retry-After. */
  throttle?: { readsPerSecond: number; burst: number };
  /** Items per page of list responses (default 50). */
  pageSize?: number;
  /** Port of the managed identity endpoint (default: any free port). */
  identityPort?: number;
  /** What the permissions API answers (default: everything, "*"). */
  permissions?: SimPermission[];
  /** Largest process dump the sim streams (default 64 MiB; a dump is the process's private bytes, capped). */
  maxDumpBytes?: number;
}

export async function startAzureSim(opts: AzureSimOptions): Promise<AzureSim> {
  const cert = await simCertificate();
  const caFile = await writeCaFile(cert.cert);
  const identityHeader = randomBytes(24).toString("hex");
  const identity = await startIdentityServer(identityHeader, opts.identityPort);
  const faults = new FaultRegistry();
  const holds = new HoldRegistry();
  const requests: SimRequest[] = [];
  const state: SimState = {
    fleet: opts.fleet,
    baseUrl: "",
    pageSize: opts.pageSize ?? 50,
    sampler: new Sampler(opts.fleet),
    correlation: new WeakMap(),
    operations: new Map(),
    permissions: opts.permissions ?? ALLOW_ALL,
    blobs: new BlobStore(),
    maxDumpBytes: opts.maxDumpBytes ?? 64 * 1024 * 1024,
    entra: new SimEntra(),
  };
  const pipeline: Pipeline = {
    state,
    router: new Router(ROUTES),
    faults,
    holds,
    requests,
    latencyMs: opts.latencyMs ?? 0,
    // Without a throttle option the buckets only feed the x-ms-ratelimit-remaining-* headers (ARM's real sizes).
    reads: new Buckets(() =>
      opts.throttle ? new TokenBucket(opts.throttle.readsPerSecond, opts.throttle.burst) : new TokenBucket(25, 250),
    ),
    enforceReads: opts.throttle !== undefined,
    writes: new Buckets(() => new TokenBucket(10, 200)),
    timers: new Set(),
    closed: false,
  };
  const server: Server = createServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    handleRequest(pipeline, req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(JSON.stringify({ error: { code: "InternalServerError", message: String(e) } }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `https://127.0.0.1:${port}`;
  state.baseUrl = url;

  return {
    url,
    metricsBatchEndpointTemplate: `${url}/{region}`,
    logsEndpoint: `${url}/v1`,
    identityEndpoint: identity.endpoint,
    identityHeader,
    ca: cert.cert,
    caPath: caFile.path,
    fleet: opts.fleet,
    requests,
    faults,
    hold: (spec) => holds.add(spec),
    clearHolds: () => holds.clear(),
    blobs: state.blobs,
    scmEndpointTemplate: `${url}/scm/{host}`,
    dumpsContainerUrl: `${url}/blob/simdumps/dumps`,
    entra: state.entra,
    jwksUrl: (tenant: string) => `${url}/${tenant}/discovery/v2.0/keys`,
    setLatency(ms: number) {
      pipeline.latencyMs = ms;
    },
    setPermissions(p) {
      state.permissions = p;
    },
    async close() {
      if (pipeline.closed) return;
      pipeline.closed = true;
      holds.clear();
      for (const t of pipeline.timers) clearTimeout(t);
      pipeline.timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await identity.close();
      await caFile.remove();
    },
  };
}

// The App Service managed identity endpoint (plain http, as on App Service) and bearer-token parsing.
// @azure/identity's ManagedIdentityCredential (via MSAL) sends, when IDENTITY_ENDPOINT and IDENTITY_HEADER are set:
//   GET {IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=https://management.azure.com   X-IDENTITY-HEADER: {secret}
// and reads { access_token, expires_on (epoch seconds, a string), resource, token_type }.

import { createHash, randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Caller } from "./http.ts";

/** The identity the sim's tokens carry (what the Activity Log shows as caller for the bot's writes). */
export const SIM_IDENTITY = {
  tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47",
  objectId: "6f0e4c5e-9b1d-4a44-8c3e-51d3c0a1b2c3",
  clientId: "0d6a3a1c-5b7e-4f7e-9f3b-8a2c1e4d5f60",
};

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An unsigned-looking JWT (nobody verifies it here) whose claims name the sim identity. */
export function simToken(resource: string, expiresOnSeconds: number): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    aud: resource,
    iss: `https://sts.windows.net/${SIM_IDENTITY.tenantId}/`,
    iat: now,
    nbf: now,
    exp: expiresOnSeconds,
    appid: SIM_IDENTITY.clientId,
    oid: SIM_IDENTITY.objectId,
    sub: SIM_IDENTITY.objectId,
    tid: SIM_IDENTITY.tenantId,
    idtyp: "app",
  };
  return `${b64url({ typ: "JWT", alg: "RS256", kid: "appsvc-sim" })}.${b64url(claims)}.${randomBytes(16).toString("base64url")}`;
}

function uuidFrom(text: string): string {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Caller from `Authorization: Bearer …`: JWT claims when it is one, else the token itself when it reads as a name. */
export function callerFromToken(token: string): Caller {
  const parts = token.split(".");
  if (parts.length === 3) {
    try {
      const c = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as Record<string, unknown>;
      const str = (k: string): string | undefined => (typeof c[k] === "string" ? (c[k] as string) : undefined);
      const objectId = str("oid") ?? uuidFrom(token);
      return { name: str("upn") ?? str("unique_name") ?? str("oid") ?? str("appid") ?? objectId, objectId };
    } catch {
      // not a JWT after all
    }
  }
  const readable = /^[\w.@+-]{1,128}$/.test(token);
  return { name: readable ? token : "sim-client", objectId: uuidFrom(token) };
}

export interface IdentityServer {
  endpoint: string;
  close(): Promise<void>;
}

/** Starts the token endpoint on 127.0.0.1 (path /msi/token). Tokens expire in 24 h of real time. */
export async function startIdentityServer(header: string, port = 0): Promise<IdentityServer> {
  const server: Server = createServer((req, res) => {
    const url = req.url ?? "/";
    const q = new URLSearchParams(url.includes("?") ? url.slice(url.indexOf("?") + 1) : "");
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "GET" || !url.split("?")[0].toLowerCase().endsWith("/msi/token")) {
      send(404, { error: "not_found", error_description: "Unknown path." });
      return;
    }
    if (req.headers["x-identity-header"] !== header) {
      send(401, {
        statusCode: 401,
        message: "Unauthorized: the X-IDENTITY-HEADER header is missing or wrong.",
        error: "unauthorized_client",
      });
      return;
    }
    const resource = q.get("resource");
    if (!resource) {
      send(400, { statusCode: 400, message: "The 'resource' query parameter is required.", error: "invalid_request" });
      return;
    }
    const expiresOn = Math.floor(Date.now() / 1000) + 24 * 3600;
    send(200, {
      access_token: simToken(resource, expiresOn),
      expires_on: String(expiresOn),
      resource,
      token_type: "Bearer",
      client_id: SIM_IDENTITY.clientId,
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${actual}/msi/token`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

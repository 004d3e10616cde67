// A short capture of Kudu's log stream (GET https://<scm host>/api/logstream), authenticated with a Microsoft
// Entra token for the ARM audience (Kudu authorises it with Microsoft.Web/sites/publish/Action), never with
// basic-auth publishing credentials. The SCM host is the site's own, from enabledHostNames, so apps with a
// unique default hostname (<app>-<hash>.scm.<region>.azurewebsites.net) work too. Bounded in time and bytes.
import { request } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import type { LogStreamRead } from "../collect/types.ts";
import { DomainError } from "../core/errors.ts";
import type { AppRef } from "../core/snapshot.ts";
import { toDomainError } from "./errors.ts";
import { secureContextFor } from "./tls.ts";

export interface KuduSettings {
  credential: TokenCredential;
  /** The ARM scope ("https://management.azure.com/.default"): Kudu accepts ARM-audience tokens. */
  scope: string;
  /** "https://{host}" in Azure; the simulator serves every SCM host under one base. */
  endpointTemplate: string;
  ca?: string;
}

export async function captureLogStream(
  k: KuduSettings,
  app: AppRef,
  host: string,
  bounds: { maxMs: number; maxBytes: number },
  signal: AbortSignal,
): Promise<LogStreamRead> {
  const info = {
    call: `Kudu log stream ${host}`,
    action: app.slot ? "Microsoft.Web/sites/slots/publish/Action" : "Microsoft.Web/sites/publish/Action",
    scope: app.id,
  };
  let token: string;
  try {
    const t = await k.credential.getToken(k.scope, { abortSignal: signal });
    if (!t) throw Object.assign(new Error("no token"), { name: "CredentialUnavailableError" });
    token = t.token;
  } catch (e) {
    throw toDomainError(e, info, { attempts: 1 });
  }
  const url = new URL(`${k.endpointTemplate.replace("{host}", host).replace(/\/+$/, "")}/api/logstream`);
  return new Promise<LogStreamRead>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    const finish = (truncated: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      const text = Buffer.concat(chunks).subarray(0, bounds.maxBytes).toString("utf8");
      resolve({ text, bytes: Math.min(bytes, bounds.maxBytes), truncated, host });
    };
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(e);
    };
    const req = request(
      url,
      {
        method: "GET",
        headers: { authorization: `Bearer ${token}`, accept: "text/plain", "user-agent": "appsvc-bot" },
        ...(k.ca ? { secureContext: secureContextFor(k.ca) } : {}),
        signal,
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 400) {
          res.resume();
          fail(
            toDomainError(
              { statusCode: status, message: `Kudu answered ${status} ${res.statusMessage ?? ""}`.trim() },
              info,
              { attempts: 1, lastStatus: status },
            ),
          );
          return;
        }
        res.on("data", (c: Buffer) => {
          chunks.push(c);
          bytes += c.length;
          if (bytes >= bounds.maxBytes) finish(true);
        });
        res.on("end", () => finish(false));
        res.on("error", (e) => (bytes > 0 ? finish(false) : fail(unreachable(host, e))));
      },
    );
    // The stream never ends by itself: the time bound is the normal way out.
    const timer = setTimeout(() => finish(false), bounds.maxMs);
    req.on("error", (e) => (signal.aborted ? fail(signal.reason) : fail(unreachable(host, e))));
    req.end();
  });
}

function unreachable(host: string, e: unknown): DomainError {
  const code = (e as { code?: string }).code;
  return new DomainError({
    kind: "unavailable",
    call: `Kudu log stream ${host}`,
    cause: e,
    userMessage: `The SCM site ${host} could not be reached${code ? ` (${code})` : ""}.`,
    hint: "Check that the SCM site is running and reachable from the bot (access restrictions on the SCM site, private endpoints).",
  });
}

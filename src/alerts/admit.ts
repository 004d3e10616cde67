// Admission of an Azure Monitor webhook, in one place: the shared-secret token, the optional Entra ID
// bearer ("secure webhook"), the body cap and the schema. `admitHead` and `admitBody` are pure; the
// bearer check (signature via the issuer's JWKS, issuer, audience, expiry) is the only I/O and is injected.
// Every refusal carries the HTTP status and a reason that is safe to log (never the token itself).
import { createHash, timingSafeEqual } from "node:crypto";
import { request } from "node:https";
import { createRemoteJWKSet, customFetch, errors, jwtVerify } from "jose";
import { type Alert, parseCommonAlert } from "./schema.ts";

/** Azure Monitor's common-schema payloads are capped at 256 KB. */
export const MAX_ALERT_BYTES = 256 * 1024;

export interface AlertsAdmission {
  /** APPSVC_ALERTS_TOKEN: required as ?token=… on every request. */
  token: string;
  /** Secure webhook: set when APPSVC_ALERTS_AUDIENCE is. */
  bearer?: BearerSettings;
  maxBytes?: number;
}

export interface BearerSettings {
  audience: string;
  /** Accepted `iss` values (v1 and v2 forms of the tenant's issuer). */
  issuers: string[];
  jwksUrl: string;
}

export type Refusal = { ok: false; status: 400 | 401 | 404 | 405 | 413 | 415; reason: string };
export type HeadDecision = { ok: true; needsBearer: boolean } | Refusal;

export interface AlertRequestHead {
  method: string | undefined;
  /** The request URL (path and query). */
  url: string | undefined;
  contentLength?: string;
  contentType?: string;
}

/** Compares digests so neither the value nor its length leaks through timing. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b) && given.length === expected.length;
}

/** Before the body is read: configured, method, token, declared size. */
export function admitHead(head: AlertRequestHead, settings: AlertsAdmission | undefined): HeadDecision {
  if (!settings) return { ok: false, status: 404, reason: "alerts are not enabled (APPSVC_ALERTS_TOKEN is unset)" };
  if (head.method !== "POST") return { ok: false, status: 405, reason: `method ${head.method ?? "?"} (POST only)` };
  const token = new URL(head.url ?? "/", "http://x").searchParams.get("token");
  if (token === null) return { ok: false, status: 401, reason: "no ?token= in the webhook URL" };
  if (!tokenMatches(token, settings.token)) return { ok: false, status: 401, reason: "wrong ?token=" };
  const declared = Number(head.contentLength ?? Number.NaN);
  if (Number.isFinite(declared) && declared > (settings.maxBytes ?? MAX_ALERT_BYTES))
    return {
      ok: false,
      status: 413,
      reason: `body of ${declared} bytes (limit ${settings.maxBytes ?? MAX_ALERT_BYTES})`,
    };
  const type = (head.contentType ?? "application/json").split(";")[0].trim().toLowerCase();
  if (type !== "application/json" && type !== "text/plain" && type !== "")
    return { ok: false, status: 415, reason: `content-type ${type.slice(0, 60)} (application/json expected)` };
  return { ok: true, needsBearer: settings.bearer !== undefined };
}

export type BodyDecision = { ok: true; alert: Alert } | Refusal;

/** The body as read (the transport stops reading at the cap and passes "too large"). */
export function admitBody(body: Buffer | "too large", maxBytes = MAX_ALERT_BYTES): BodyDecision {
  if (body === "too large") return { ok: false, status: 413, reason: `body over ${maxBytes} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    return { ok: false, status: 400, reason: "the body is not valid JSON" };
  }
  const parsed = parseCommonAlert(json);
  return parsed.ok ? parsed : { ok: false, status: 400, reason: parsed.reason };
}

export type BearerCheck = (authorization: string | undefined) => Promise<{ ok: true } | Refusal>;

/**
 * Validates `Authorization: Bearer <JWT>` with jose: RS256 signature against the JWKS (cached, refetched
 * on an unknown key id), `iss` among the tenant's issuers, `aud`, and `exp`/`nbf` with a minute of skew.
 * `ca`: extra trust for the JWKS host (the simulator in tests).
 */
export function bearerCheck(s: BearerSettings, opts: { ca?: string; now?: () => number } = {}): BearerCheck {
  const jwks = createRemoteJWKSet(new URL(s.jwksUrl), {
    timeoutDuration: 5_000,
    ...(opts.ca ? { [customFetch]: httpsFetch(opts.ca) } : {}),
  });
  return async (authorization) => {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!m) return { ok: false, status: 401, reason: "no bearer token (secure webhook is enabled)" };
    try {
      await jwtVerify(m[1], jwks, {
        algorithms: ["RS256"],
        issuer: s.issuers,
        audience: s.audience,
        clockTolerance: 60,
        ...(opts.now ? { currentDate: new Date(opts.now()) } : {}),
      });
      return { ok: true };
    } catch (e) {
      return { ok: false, status: 401, reason: `bearer token refused: ${bearerReason(e)}` };
    }
  };
}

function bearerReason(e: unknown): string {
  if (e instanceof errors.JWTExpired) return "expired";
  if (e instanceof errors.JWTClaimValidationFailed) return `claim ${e.claim} is wrong (${e.reason})`;
  if (e instanceof errors.JWSSignatureVerificationFailed) return "signature does not verify";
  if (e instanceof errors.JWKSNoMatchingKey) return "signed by a key the issuer does not publish";
  if (e instanceof errors.JOSEAlgNotAllowed) return "algorithm not allowed (RS256 only)";
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid) return "the issuer's keys could not be read";
  if (e instanceof errors.JOSEError) return e.code;
  return "not a valid JWT";
}

/** A fetch over node:https with an extra CA, for jose's remote JWKS. */
function httpsFetch(ca: string) {
  return (url: string, o: { headers: Headers; signal: AbortSignal }): Promise<Response> =>
    new Promise((resolve, reject) => {
      const req = request(url, { ca, headers: Object.fromEntries(o.headers), signal: o.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500 })));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
}

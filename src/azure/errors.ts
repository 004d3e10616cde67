// Azure SDK errors → DomainError a person can act on (missing role and scope, throttled and for how
// long, not found, timed out). Pure apart from reading the error object.
import { DomainError } from "../core/errors.ts";

/** What a call needs, so even a terse 403 can name the missing permission. */
export interface CallInfo {
  /** Short name shown to people and in logs: "webApps.get shop-api". */
  call: string;
  /** The ARM action the call needs, e.g. "Microsoft.Web/sites/read". */
  action?: string;
  /** The scope the call reads, e.g. a resource ID. */
  scope?: string;
}

/** What the pipeline saw while the call ran (filled by the policies in call.ts). */
export interface CallTrace {
  attempts: number;
  lastStatus?: number;
  lastRetryAfterSeconds?: number;
}

interface RestLike {
  name?: string;
  message?: string;
  statusCode?: number;
  code?: string;
  response?: { headers?: { get(name: string): string | undefined | null } };
}

/** Parses Retry-After (seconds or HTTP date) and the ms variants Azure also sends. */
export function retryAfterSeconds(
  get: (name: string) => string | undefined | null,
  now = Date.now(),
): number | undefined {
  const ms = get("retry-after-ms") ?? get("x-ms-retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Math.ceil(Number(ms) / 1000));
  const ra = get("retry-after");
  if (!ra) return undefined;
  if (/^\d+(\.\d+)?$/.test(ra.trim())) return Math.ceil(Number(ra));
  const at = Date.parse(ra);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/** Action and scope from Azure's AuthorizationFailed / LinkedAuthorizationFailed messages. */
export function parseAuthorizationFailure(message: string): { action: string; scope: string } | undefined {
  const linked =
    /does not have permission to perform action(?:\(s\))? '([^']+)' on the linked scope(?:\(s\))? '([^']+)'/i.exec(
      message,
    );
  if (linked) return { action: linked[1], scope: linked[2] };
  const m = /perform action '([^']+)' (?:over|on) scope '([^']+)'/i.exec(message);
  return m ? { action: m[1], scope: m[2] } : undefined;
}

/** The built-in role that grants an action (the least one the bot needs). */
export function roleFor(action: string): string {
  const a = action.toLowerCase();
  if (a.startsWith("microsoft.operationalinsights/")) return "Log Analytics Reader";
  if (a.endsWith("/read")) return a.startsWith("microsoft.insights/") ? "Monitoring Reader" : "Reader";
  if (a.startsWith("microsoft.web/serverfarms/")) return "Web Plan Contributor";
  if (a.startsWith("microsoft.web/sites/")) return "Website Contributor";
  if (a.startsWith("microsoft.insights/autoscalesettings/")) return "Monitoring Contributor";
  return "Contributor";
}

/** "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Web/sites/app" → "app 'app' (resource group 'rg')". */
export function describeScope(scope: string): string {
  const m =
    /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?(?:\/providers\/[^/]+\/([^/]+)\/([^/]+)(?:\/[^/]+\/([^/]+))?)?/i.exec(
      scope,
    );
  if (!m) return scope;
  const [, sub, rg, type, name, child] = m;
  if (name) {
    const what = type.toLowerCase() === "sites" ? "app" : type.toLowerCase() === "serverfarms" ? "plan" : type;
    return `${what} '${child ? `${name}/${child}` : name}' (resource group '${rg}')`;
  }
  return rg ? `resource group '${rg}'` : `subscription '${sub}'`;
}

function isRestLike(e: unknown): e is RestLike {
  return typeof e === "object" && e !== null && typeof (e as RestLike).statusCode === "number";
}

const IDENTITY_ERRORS = new Set(["CredentialUnavailableError", "AuthenticationError", "AggregateAuthenticationError"]);

/** Translates anything an Azure call threw. `timedOutAfterMs` is set when the bot's deadline fired. */
export function toDomainError(err: unknown, info: CallInfo, trace: CallTrace, timedOutAfterMs?: number): DomainError {
  if (err instanceof DomainError) return err;
  const call = info.call;
  if (timedOutAfterMs !== undefined) {
    const throttled = trace.lastStatus === 429;
    return new DomainError({
      kind: throttled ? "throttled" : "timeout",
      call,
      cause: err,
      retryAfterSeconds: throttled ? trace.lastRetryAfterSeconds : undefined,
      timeoutMs: timedOutAfterMs,
      ...(trace.lastStatus !== undefined ? { status: trace.lastStatus } : {}),
      userMessage: throttled
        ? `Azure kept throttling ${call} (429) until the ${secs(timedOutAfterMs)} deadline.`
        : `Azure did not answer ${call} within ${secs(timedOutAfterMs)}.`,
      hint: throttled
        ? `Azure asked to wait${trace.lastRetryAfterSeconds ? ` ${trace.lastRetryAfterSeconds} s` : ""}; try again then.`
        : "Azure may be slow or unreachable right now; try again in a minute.",
    });
  }
  const name = (err as { name?: string })?.name ?? "";
  if (IDENTITY_ERRORS.has(name)) {
    return new DomainError({
      kind: "forbidden",
      call,
      cause: err,
      userMessage: `The bot could not get an Azure token for ${call}.`,
      hint: "Check its identity: managed identity enabled (IDENTITY_ENDPOINT), workload identity, AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_CLIENT_SECRET, or `az login` for development.",
    });
  }
  if (!isRestLike(err)) {
    const code = (err as { code?: string })?.code;
    return new DomainError({
      kind: "unavailable",
      call,
      cause: err,
      userMessage: `Could not reach Azure for ${call}${code ? ` (${code})` : ""}.`,
      hint: "Check the network path to the Azure endpoints and try again.",
    });
  }
  const status = err.statusCode ?? 0;
  const azureMessage = (err.message ?? "").split("\n")[0];
  if (status === 401) {
    return new DomainError({
      kind: "forbidden",
      call,
      cause: err,
      userMessage: `Azure rejected the bot's token for ${call} (401).`,
      hint: "The token is for the wrong cloud or tenant, or has expired: check AZURE_CLOUD and the identity's tenant.",
    });
  }
  if (status === 403) return forbidden(err, info, azureMessage);
  if (status === 404) {
    return new DomainError({
      kind: "notFound",
      call,
      cause: err,
      userMessage: `Azure says ${info.scope ? describeScope(info.scope) : "the resource"} does not exist (${err.code ?? "404"}).`,
      hint: "It may have been deleted, renamed or moved; list the apps again.",
    });
  }
  if (status === 429) {
    const after = retryAfterSeconds((h) => err.response?.headers?.get(h)) ?? trace.lastRetryAfterSeconds;
    const retried = Math.max(0, trace.attempts - 1);
    return new DomainError({
      kind: "throttled",
      call,
      cause: err,
      status,
      retryAfterSeconds: after,
      userMessage: `Azure is throttling the bot's requests (429 on ${call}).`,
      hint:
        after === undefined
          ? "Azure sent no Retry-After, so the SDK did not retry; wait a minute and try again."
          : retried > 0
            ? `The SDK already waited and retried ${retried} time${retried === 1 ? "" : "s"}; Azure asks to wait ${after} s before trying again.`
            : `Azure asks to wait ${after} s, longer than this answer could wait; try again after that.`,
    });
  }
  if (status === 400 || status === 409 || status === 422) {
    return new DomainError({
      kind: "invalid",
      call,
      cause: err,
      userMessage: `Azure refused ${call} (${status}${err.code ? ` ${err.code}` : ""}): ${azureMessage}`,
    });
  }
  return new DomainError({
    kind: "unavailable",
    call,
    cause: err,
    status,
    userMessage: `Azure failed ${call} (${status}${err.code ? ` ${err.code}` : ""}).`,
    hint:
      trace.attempts > 1
        ? `The SDK retried ${trace.attempts - 1} times; Azure may be having an incident, try again later.`
        : "Azure may be having an incident; try again later.",
  });
}

function forbidden(err: RestLike, info: CallInfo, azureMessage: string): DomainError {
  const parsed = parseAuthorizationFailure(err.message ?? "");
  const action = parsed?.action ?? info.action;
  const scope = parsed?.scope ?? info.scope;
  const where = scope ? describeScope(scope) : "this scope";
  return new DomainError({
    kind: "forbidden",
    call: info.call,
    cause: err,
    userMessage: action
      ? `The bot's Azure identity lacks permission '${action}' on ${where}.`
      : `The bot's Azure identity may not run ${info.call} (403): ${azureMessage}`,
    hint: action
      ? `Grant it the ${roleFor(action)} role on ${scope ?? "the resource"} (or a parent scope); new role assignments can take a few minutes to apply.`
      : "Grant it the Reader role on the subscription (Website Contributor for changes).",
  });
}

function secs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

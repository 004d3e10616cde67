// Web API dispatch: method lookup, token checks (Bearer or body `token`), handler errors → Slack's ok:false.
import { chatMethods } from "./chat.ts";
import { type ApiContext, type Args, type MethodSpec, SlackApiError } from "./context.ts";
import { directoryMethods } from "./directory.ts";
import { fileMethods } from "./files.ts";
import { historyMethods } from "./history.ts";
import { reactionMethods } from "./reactions.ts";
import { viewMethods } from "./views.ts";

export const METHODS: Record<string, MethodSpec> = {
  ...chatMethods,
  ...directoryMethods,
  ...fileMethods,
  ...historyMethods,
  ...viewMethods,
  ...reactionMethods,
};

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export interface Tokens {
  bot: string;
  app: string;
}

/** The token from `Authorization: Bearer …`, else the `token` argument (Slack accepts either). */
export function tokenOf(authorization: string | undefined, args: Args): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (m) return m[1];
  return typeof args.token === "string" && args.token !== "" ? args.token : undefined;
}

export function callMethod(
  ctx: ApiContext,
  method: string,
  args: Args,
  token: string | undefined,
  tokens: Tokens,
): ApiAnswer {
  const fail = (error: string, extra: Record<string, unknown> = {}): ApiAnswer => ({
    status: 200,
    body: { ok: false, error, ...extra },
    headers: {},
  });
  const spec = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (!spec) return fail("unknown_method", { req_method: method });
  if (token === undefined) return fail("not_authed");
  const kind = token === tokens.bot ? "bot" : token === tokens.app ? "app" : undefined;
  if (!kind) return fail("invalid_auth");
  if (spec.token !== "any" && spec.token !== kind) return fail("not_allowed_token_type");
  try {
    // Slack lists the token's scopes on every answer (@slack/web-api copies them to response_metadata.scopes).
    const headers = { "x-oauth-scopes": ctx.scopes[kind].join(",") };
    return { status: 200, body: { ok: true, ...spec.handle(ctx, args) }, headers };
  } catch (err) {
    if (err instanceof SlackApiError) {
      return { status: err.status, body: { ok: false, error: err.code, ...err.extra }, headers: err.headers };
    }
    // An emulator bug must be loud, not look like a Slack answer.
    const detail = err instanceof Error ? err.message : String(err);
    return { status: 500, body: { ok: false, error: "emulator_internal_error", detail }, headers: {} };
  }
}

// Request-line parsing and route matching. Never `new URL(req.url, base)`: the SDKs send `//subscriptions/…`,
// which URL parsing reads as a host. Paths match case-insensitively (`Microsoft.Insights`/`microsoft.insights`,
// `resourceGroups`/`resourcegroups`) and query keys are decoded (the batch call sends `api%2Dversion`).

import type { Handler } from "./http.ts";

export type AuthKind = "arm" | "data" | "none";

export interface RouteDef {
  /** Stable id recorded on SimRequest and matched by faults, e.g. "sites.get". */
  id: string;
  method: string;
  /** Segments separated by "/"; `{name}` captures one segment, `{+name}` one or more (once per pattern). */
  pattern: string;
  /** "arm": bearer token, throttling and ratelimit headers; "data": bearer token only. */
  auth: AuthKind;
  /** The RBAC action a 403 names, e.g. "Microsoft.Web/sites/read". */
  action: string;
  handler: Handler;
  /** The handler reads the request body itself from `ctx.req` (large uploads are never buffered whole). */
  rawBody?: boolean;
}

export interface ParsedUrl {
  path: string;
  segments: string[];
  query: Record<string, string>;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Splits on `?`, collapses repeated slashes, decodes segments and query keys/values (`+` stays literal). */
export function parseUrl(rawUrl: string): ParsedUrl {
  const q = rawUrl.indexOf("?");
  const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
  const rawQuery = q < 0 ? "" : rawUrl.slice(q + 1);
  const segments = rawPath
    .split("/")
    .filter((s) => s !== "")
    .map(decode);
  const query: Record<string, string> = {};
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    query[key] = eq < 0 ? "" : decode(pair.slice(eq + 1));
  }
  return { path: `/${segments.join("/")}`, segments, query };
}

interface Compiled {
  def: RouteDef;
  parts: string[];
  /** Index of the `{+name}` part, or -1. */
  greedy: number;
}

export interface Match {
  route: RouteDef;
  params: Record<string, string>;
}

export class Router {
  readonly #routes: Compiled[];

  constructor(routes: RouteDef[]) {
    this.#routes = routes.map((def) => {
      const parts = def.pattern.split("/").filter((p) => p !== "");
      return { def, parts, greedy: parts.findIndex((p) => p.startsWith("{+")) };
    });
  }

  /** The route for a request; `methodMismatch` when the path exists with another method. */
  match(method: string, segments: string[]): Match | { methodMismatch: true } | undefined {
    let mismatch = false;
    for (const r of this.#routes) {
      const params = matchParts(r, segments);
      if (!params) continue;
      if (r.def.method !== method.toUpperCase()) {
        mismatch = true;
        continue;
      }
      return { route: r.def, params };
    }
    return mismatch ? { methodMismatch: true } : undefined;
  }
}

function matchParts(r: Compiled, segments: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  let offset = 0;
  if (r.greedy >= 0) {
    const take = segments.length - (r.parts.length - 1);
    if (take < 1) return undefined;
    offset = take - 1;
  } else if (segments.length !== r.parts.length) {
    return undefined;
  }
  for (let i = 0; i < r.parts.length; i++) {
    const part = r.parts[i];
    if (i === r.greedy) {
      params[part.slice(2, -1)] = `/${segments.slice(i, i + offset + 1).join("/")}`;
      continue;
    }
    const seg = segments[i > r.greedy && r.greedy >= 0 ? i + offset : i];
    if (part.startsWith("{")) params[part.slice(1, -1)] = seg;
    else if (part.toLowerCase() !== seg.toLowerCase()) return undefined;
  }
  return params;
}

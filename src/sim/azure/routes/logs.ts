// Log Analytics query API: POST /v1/workspaces/{id}/query ({query, timespan} → {tables}) and POST /v1/$batch.

import { type Ctx, ok, type Reply } from "../http.ts";
import {
  type LaTable,
  QUERY_IDS,
  queryResourceId,
  queryTag,
  rawTag,
  runQuery,
  siteLogs,
  table,
} from "../logs-engine.ts";
import { HttpError } from "../wire/errors.ts";
import { parseTimespan } from "../wire/time.ts";

const DAY = 86_400_000;

function answer(ctx: Ctx, query: unknown, timespan: unknown): { tables: LaTable[] } {
  if (typeof query !== "string" || query.trim() === "") {
    throw new HttpError(400, "BadArgumentError", "The request had some invalid properties: 'query' is required.");
  }
  // `print x = 1`, the one KQL statement the sim evaluates itself (a reachability probe, e.g. `appsvc doctor`).
  const body = query
    .split("\n")
    .filter((l) => !l.trim().startsWith("//"))
    .join(" ")
    .trim();
  const print = /^print\s+([A-Za-z_]\w*)\s*=\s*(-?\d+)\s*;?$/i.exec(body);
  if (print) {
    return {
      tables: [{ name: "PrimaryResult", columns: [{ name: print[1], type: "long" }], rows: [[Number(print[2])]] }],
    };
  }
  const id = queryTag(query);
  if (!id) {
    const tag = rawTag(query);
    throw new HttpError(
      400,
      "BadArgumentError",
      tag === undefined
        ? `The simulator cannot run KQL: tag the query with '// appsvc:<id>' on its first line, id one of ${QUERY_IDS.join(", ")}.`
        : `Unknown query tag 'appsvc:${tag}'. Known tags: ${QUERY_IDS.join(", ")}.`,
    );
  }
  let range = { from: ctx.now - DAY, to: ctx.now };
  if (typeof timespan === "string" && timespan !== "") {
    const parsed = parseTimespan(timespan, ctx.now);
    if (!parsed) throw new HttpError(400, "BadArgumentError", `The timespan '${timespan}' is invalid.`);
    range = parsed;
  }
  // Nothing is ingested after "now".
  const logs = siteLogs(ctx.state.fleet, queryResourceId(query), range.from, Math.min(range.to, ctx.now));
  return { tables: [table(id, runQuery(id, logs))] };
}

export function queryWorkspace(ctx: Ctx): Reply {
  const b = (ctx.body ?? {}) as { query?: unknown; timespan?: unknown };
  return ok(answer(ctx, b.query, b.timespan ?? ctx.query.timespan));
}

interface BatchRequest {
  id?: unknown;
  body?: { query?: unknown; timespan?: unknown };
}

export function queryBatch(ctx: Ctx): Reply {
  const requests = (ctx.body as { requests?: unknown } | undefined)?.requests;
  if (!Array.isArray(requests))
    throw new HttpError(400, "BadArgumentError", "The request had some invalid properties: 'requests' is required.");
  const responses = (requests as BatchRequest[]).map((r) => {
    try {
      return { id: r.id, status: 200, body: answer(ctx, r.body?.query, r.body?.timespan) };
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      return { id: r.id, status: e.status, body: { error: { code: e.code, message: e.message } } };
    }
  });
  return ok({ responses });
}

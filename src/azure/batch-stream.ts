// One metrics:getBatch call, its response read as it streams in. The request goes through the SDK client's
// own pipeline (credential, api-version, retries, TLS, the bot's deadline and trace policies); only the
// deserialiser is skipped: it parsed the whole ~20 MB body at once and then built a Date and an object per
// point (~180 MB of heap for a 24 h batch of 50 sites). Here each resource of `values` is parsed on its own
// as soon as its bytes are in, and turned into grids (docs/memory.md).
import {
  createDefaultHttpClient,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
  type PipelineResponse,
  RestError,
} from "@azure/core-rest-pipeline";
import { ValuesSplitter } from "./json-values.ts";
import type { WireMetric } from "./metric-grid.ts";

/** The SDK's own api-version for metrics:getBatch (@azure/monitor-query-metrics 1.0). */
export const BATCH_API_VERSION = "2024-02-01";

export interface BatchQuery {
  /** Regional endpoint, e.g. https://westeurope.metrics.monitor.azure.com */
  endpoint: string;
  subscriptionId: string;
  resourceIds: string[];
  metricNames: string[];
  metricNamespace: string;
  startTime: Date;
  endTime: Date;
  interval: string;
  aggregation: string;
  filter?: string;
  top?: number;
}

/** One resource of the response, as the wire has it. */
export interface BatchResource {
  resourceid?: string;
  value?: WireMetric[];
}

let httpClient: HttpClient | undefined;

/** The query string the SDK builds (RFC 6570 form: each value percent-encoded, list items joined by commas). */
export function batchUrl(q: BatchQuery): string {
  const params: Array<[string, string | undefined]> = [
    ["starttime", q.startTime.toISOString()],
    ["endtime", q.endTime.toISOString()],
    ["interval", q.interval],
    ["metricnamespace", q.metricNamespace],
    ["metricnames", q.metricNames.map(encodeURIComponent).join(",")],
    ["aggregation", q.aggregation],
    ["top", q.top === undefined ? undefined : String(q.top)],
    ["filter", q.filter],
    ["api-version", BATCH_API_VERSION],
  ];
  const query = params
    .filter((p): p is [string, string] => p[1] !== undefined)
    .map(([k, v]) => `${k}=${k === "metricnames" ? v : encodeURIComponent(v)}`)
    .join("&");
  const sub = encodeURIComponent(q.subscriptionId);
  return `${q.endpoint.replace(/\/+$/, "")}/subscriptions/${sub}/metrics:getBatch?${query}`;
}

/** A failed call as the SDK would throw it: RestError with Azure's error code and message. */
function restError(response: PipelineResponse): RestError {
  let code: string | undefined;
  let message = `metrics:getBatch answered ${response.status}`;
  try {
    const body = JSON.parse(response.bodyAsText ?? "") as { error?: { code?: string; message?: string } };
    code = body.error?.code;
    if (body.error?.message) message = body.error.message;
  } catch {
    // Not JSON: the status says enough.
  }
  return new RestError(message, { code, statusCode: response.status, request: response.request, response });
}

/**
 * Sends the batch query through `pipeline` and calls `onResource` for each resource of the answer in order,
 * as it arrives. Resolves once the body has been read whole; rejects on a non-200 answer (RestError), an
 * abort, or a body cut off before its end.
 */
export async function streamBatch(
  pipeline: Pipeline,
  q: BatchQuery,
  onResource: (r: BatchResource) => void,
  signal?: AbortSignal,
): Promise<void> {
  const request = createPipelineRequest({
    url: batchUrl(q),
    method: "POST",
    body: JSON.stringify({ resourceids: q.resourceIds }),
    streamResponseStatusCodes: new Set([200]),
    ...(signal ? { abortSignal: signal } : {}),
  });
  request.headers.set("content-type", "application/json");
  request.headers.set("accept", "application/json");
  httpClient ??= createDefaultHttpClient();
  const response = await pipeline.sendRequest(httpClient, request);
  const body = response.readableStreamBody;
  if (response.status !== 200 || !body) throw restError(response);
  const splitter = new ValuesSplitter((json) => onResource(JSON.parse(json) as BatchResource));
  for await (const chunk of body as AsyncIterable<Buffer>) splitter.write(chunk);
  splitter.end();
}

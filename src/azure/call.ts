// Runs one Azure read under a deadline and turns its failure into a DomainError. Two pipeline
// policies (added to every client) attach the deadline to each request, including requests the SDK
// makes without forwarding `abortSignal` (LogsQueryClient.queryWorkspace drops it), and record what
// each attempt answered, so a timeout after repeated 429s is reported as throttling.
import { AsyncLocalStorage } from "node:async_hooks";
import type { Pipeline, PipelinePolicy } from "@azure/core-rest-pipeline";
import { type CallInfo, type CallTrace, retryAfterSeconds, toDomainError } from "./errors.ts";

interface CallState extends CallTrace {
  signal: AbortSignal;
  /** performance.now() when the call's deadline passes. */
  deadlineAt: number;
}

const RETRY_AFTER_HEADERS = ["retry-after", "retry-after-ms", "x-ms-retry-after-ms"];

const current = new AsyncLocalStorage<CallState>();

const deadlinePolicy: PipelinePolicy = {
  name: "appsvcDeadline",
  sendRequest(request, next) {
    const state = current.getStore();
    if (state && request.abortSignal !== state.signal) {
      request.abortSignal = request.abortSignal
        ? AbortSignal.any([request.abortSignal as AbortSignal, state.signal])
        : state.signal;
    }
    return next(request);
  },
};

const tracePolicy: PipelinePolicy = {
  name: "appsvcTrace",
  async sendRequest(request, next) {
    const response = await next(request);
    const state = current.getStore();
    if (state) {
      state.attempts++;
      state.lastStatus = response.status;
      state.lastRetryAfterSeconds = retryAfterSeconds((h) => response.headers.get(h));
      // A wait the deadline cannot hold is not waited for: without the header the SDK gives up at once, and
      // the answer says "throttled for N s" ~4 s sooner instead of after a wait cut short (docs/faults.md).
      const waitMs = (state.lastRetryAfterSeconds ?? 0) * 1000;
      if (response.status === 429 && waitMs > state.deadlineAt - performance.now())
        for (const h of RETRY_AFTER_HEADERS) response.headers.delete(h);
    }
    return response;
  },
};

/**
 * Waits for `turn` after each response arrives and before the SDK deserialises it, so a burst of
 * responses is processed one per event-loop turn instead of in one long poll phase (~400 metric
 * responses landing together held the loop for 100–300 ms, and Slack requests behind them waited).
 */
function yieldPolicy(turn: () => Promise<void>): PipelinePolicy {
  return {
    name: "appsvcYield",
    async sendRequest(request, next) {
      const response = await next(request);
      await turn();
      return response;
    },
  };
}

/**
 * Adds the deadline (before retries, so retry waits are cut short too) and trace (every attempt)
 * policies, and with `yieldTo` the per-response yield.
 */
export function instrument(pipeline: Pipeline, yieldTo?: () => Promise<void>): void {
  pipeline.addPolicy(deadlinePolicy);
  pipeline.addPolicy(tracePolicy, { afterPhase: "Retry" });
  if (yieldTo) pipeline.addPolicy(yieldPolicy(yieldTo), { afterPhase: "Retry" });
}

export interface CallLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface CallOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  logger?: CallLogger;
}

/**
 * Runs `fn` with a deadline of `timeoutMs` combined with the caller's signal. Resolves or rejects by
 * the deadline even if the SDK ignores the signal. Errors become DomainError; a caller's own abort
 * is passed through unchanged.
 */
export async function runCall<T>(
  info: CallInfo,
  opts: CallOptions,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([deadline, opts.signal]) : deadline;
  const started = performance.now();
  const state: CallState = { signal, attempts: 0, deadlineAt: started + opts.timeoutMs };
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    const result = await Promise.race([current.run(state, () => fn(signal)), aborted]);
    opts.logger?.debug(
      { call: info.call, ms: Math.round(performance.now() - started), attempts: state.attempts },
      "azure call",
    );
    return result;
  } catch (err) {
    if (opts.signal?.aborted && !deadline.aborted) throw opts.signal.reason;
    const e = toDomainError(err, info, state, deadline.aborted ? opts.timeoutMs : undefined);
    opts.logger?.warn(
      {
        call: info.call,
        kind: e.kind,
        status: state.lastStatus,
        attempts: state.attempts,
        ms: Math.round(performance.now() - started),
      },
      "azure call failed",
    );
    throw e;
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
}

/** Drains a paged SDK iterator into an array. */
export async function collect<T>(iter: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iter) out.push(item);
  return out;
}

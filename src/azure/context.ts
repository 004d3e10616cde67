// What every reader in src/azure shares: the clients, the deadline-bound call runner, the clock.
import { DomainError } from "../core/errors.ts";
import { type CallLogger, runCall } from "./call.ts";
import type { AzureClients } from "./clients.ts";
import type { CallInfo } from "./errors.ts";

/** Per-read limits inside a command's deadline (see docs/faults.md). */
export interface ReadBounds {
  /** Deadline of one attempt. */
  attemptMs: number;
  /** performance.now() instant after which no retry starts. */
  until: number;
}

export interface AdapterContext {
  clients: AzureClients;
  /** Runs one Azure read under the read deadline (combined with `signal`); failures become DomainError. */
  read<T>(info: CallInfo, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  /** The same context whose reads each get `attemptMs`, and one quick retry of a transient failure while time is left. */
  within(bounds: ReadBounds): AdapterContext;
  now(): number;
  logger?: CallLogger;
}

/** Pause before the one retry: long enough for a blip to pass, short against a 12 s command. */
const RETRY_PAUSE_MS = 150;

/** A 5xx, a network error, a hung attempt or a 429 without a long wait may pass on a second try; 4xx will not. */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof DomainError)) return false;
  if (e.kind === "unavailable" || e.kind === "timeout") return true;
  return e.kind === "throttled" && (e.retryAfterSeconds ?? 0) <= 1;
}

export function createContext(
  clients: AzureClients,
  readTimeoutMs: number,
  now: () => number,
  logger?: CallLogger,
): AdapterContext {
  const base: AdapterContext = {
    clients,
    now,
    logger,
    read: (info, fn, signal) => runCall(info, { timeoutMs: readTimeoutMs, signal, logger }, fn),
    within: (bounds) => ({ ...base, read: (info, fn, signal) => boundedRead(bounds, info, fn, signal) }),
  };
  const boundedRead = async <T>(
    b: ReadBounds,
    info: CallInfo,
    fn: (signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> => {
    const attempt = (ms: number) => runCall(info, { timeoutMs: Math.max(1, ms), signal, logger }, fn);
    try {
      return await attempt(Math.min(b.attemptMs, readTimeoutMs));
    } catch (e) {
      const left = b.until - performance.now() - RETRY_PAUSE_MS;
      if (!isTransient(e) || signal?.aborted || left < Math.min(1_000, b.attemptMs)) throw e;
      logger?.debug({ call: info.call }, "retrying a read once");
      await new Promise((r) => setTimeout(r, RETRY_PAUSE_MS));
      return attempt(Math.min(b.attemptMs, left, readTimeoutMs));
    }
  };
  return base;
}

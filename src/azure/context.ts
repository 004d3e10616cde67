// What every reader in src/azure shares: the clients, the deadline-bound call runner, the clock.
import { type CallLogger, runCall } from "./call.ts";
import type { AzureClients } from "./clients.ts";
import type { CallInfo } from "./errors.ts";

export interface AdapterContext {
  clients: AzureClients;
  /** Runs one Azure read under the read deadline (combined with `signal`); failures become DomainError. */
  read<T>(info: CallInfo, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  now(): number;
  logger?: CallLogger;
}

export function createContext(
  clients: AzureClients,
  readTimeoutMs: number,
  now: () => number,
  logger?: CallLogger,
): AdapterContext {
  return {
    clients,
    now,
    logger,
    read: (info, fn, signal) => runCall(info, { timeoutMs: readTimeoutMs, signal, logger }, fn),
  };
}

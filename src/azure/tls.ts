// Extra trust for the Azure SDK clients (the simulator's CA in tests, benchmarks and the playground).
// The SDK spreads its `tlsOptions` into an https.Agent, and a bare `ca` makes tls.connect parse the PEM
// into a new SecureContext for every connection: ~1.5 ms of main-thread CPU each, which measured 20 ms
// of every 100 ms event-loop stall when fifty commands opened their Azure connections together.
// One context per CA, shared by every client, costs that once.
import { createSecureContext, type SecureContext } from "node:tls";
import type { TlsSettings } from "@azure/core-rest-pipeline";

const contexts = new Map<string, SecureContext>();

export function secureContextFor(ca: string): SecureContext {
  let c = contexts.get(ca);
  if (!c) {
    c = createSecureContext({ ca });
    contexts.set(ca, c);
  }
  return c;
}

/** The SDK's `tlsOptions` for an extra CA. Its TlsSettings type does not list `secureContext`, but
 * https.Agent honours it and then skips `ca` (tls.connect: `options.secureContext || createSecureContext`). */
export function tlsOptionsFor(ca: string): TlsSettings {
  return { ca, secureContext: secureContextFor(ca) } as TlsSettings;
}

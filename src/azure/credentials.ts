// Credentials: DefaultAzureCredential in production (managed identity via IDENTITY_ENDPOINT and
// IDENTITY_HEADER on App Service and Container Apps, workload identity, service principal, Azure CLI),
// and a fixed token for the simulator's demo mode.
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential } from "@azure/identity";
import { tlsOptionsFor } from "./tls.ts";

export type { TokenCredential };

export interface CredentialOptions {
  /** User-assigned managed identity client ID (otherwise AZURE_CLIENT_ID or the system identity). */
  managedIdentityClientId?: string;
  /** PEM of an extra CA to trust for token endpoints (the simulator's managed identity endpoint). */
  ca?: string;
}

export function createDefaultCredential(opts: CredentialOptions = {}): TokenCredential {
  return new DefaultAzureCredential({
    ...(opts.managedIdentityClientId ? { managedIdentityClientId: opts.managedIdentityClientId } : {}),
    ...(opts.ca ? { tlsOptions: tlsOptionsFor(opts.ca) } : {}),
  });
}

/** A credential that always answers the same token (simulator and tests; never real Azure). */
export function staticTokenCredential(token: string, lifetimeMs = 3_600_000): TokenCredential {
  return {
    async getToken(): Promise<AccessToken> {
      return { token, expiresOnTimestamp: Date.now() + lifetimeMs };
    },
  };
}

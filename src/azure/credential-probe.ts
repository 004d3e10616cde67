// Azure: which credential of DefaultAzureCredential's chain gets a token, each subscription readable, the bot
// identity's effective permissions (Microsoft.Authorization/permissions, api-version 2022-04-01) at every scope
// it needs them, and the Log Analytics workspace answering a query.
import type { TokenCredential } from "@azure/core-auth";
import {
  AzureCliCredential,
  AzureDeveloperCliCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
} from "@azure/identity";
import type { Config } from "../config.ts";
import { type Check, fail, pass } from "../doctor/check.ts";
import { azureError, callJson } from "../doctor/http.ts";
import { missing, type PermissionEntry, scopeNeeds } from "../doctor/permissions.ts";
import { CUSTOM_ROLE_NAME } from "../policy/azure-roles.ts";
import type { Policy } from "../policy/index.ts";

const PROBE_TIMEOUT_MS = 10_000;

export interface NamedCredential {
  name: string;
  credential: TokenCredential;
}

/** DefaultAzureCredential's chain, in its order, each link on its own so the doctor can say which one worked. */
export function defaultChain(env: Record<string, string | undefined> = process.env): NamedCredential[] {
  const clientId = env.AZURE_CLIENT_ID;
  const chain: NamedCredential[] = [{ name: "EnvironmentCredential", credential: new EnvironmentCredential() }];
  if (env.AZURE_FEDERATED_TOKEN_FILE) {
    chain.push({ name: "WorkloadIdentityCredential", credential: new WorkloadIdentityCredential() });
  }
  chain.push({
    name: clientId ? `ManagedIdentityCredential (user-assigned ${clientId})` : "ManagedIdentityCredential",
    credential: clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential(),
  });
  chain.push({ name: "AzureCliCredential", credential: new AzureCliCredential() });
  chain.push({ name: "AzureDeveloperCliCredential", credential: new AzureDeveloperCliCredential() });
  return chain;
}

const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    p,
    new Promise<T>((_, reject) => {
      setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms).unref();
    }),
  ]);

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0].slice(0, 160);

export async function credentialCheck(
  chain: NamedCredential[],
  audience: string,
): Promise<{ check: Check; credential?: TokenCredential; token?: string }> {
  const tried: string[] = [];
  for (const c of chain) {
    try {
      const t = await within(c.credential.getToken(audience), PROBE_TIMEOUT_MS, c.name);
      if (t?.token) {
        return {
          check: pass("Azure credential", `${c.name} produced a token`),
          credential: c.credential,
          token: t.token,
        };
      }
    } catch (e) {
      tried.push(`${c.name}: ${firstLine(e)}`);
    }
  }
  return {
    check: fail(
      "Azure credential",
      `no credential of the chain produced a token (${tried.join(" · ")})`,
      "on App Service or Container Apps turn on a managed identity (set AZURE_CLIENT_ID for a user-assigned one); elsewhere set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, or run `az login`",
    ),
  };
}

interface AzureProbe {
  azure: Config["azure"];
  credential: TokenCredential;
  policy: Policy | undefined;
  /** Extra CA to trust (the simulator's). */
  ca?: string;
}

async function armGet(p: AzureProbe, token: string, path: string, apiVersion: string) {
  return callJson(`${p.azure.armEndpoint}${path}?api-version=${apiVersion}`, {
    headers: { authorization: `Bearer ${token}` },
    ca: p.ca,
  });
}

/** A scope with its subscription GUID cut to its first 8 and last 4 characters, for the table's first column. */
const short = (scope: string) =>
  scope
    .replace(/([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{8}([0-9a-f]{4})/i, "$1…$2")
    .replace("/resourceGroups/", "/rg/");

const ROLE_FIX = (scope: string) =>
  `assign the bot's identity the custom role: az role assignment create --assignee <principal-id> --role "${CUSTOM_ROLE_NAME}" --scope ${scope} (docs/deploy.md), or grant what is missing`;

export async function azureChecks(p: AzureProbe): Promise<Check[]> {
  const checks: Check[] = [];
  const token = (await p.credential.getToken(p.azure.armAudience))?.token ?? "";
  for (const sub of p.azure.subscriptionIds) {
    const name = `Subscription ${short(sub)}`;
    try {
      const a = await armGet(p, token, `/subscriptions/${sub}`, "2022-12-01");
      const body = a.body as { displayName?: string; state?: string } | undefined;
      if (a.status === 200 && body?.state === "Enabled")
        checks.push(pass(name, `reachable: ${body.displayName ?? sub}, Enabled`));
      else if (a.status === 200)
        checks.push(
          fail(
            name,
            `state ${body?.state ?? "unknown"}`,
            "re-enable the subscription in the portal, or remove it from AZURE_SUBSCRIPTION_IDS",
          ),
        );
      else
        checks.push(
          fail(
            name,
            azureError(a),
            a.status === 404 ? "check the ID in AZURE_SUBSCRIPTION_IDS" : ROLE_FIX(`/subscriptions/${sub}`),
          ),
        );
    } catch (e) {
      checks.push(fail(name, `ARM did not answer: ${firstLine(e)}`, `check network access to ${p.azure.armEndpoint}`));
    }
  }
  for (const needs of scopeNeeds(p.azure.subscriptionIds, p.policy)) {
    const name = `Permissions ${short(needs.scope)}`;
    try {
      const a = await armGet(p, token, `${needs.scope}/providers/Microsoft.Authorization/permissions`, "2022-04-01");
      if (a.status !== 200) {
        checks.push(fail(name, `could not read permissions: ${azureError(a)}`, ROLE_FIX(needs.scope)));
        continue;
      }
      const entries = ((a.body as { value?: Partial<PermissionEntry>[] })?.value ?? []).map((e) => ({
        actions: e.actions ?? [],
        notActions: e.notActions ?? [],
      }));
      const gaps = missing(needs, entries);
      checks.push(
        gaps.length
          ? fail(
              name,
              `missing ${gaps.map((g) => `${g.permission} (for ${g.why.join(", ")})`).join("; ")}`,
              ROLE_FIX(needs.scope),
            )
          : pass(name, `all ${needs.needs.size} permissions the reads and the policy's actions need`),
      );
    } catch (e) {
      checks.push(fail(name, `ARM did not answer: ${firstLine(e)}`, `check network access to ${p.azure.armEndpoint}`));
    }
  }
  const logs = p.azure.logs;
  if (!logs) {
    checks.push(pass("Log Analytics", "not configured (optional: 5xx breakdowns from AppServiceHTTPLogs)"));
  } else {
    try {
      const lt = (await p.credential.getToken(logs.audience))?.token ?? "";
      const a = await callJson(`${logs.endpoint}/workspaces/${logs.workspaceId}/query`, {
        method: "POST",
        headers: { authorization: `Bearer ${lt}`, "content-type": "application/json" },
        body: JSON.stringify({ query: "print ok = 1" }),
        ca: p.ca,
      });
      checks.push(
        a.status === 200
          ? pass("Log Analytics", `workspace ${logs.workspaceId} answered a query`)
          : fail(
              "Log Analytics",
              `workspace ${logs.workspaceId}: ${azureError(a)}`,
              "grant the bot's identity Log Analytics Reader on the workspace, and check AZURE_LOG_ANALYTICS_WORKSPACE_ID (the workspace's Workspace ID, a GUID)",
            ),
      );
    } catch (e) {
      checks.push(fail("Log Analytics", `no answer: ${firstLine(e)}`, `check network access to ${logs.endpoint}`));
    }
  }
  return checks;
}

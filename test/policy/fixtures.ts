// Shared builders for the policy tests: apps as the Azure adapter describes them, and policies from YAML.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { AppRef } from "../../src/core/snapshot.ts";
import { parsePolicy } from "../../src/policy/load.ts";
import type { Policy } from "../../src/policy/policy.ts";

export const PROD_SUB = "3f2b8c1e-5a4d-4e6f-9b7a-1c2d3e4f5a6b";
export const STAGING_SUB = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
export const OTHER_SUB = "11111111-2222-4333-8444-555555555555";

export const EXAMPLE_FILE = fileURLToPath(new URL("../../policy.example.yml", import.meta.url));

export function examplePolicy(): Policy {
  return parsePolicy(readFileSync(EXAMPLE_FILE, "utf8"), "policy.example.yml");
}

export function app(
  o: Partial<AppRef> & { name?: string; resourceGroup?: string; subscriptionId?: string } = {},
): AppRef {
  const subscriptionId = o.subscriptionId ?? PROD_SUB;
  const resourceGroup = o.resourceGroup ?? "rg-shop-prod";
  const name = o.name ?? "shop-api";
  const site = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Web/sites/${name}`;
  return {
    id: o.slot ? `${site}/slots/${o.slot}` : site,
    subscriptionId,
    resourceGroup,
    name,
    location: "West Europe",
    region: "westeurope",
    kind: "app,linux",
    planId: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Web/serverfarms/plan-1`,
    ...o,
  };
}

/** A prod app as the example policy's prod binding expects it (tagged env=prod). */
export const prodApp = (o: Partial<AppRef> = {}) => app({ tags: { env: "prod" }, ...o });

/** A policy from inline YAML, named like a file for messages. */
export const policyFrom = (yaml: string) => parsePolicy(yaml, "test-policy.yml");

// `appsvc doctor` and `/appsvc doctor`: checks the whole set-up in one pass and answers one table of ✅/❌ with
// the fix for each ❌ — configuration, policy, Slack (token, scopes, signing secret, Socket Mode), Azure
// (credential, subscriptions, permissions, Log Analytics) and the store. Never prints a secret.

import { azureChecks, credentialCheck, defaultChain, type NamedCredential } from "../azure/credential-probe.ts";
import { type Config, ConfigError, loadConfig } from "../config.ts";
import { loadPolicy, type Policy, PolicyError } from "../policy/index.ts";
import { describeStore, openStore } from "../store/open-store.ts";
import type { Store } from "../store/store.ts";
import { type Check, fail, pass } from "./check.ts";
import { slackChecks } from "./slack.ts";

export interface DoctorDeps {
  env: Record<string, string | undefined>;
  /** The bot's own configuration, when it runs inside the bot; otherwise read from `env`. */
  config?: Config;
  /** The credential to test instead of DefaultAzureCredential's chain (the bot's own, in tests and the playground). */
  credential?: NamedCredential;
  /** An open store to ping (inside the bot); otherwise the configured one is opened and closed. */
  store?: Store;
  /** The policy in force (inside the bot); otherwise APPSVC_CONFIG is loaded. `null`: none. */
  policy?: Policy | null;
  /** Extra CA for Azure endpoints (the simulator's); NODE_EXTRA_CA_CERTS works too. */
  ca?: string;
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0];

async function policyCheck(deps: DoctorDeps, config: Config): Promise<{ check: Check; policy?: Policy }> {
  if (deps.policy === null) return { check: pass("Policy", "none: read-only (every write explains how to enable it)") };
  try {
    const policy = deps.policy ?? (await loadPolicy(config.policyFile));
    if (!policy) return { check: pass("Policy", "none (APPSVC_CONFIG unset): read-only, every write is refused") };
    const actions = new Set(policy.bindings.flatMap((b) => Object.keys(b.actions)));
    const detail = `valid: ${policy.bindings.length} binding(s), writes granted: ${[...actions].join(", ") || "none"}`;
    return { check: pass("Policy", detail), policy };
  } catch (e) {
    const problems = e instanceof PolicyError ? e.problems.length : 1;
    return {
      check: fail(
        "Policy",
        `${problems} problem(s): ${e instanceof PolicyError ? e.message.split("\n").slice(1, 4).join(" ").trim() : firstLine(e)}`,
        "correct the file APPSVC_CONFIG names (policy.example.yml shows every key), then run doctor again",
      ),
    };
  }
}

async function storeCheck(deps: DoctorDeps, config: Config): Promise<Check> {
  const where = deps.store ? deps.store.kind : describeStore(config.store);
  try {
    if (deps.store) {
      // Inside the bot the answer goes to Slack: the kind only, no server path.
      await deps.store.listSubscriptions();
      return pass("Store", `${where}: reachable`);
    }
    const store = await openStore(config.store);
    try {
      await store.listSubscriptions();
    } finally {
      await store.close();
    }
    return pass("Store", `${where}: reachable`);
  } catch (e) {
    const msg = firstLine(e);
    if (/another appsvc-bot process is using/.test(msg)) return pass("Store", `${where}: in use by a running bot`);
    return fail(
      "Store",
      `${where}: ${msg}`,
      config.store.kind === "sqlite"
        ? "APPSVC_DATA_DIR must be a writable folder that survives restarts (a mounted volume in a container)"
        : "check DATABASE_URL (host, database, user, password, sslmode=require on Azure) and that the server allows this client",
    );
  }
}

export async function runDoctor(deps: DoctorDeps): Promise<Check[]> {
  let config: Config;
  try {
    config = deps.config ?? loadConfig(deps.env);
  } catch (e) {
    const problems = e instanceof ConfigError ? e.problems : [firstLine(e)];
    return [
      fail(
        "Configuration",
        problems.join("; "),
        "set the variables named (README, Configuration), then run doctor again",
      ),
    ];
  }
  const checks: Check[] = [
    pass(
      "Configuration",
      `valid (${config.slack.mode === "socket" ? "Socket Mode" : "HTTP mode"}, ${config.azure.subscriptionIds.length} subscription(s))`,
    ),
  ];
  const { check: policyResult, policy } = await policyCheck(deps, config);
  checks.push(policyResult);
  checks.push(...(await slackChecks(config.slack)));
  const chain = deps.credential ? [deps.credential] : defaultChain(deps.env);
  const cred = await credentialCheck(chain, config.azure.armAudience);
  checks.push(cred.check);
  if (cred.credential) {
    checks.push(...(await azureChecks({ azure: config.azure, credential: cred.credential, policy, ca: deps.ca })));
  }
  checks.push(await storeCheck(deps, config));
  return checks;
}

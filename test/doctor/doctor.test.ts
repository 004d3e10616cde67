// `appsvc doctor` against the simulators: the Slack emulator (bot token, x-oauth-scopes, Socket Mode token), the
// Azure simulator (managed identity endpoint, subscriptions, Microsoft.Authorization/permissions, Log Analytics)
// and a real SQLite store; first with a missing scope and a missing permission, then with everything granted.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.ts";
import type { Check } from "../../src/doctor/check.ts";
import { runDoctor } from "../../src/doctor/run.ts";
import { customRoleDefinition } from "../../src/policy/azure-roles.ts";
import { SIM_WORKSPACE_ID } from "../../src/sim/azure/cli.ts";
import { type AzureSim, startAzureSim } from "../../src/sim/azure/server.ts";
import { type SlackEmulator, startSlackEmulator } from "../../src/sim/slack/server.ts";
import { BOT_SCOPES } from "../../src/slack/scopes.ts";
import { fleet, plan, SUB, site } from "../sim/azure/fixture.ts";

const KEYS = ["IDENTITY_ENDPOINT", "IDENTITY_HEADER"] as const;
let sim: AzureSim;
let emu: SlackEmulator;
let dir: string;
let env: Record<string, string>;
let saved: Record<string, string | undefined>;

const ROLE = customRoleDefinition().Actions;
const RESTART = "Microsoft.Web/sites/restart/action";

beforeAll(async () => {
  const p1 = plan("asp1");
  sim = await startAzureSim({ fleet: fleet([p1], [site("app1", p1)]) });
  emu = await startSlackEmulator();
  dir = await mkdtemp(join(tmpdir(), "appsvc-doctor-"));
  const policyFile = join(dir, "policy.yml");
  await writeFile(
    policyFile,
    [
      "bindings:",
      "  - channel: C0OPS",
      "    scope: { resourceGroups: [rg1] }",
      "    request: [U0ALICE]",
      "    approve: [U0BOB]",
      "    actions: [restart, scaleOut]",
      "",
    ].join("\n"),
  );
  env = {
    SLACK_BOT_TOKEN: emu.botToken,
    SLACK_SIGNING_SECRET: emu.signingSecret,
    SLACK_APP_TOKEN: emu.appToken,
    SLACK_API_URL: emu.apiUrl,
    AZURE_SUBSCRIPTION_IDS: SUB,
    AZURE_RESOURCE_MANAGER_ENDPOINT: sim.url,
    AZURE_METRICS_BATCH_ENDPOINT: sim.metricsBatchEndpointTemplate,
    AZURE_LOG_ANALYTICS_ENDPOINT: sim.logsEndpoint,
    AZURE_LOG_ANALYTICS_WORKSPACE_ID: SIM_WORKSPACE_ID,
    APPSVC_DATA_DIR: join(dir, "data"),
    APPSVC_CONFIG: policyFile,
  };
  // The real chain finds the sim's App Service managed identity endpoint, as in production.
  saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  process.env.IDENTITY_ENDPOINT = sim.identityEndpoint;
  process.env.IDENTITY_HEADER = sim.identityHeader;
});

afterAll(async () => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  await emu?.close();
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

const row = (checks: Check[], name: string) => {
  const c = checks.find((x) => x.name === name);
  if (!c) throw new Error(`no check "${name}" in ${checks.map((x) => x.name).join(", ")}`);
  return c;
};

describe("doctor", () => {
  it("names a missing Slack scope and a missing Azure permission, each with its fix", async () => {
    emu.setScopes(BOT_SCOPES.filter((s) => s !== "usergroups:read"));
    sim.setPermissions([{ scope: `/subscriptions/${SUB}`, actions: ROLE.filter((a) => a !== RESTART) }]);
    const out: string[] = [];
    const code = await runCli(["doctor"], {
      env,
      io: { out: (s) => out.push(s), err: (s) => out.push(s) },
      fleet: () => {
        throw new Error("doctor reads no fleet");
      },
      doctor: (e) => runDoctor({ env: e, ca: sim.ca }),
    });
    const table = out.join("");
    process.stdout.write(`\n${table}\n`);
    expect(code).toBe(1);
    const checks = await runDoctor({ env, ca: sim.ca });
    expect(row(checks, "Slack bot token")).toMatchObject({ ok: true, detail: expect.stringContaining("@appsvc") });
    expect(row(checks, "Slack scopes")).toMatchObject({
      ok: false,
      detail: expect.stringContaining("missing usergroups:read"),
      fix: expect.stringContaining("reinstall the app"),
    });
    expect(row(checks, "Socket Mode token").ok).toBe(true);
    expect(row(checks, "Signing secret").ok).toBe(true);
    expect(row(checks, "Azure credential")).toMatchObject({
      ok: true,
      detail: "ManagedIdentityCredential produced a token",
    });
    expect(row(checks, "Subscription 11111111…1111").ok).toBe(true);
    // Reads are granted at the subscription; the binding's resource group lacks restart (inherited from above).
    expect(row(checks, "Permissions /subscriptions/11111111…1111").ok).toBe(true);
    expect(row(checks, "Permissions /subscriptions/11111111…1111/rg/rg1")).toMatchObject({
      ok: false,
      detail: `missing ${RESTART} (for restart)`,
      fix: expect.stringContaining(`--role "appsvc-bot operator" --scope /subscriptions/${SUB}/resourceGroups/rg1`),
    });
    expect(row(checks, "Log Analytics").ok).toBe(true);
    expect(row(checks, "Store")).toMatchObject({ ok: true, detail: expect.stringContaining("reachable") });
    expect(row(checks, "Policy")).toMatchObject({ ok: true, detail: expect.stringContaining("restart, scaleOut") });
    expect(table).toMatch(/❌ Slack scopes +missing usergroups:read/);
    expect(table).toContain("2 of 12 checks failed.");
    expect(table).not.toContain(emu.botToken);
  });

  it("is all green when the token has the manifest's scopes and the identity the custom role", async () => {
    emu.setScopes([...BOT_SCOPES]);
    sim.setPermissions([{ scope: `/subscriptions/${SUB}`, actions: ROLE }]);
    const checks = await runDoctor({ env, ca: sim.ca });
    expect(checks.filter((c) => !c.ok)).toEqual([]);
  });

  it("a wildcard role with a notAction is matched the way Azure matches it", async () => {
    sim.setPermissions([
      {
        scope: "/",
        actions: ["Microsoft.Web/*", "*/read", "Microsoft.Insights/*"],
        notActions: ["Microsoft.Web/serverfarms/write"],
      },
    ]);
    const checks = await runDoctor({ env, ca: sim.ca });
    expect(row(checks, "Permissions /subscriptions/11111111…1111/rg/rg1").detail).toBe(
      "missing Microsoft.Web/serverfarms/write (for scaleOut)",
    );
  });

  it("a bad bot token, a bad policy and a missing configuration are failures with fixes, not crashes", async () => {
    const policyFile = join(dir, "bad.yml");
    await writeFile(policyFile, "bindings:\n  - channel: C0OPS\n    scope: {}\n    actions: [reboot]\n");
    const checks = await runDoctor({
      env: { ...env, SLACK_BOT_TOKEN: "xoxb-wrong", APPSVC_CONFIG: policyFile },
      ca: sim.ca,
    });
    expect(row(checks, "Slack bot token")).toMatchObject({ ok: false, detail: "auth.test answered invalid_auth" });
    expect(row(checks, "Policy")).toMatchObject({ ok: false, fix: expect.stringContaining("policy.example.yml") });
    const none = await runDoctor({ env: {} });
    expect(none).toHaveLength(1);
    expect(none[0]).toMatchObject({
      ok: false,
      name: "Configuration",
      detail: expect.stringContaining("SLACK_BOT_TOKEN"),
    });
  });
});

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lintPolicy } from "../../src/policy/compile.ts";
import { loadPolicy, parsePolicy } from "../../src/policy/load.ts";
import { PolicyError } from "../../src/policy/problems.ts";
import { EXAMPLE_FILE, examplePolicy, PROD_SUB, STAGING_SUB } from "./fixtures.ts";

const VALID_BINDING = `
roles:
  oncall: [S0ONCALL]
  leads: [U0LEAD1, U0LEAD2]
bindings:
  - channel: C0PROD
    name: prod-ops
    scope: { resourceGroups: [rg-shop] }
    actions:
      restart: { request: oncall, approve: leads }
`;

describe("the example policy", () => {
  it("loads from disk with both channels, roles expanded and defaults applied", async () => {
    const p = await loadPolicy(EXAMPLE_FILE);
    expect(p.bindings.map((b) => [b.channel, b.name])).toEqual([
      ["C0PRODOPS", "prod-ops"],
      ["C0STAGING", "staging"],
    ]);
    expect(p.defaults).toEqual({ proposalTtlMinutes: 15, twoPersonRule: true });
    const [prod, staging] = p.bindings;
    expect(prod.actions.restart).toEqual({
      requesters: ["S0ONCALL"],
      approvers: ["U0LEAD1", "U0LEAD2"],
      requestRefs: ["oncall"],
      approveRefs: ["platform-leads"],
    });
    expect(prod.actions.scaleUp?.approvers).toEqual(["U0LEAD1", "U0LEAD2", "U0HEADOPS"]);
    expect(prod.actions.stop?.approvers).toEqual(["U0HEADOPS"]);
    expect(prod.scope.resourceGroups).toContain(`${PROD_SUB}/rg-shop-prod`);
    expect(prod.scope.tags).toEqual({ env: "prod" });
    expect(prod).toMatchObject({ twoPersonRule: true, proposalTtlMinutes: 10, timeZone: "Europe/Berlin" });
    expect(prod.digest).toEqual({ time: "08:30", days: "weekdays" });
    expect(prod.limits).toEqual({ maxInstances: 10, skus: ["P1V3", "P2V3", "P3V3"] });
    expect(staging.limits).toBeUndefined();
    expect(staging.scope.subscriptions).toEqual([STAGING_SUB]);
    expect(staging.twoPersonRule).toBe(false);
    expect(Object.keys(staging.actions)).toHaveLength(10);
    expect(staging.actions.siteConfig?.requesters).toEqual(["S0ONCALL", "S0DEVS"]);
    expect(p.source).toBe(EXAMPLE_FILE);
    expect(p.fingerprint).toMatch(/^[0-9a-f]{12}$/);
  });

  it("has nothing lint would warn about except the deliberate staging self-approval", () => {
    expect(lintPolicy(examplePolicy())).toEqual([
      "bindings[1]: two-person rule is off: requesters may approve their own proposals",
    ]);
  });
});

describe("loadPolicy and the file", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "appsvc-policy-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("no APPSVC_CONFIG: no policy (a read-only bot)", async () => {
    expect(await loadPolicy(undefined)).toBeUndefined();
  });

  it("a missing file says how to create it", async () => {
    const file = join(dir, "nope.yml");
    await expect(loadPolicy(file)).rejects.toThrow(PolicyError);
    await expect(loadPolicy(file)).rejects.toThrow(
      `APPSVC_CONFIG points to ${file}, which does not exist: create it (copy policy.example.yml) or unset APPSVC_CONFIG`,
    );
  });

  it("a folder instead of a file", async () => {
    await expect(loadPolicy(dir)).rejects.toThrow(/is a folder: point APPSVC_CONFIG to the policy YAML file itself/);
  });

  it("a file on disk is parsed, its problems named with the file", async () => {
    const file = join(dir, "policy.yml");
    await writeFile(file, VALID_BINDING);
    const p = await loadPolicy(file);
    expect(p.bindings[0].actions.restart?.approvers).toEqual(["U0LEAD1", "U0LEAD2"]);
    await writeFile(file, VALID_BINDING.replace("C0PROD", "prod"));
    await expect(loadPolicy(file)).rejects.toThrow(`Policy file ${file} has 1 problem:`);
  });

  it("the fingerprint follows the content", () => {
    const a = parsePolicy(VALID_BINDING);
    expect(parsePolicy(VALID_BINDING).fingerprint).toBe(a.fingerprint);
    expect(parsePolicy(`${VALID_BINDING}\n# reviewed\n`).fingerprint).not.toBe(a.fingerprint);
  });
});

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  azureRoleFor,
  COLLECT_PERMISSIONS,
  customRoleDefinition,
  forbiddenHint,
  READ_PERMISSIONS,
} from "../../src/policy/azure-roles.ts";
import { ACTIONS } from "../../src/policy/policy.ts";
import { ROUTES } from "../../src/sim/azure/routes/index.ts";

const ROLE_FILE = fileURLToPath(new URL("../../azure-role.json", import.meta.url));

describe("azureRoleFor", () => {
  it("names the exact permission and the built-in role", () => {
    expect(azureRoleFor("restart")).toMatchObject({
      role: "Website Contributor",
      permission: "Microsoft.Web/sites/restart/action",
      slotPermission: "Microsoft.Web/sites/slots/restart/action",
      assignOn: "app",
    });
    expect(azureRoleFor("start").permission).toBe("Microsoft.Web/sites/start/action");
    expect(azureRoleFor("stop").permission).toBe("Microsoft.Web/sites/stop/action");
    expect(azureRoleFor("rebootWorker")).toMatchObject({
      role: "Web Plan Contributor",
      permission: "Microsoft.Web/serverfarms/workers/reboot/action",
      assignOn: "plan",
    });
    for (const a of ["scaleOut", "scaleUp"] as const)
      expect(azureRoleFor(a)).toMatchObject({
        role: "Web Plan Contributor",
        permission: "Microsoft.Web/serverfarms/write",
      });
    for (const a of ["autoHeal", "healthCheck", "appSetting", "siteConfig"] as const)
      expect(azureRoleFor(a).permission).toBe("Microsoft.Web/sites/config/write");
    expect(azureRoleFor("appSetting").alsoNeeds).toContain("Microsoft.Web/sites/config/list/action");
    expect(azureRoleFor("swapBack").permission).toBe("Microsoft.Web/sites/slotsswap/action");
    expect(azureRoleFor("autoscaleProfile").permission).toBe("Microsoft.Insights/autoscalesettings/write");
  });

  it("a 403 hint names the permission, the role and where to grant it", () => {
    expect(forbiddenHint("scaleUp")).toBe(
      "Scale up needs Microsoft.Web/serverfarms/write: grant the bot's identity Web Plan Contributor on the plan (or its resource group), or the custom role in azure-role.json.",
    );
    expect(forbiddenHint("restart", { slot: true, scope: "resource group rg-shop" })).toBe(
      "Restart needs Microsoft.Web/sites/slots/restart/action: grant the bot's identity Website Contributor on resource group rg-shop, or the custom role in azure-role.json.",
    );
  });
});

describe("customRoleDefinition", () => {
  const role = customRoleDefinition();

  it("has the fields of an Azure custom role", () => {
    expect(Object.keys(role).sort()).toEqual(
      [
        "Actions",
        "AssignableScopes",
        "DataActions",
        "Description",
        "IsCustom",
        "Name",
        "NotActions",
        "NotDataActions",
      ].sort(),
    );
    expect(role.IsCustom).toBe(true);
    expect(role.Name).toBeTruthy();
    expect(role.Description.length).toBeGreaterThan(20);
    expect(role.NotActions).toEqual([]);
    for (const s of role.AssignableScopes) expect(s).toMatch(/^\/subscriptions\/[0-9a-f-]{36}$/);
    for (const a of role.Actions) expect(a).toMatch(/^Microsoft\.[A-Za-z]+\/[A-Za-z/]+$/);
    expect(new Set(role.Actions).size).toBe(role.Actions.length);
    expect(role.Actions.some((a) => a.includes("*"))).toBe(false); // least privilege: no wildcards
  });

  it("contains every permission azureRoleFor names, and every read the bot performs", () => {
    for (const action of ACTIONS) {
      const r = azureRoleFor(action);
      for (const p of [r.permission, r.slotPermission, ...(r.alsoNeeds ?? [])].filter(Boolean))
        expect(role.Actions).toContain(p);
    }
    for (const read of [
      "Microsoft.Web/sites/read",
      "Microsoft.Web/sites/config/read",
      "Microsoft.Web/sites/instances/read",
      "Microsoft.Web/sites/deployments/read",
      "Microsoft.Web/sites/detectors/read",
      "Microsoft.Web/serverfarms/read",
      "Microsoft.Insights/metrics/read",
      "Microsoft.Insights/metricDefinitions/read",
      "Microsoft.Insights/eventtypes/values/read",
      "Microsoft.Insights/autoscalesettings/read",
      "Microsoft.ResourceHealth/availabilityStatuses/read",
      "Microsoft.ResourceHealth/events/read",
    ])
      expect(role.Actions).toContain(read);
    expect(role.Actions).toEqual(expect.arrayContaining([...READ_PERMISSIONS]));
  });

  it("covers every action collect's Azure calls need (the simulator's routes name them, as ARM would in a 403)", () => {
    expect(role.Actions).toEqual(expect.arrayContaining([...COLLECT_PERMISSIONS]));
    const collectRoutes = ROUTES.filter((r) =>
      /^(instanceProcesses\.list|containerLogs\.|diagnostics\.|kudu\.)/.test(r.id),
    );
    expect(collectRoutes.length).toBe(11); // five routes and their slot variants, plus Kudu
    for (const r of collectRoutes) expect(role.Actions).toContain(r.action);
  });

  it("the memory dump needs the process read and the blob write data action, both in the role", () => {
    expect(azureRoleFor("memoryDump")).toMatchObject({
      role: "Website Contributor",
      permission: "Microsoft.Web/sites/instances/processes/read",
      slotPermission: "Microsoft.Web/sites/slots/instances/processes/read",
    });
    expect(role.DataActions).toEqual(["Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write"]);
    expect(forbiddenHint("memoryDump")).toMatch(/^Memory dump needs Microsoft\.Web\/sites\/instances\/processes\/read/);
  });

  it("takes the subscriptions to assign it on", () => {
    expect(customRoleDefinition(["/subscriptions/abc"]).AssignableScopes).toEqual(["/subscriptions/abc"]);
  });

  it("azure-role.json at the repo root is exactly this definition (they cannot drift)", () => {
    expect(JSON.parse(readFileSync(ROLE_FILE, "utf8"))).toEqual(role);
  });
});

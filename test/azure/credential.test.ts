// DefaultAzureCredential through the simulator's App Service managed identity endpoint
// (IDENTITY_ENDPOINT / IDENTITY_HEADER), as the bot runs in production.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDefaultCredential } from "../../src/azure/credentials.ts";
import type { SimFleet } from "../../src/sim/azure/fleet.ts";
import { fleet, plan, site } from "./fleet-builder.ts";
import { armFleetFor, type Sim, startSim } from "./harness.ts";

const KEYS = [
  "IDENTITY_ENDPOINT",
  "IDENTITY_HEADER",
  "AZURE_CLIENT_ID",
  "AZURE_TENANT_ID",
  "AZURE_CLIENT_SECRET",
  "AZURE_FEDERATED_TOKEN_FILE",
];

describe("DefaultAzureCredential via managed identity", () => {
  let world: SimFleet;
  let sim: Sim;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    world = fleet({ plans: [plan({ name: "p" })], sites: [site({ name: "mi-app", planName: "p" })] });
    sim = await startSim(world);
    for (const k of KEYS) {
      saved[k] = process.env[k];
      delete process.env[k];
    }
    process.env.IDENTITY_ENDPOINT = sim.identityEndpoint;
    process.env.IDENTITY_HEADER = sim.identityHeader;
  });
  afterAll(async () => {
    for (const k of KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await sim?.close();
  });

  it("gets an ARM token from the identity endpoint and lists apps with it", async () => {
    const credential = createDefaultCredential();
    const token = await credential.getToken("https://management.azure.com/.default");
    const claims = JSON.parse(Buffer.from(token?.token.split(".")[1] ?? "", "base64url").toString("utf8"));
    expect(claims.aud).toBe("https://management.azure.com");
    expect(token?.expiresOnTimestamp).toBeGreaterThan(Date.now());

    const arm = armFleetFor(sim, world, { credential });
    const apps = await arm.listApps();
    expect(apps.map((a) => a.name)).toEqual(["mi-app"]);
  });
});

describe("token scopes", () => {
  it("asks every client's token for the configured audiences (sovereign clouds)", async () => {
    const world = fleet({
      plans: [plan({ name: "p" })],
      sites: [site({ name: "gov-app", planName: "p", logsEnabled: true })],
    });
    const sim = await startSim(world);
    try {
      const scopes = new Set<string>();
      const credential = {
        async getToken(s: string | string[]) {
          for (const x of [s].flat()) scopes.add(x);
          return { token: "gov-token", expiresOnTimestamp: Date.now() + 3_600_000 };
        },
      };
      const arm = armFleetFor(sim, world, {
        credential,
        audience: "https://management.usgovcloudapi.net",
        logs: { endpoint: sim.logsEndpoint, workspaceId: "ws", audience: "https://api.loganalytics.us/.default" },
      });
      const apps = await arm.listApps();
      const now = world.clock.now();
      await arm.snapshot(apps[0], { start: now - 600_000, end: now }, { detectors: true });
      await arm.fleetMetrics(apps, { start: now - 600_000, end: now });
      expect([...scopes].sort()).toEqual([
        "https://api.loganalytics.us/.default",
        "https://management.usgovcloudapi.net/.default",
      ]);
    } finally {
      await sim.close();
    }
  });
});

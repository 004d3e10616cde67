// The terminal CLI: in-process against the simulator, and the real `bin/appsvc.js` as a child process
// configured only through the environment `npm run sim` prints.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createArmFleet } from "../../src/azure/arm-fleet.ts";
import { staticTokenCredential } from "../../src/azure/credentials.ts";
import { EXIT, runCli } from "../../src/cli/main.ts";
import { manualClock } from "../../src/sim/azure/fleet.ts";
import { addScenario, emptyFleet, SECOND_SUBSCRIPTION } from "../../src/sim/azure/scenarios/index.ts";
import { type AzureSim, startAzureSim } from "../../src/sim/azure/server.ts";

const SUB = `00000000-0000-0000-0000-000000000001,${SECOND_SUBSCRIPTION}`;
// The child process reads the wall clock, so the simulated fleet lives at wall time too.
const clock = manualClock(Math.floor(Date.now() / 60_000) * 60_000);
const fleet = emptyFleet(clock, { subscriptions: SUB.split(",") });
addScenario(fleet, "S1");
addScenario(fleet, "S2");
addScenario(fleet, "S2", { subscriptionId: SECOND_SUBSCRIPTION, resourceGroup: "rg-checkout-eu" });
let sim: AzureSim;

beforeAll(async () => {
  sim = await startAzureSim({ fleet });
});
afterAll(async () => {
  await sim?.close();
});

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const code = await runCli(argv, {
    env: { AZURE_SUBSCRIPTION_IDS: SUB },
    io: {
      out: (s) => {
        out += s;
      },
      err: (s) => {
        err += s;
      },
    },
    fleet: (azure) =>
      createArmFleet({
        subscriptionIds: azure.subscriptionIds,
        credential: staticTokenCredential("cli-test"),
        armEndpoint: sim.url,
        metricsBatchEndpointTemplate: sim.metricsBatchEndpointTemplate,
        ca: sim.ca,
        now: () => clock.now(),
      }),
    now: () => clock.now(),
  });
  return { code, out, err };
}

describe("appsvc CLI", () => {
  it("diagnoses an app for a person: cause, evidence, mitigations", async () => {
    const r = await cli("diagnose", "shop-api", "--window", "3h");
    expect(r.err).toBe("");
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/^rg-shop\/shop-api: incident/);
    expect(r.out).toMatch(/cause: R08 .* — High/);
    expect(r.out).toMatch(/Mitigations:\n {2}1\. Restart the app/);
    expect(r.out).toContain("privateBytesInKB");
  });

  it("--json carries the reference's rule ids and mitigation kinds", async () => {
    const r = await cli("diagnose", "rg-shop/shop-api", "--json");
    const json = JSON.parse(r.out);
    expect(json.diagnosis.primary.id).toBe("R08");
    expect(json.diagnosis.mitigations.map((m: { kind: string }) => m.kind)).toContain("autoHeal");
    expect(json.app.name).toBe("shop-api");
  });

  it("status gives the key figures and the likely cause", async () => {
    const r = await cli("status", "shop-api", "-w", "3h");
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/S1 × 1/);
    expect(r.out).toMatch(/requests [\d,]+ · 5xx [\d,]+/);
    expect(r.out).toMatch(/likely cause: R08/);
  });

  it("says which app was meant, with a clear exit code", async () => {
    const unknown = await cli("status", "shop-apj");
    expect(unknown.code).toBe(EXIT.notFound);
    expect(unknown.err).toMatch(/No app matches "shop-apj". Did you mean: rg-shop\/shop-api/);
    const ambiguous = await cli("status", "checkout-web");
    expect(ambiguous.code).toBe(EXIT.notFound);
    expect(ambiguous.err).toMatch(/matches 2 apps/);
    expect(ambiguous.err).toContain("appsvc status rg-checkout-eu/checkout-web");
  });

  it("rejects bad usage and bad configuration with their own exit codes", async () => {
    expect((await cli()).code).toBe(EXIT.usage);
    const typo = await cli("diagnoes", "shop-api");
    expect(typo.code).toBe(EXIT.usage);
    expect(typo.err).toMatch(/diagnose/);
    expect((await cli("restart", "shop-api")).err).toMatch(/Slack command/);
    let err = "";
    const code = await runCli(["status", "shop-api"], {
      env: {},
      io: {
        out: () => {},
        err: (s) => {
          err += s;
        },
      },
      fleet: () => {
        throw new Error("must not be built");
      },
    });
    expect(code).toBe(EXIT.config);
    expect(err).toMatch(/AZURE_SUBSCRIPTION_IDS is required/);
  });

  it("reports an Azure failure as a domain message", async () => {
    sim.faults.add({ route: "sites.get", status: 403, times: 1 });
    const r = await cli("status", "shop-api");
    expect(r.code).toBe(EXIT.azure);
    expect(r.err).toMatch(/permission|authori[sz]/i);
  });

  it("status without the site config: the answer goes out, the health check 'not read', never 'off'", async () => {
    sim.faults.add({ route: "config.get", status: 403, times: 1 });
    const r = await cli("status", "shop-api");
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain("health check not read");
    expect(r.out).not.toContain("health check off");
  });

  it("runs as bin/appsvc.js with only the simulator's printed environment (DefaultAzureCredential via managed identity)", async () => {
    const child = spawn(process.execPath, ["bin/appsvc.js", "diagnose", "shop-api", "--json"], {
      env: {
        PATH: process.env.PATH,
        AZURE_SUBSCRIPTION_IDS: SUB,
        AZURE_RESOURCE_MANAGER_ENDPOINT: sim.url,
        AZURE_METRICS_BATCH_ENDPOINT: sim.metricsBatchEndpointTemplate,
        IDENTITY_ENDPOINT: sim.identityEndpoint,
        IDENTITY_HEADER: sim.identityHeader,
        NODE_EXTRA_CA_CERTS: sim.caPath,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const [code] = await once(child, "exit");
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(JSON.parse(out).diagnosis.primary.id).toBe("R08");
  });
});

// The shared SecureContext for an extra CA: one per CA, and the one the connection really uses.
import https from "node:https";
import { rootCertificates } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secureContextFor, tlsOptionsFor } from "../../src/azure/tls.ts";
import { fleet, plan, site } from "./fleet-builder.ts";
import { type Sim, startSim } from "./harness.ts";

function get(url: string, agent: https.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    https
      .get(url, { agent }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
      .on("error", reject);
  });
}

describe("tlsOptionsFor", () => {
  let sim: Sim;
  beforeAll(async () => {
    sim = await startSim(fleet({ plans: [plan({ name: "p" })], sites: [site({ name: "a", planName: "p" })] }));
  });
  afterAll(async () => sim?.close());

  it("builds one context per CA and reuses it", () => {
    expect(secureContextFor(sim.ca)).toBe(secureContextFor(sim.ca));
    expect(secureContextFor(rootCertificates[0])).not.toBe(secureContextFor(sim.ca));
  });

  it("connections trust the shared context, not a per-connection parse of `ca`", async () => {
    // A wrong `ca` next to the right context: the handshake succeeds only if the context is used.
    const agent = new https.Agent({ ...tlsOptionsFor(sim.ca), ca: rootCertificates[0] });
    await expect(get(`${sim.url}/subscriptions?api-version=2022-12-01`, agent)).resolves.toBeGreaterThan(0);
    agent.destroy();
  });

  it("a context without the simulator's CA is refused", async () => {
    const agent = new https.Agent({ ...tlsOptionsFor(rootCertificates[0]) });
    await expect(get(`${sim.url}/subscriptions?api-version=2022-12-01`, agent)).rejects.toThrow(/certificate/i);
    agent.destroy();
  });
});

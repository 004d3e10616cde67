import { WebSiteManagementClient } from "@azure/arm-appservice";
import { DefaultAzureCredential, ManagedIdentityCredential } from "@azure/identity";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SIM_IDENTITY } from "../../../src/sim/azure/identity.ts";
import { type AzureSim, startAzureSim } from "../../../src/sim/azure/server.ts";
import { fleet, plan, SUB, site } from "./fixture.ts";

const p1 = plan("asp1");
const app = site("app1", p1);
const SCOPE = "https://management.azure.com/.default";
const KEYS = ["IDENTITY_ENDPOINT", "IDENTITY_HEADER"] as const;

let sim: AzureSim;
let saved: Record<string, string | undefined>;

beforeAll(async () => {
  sim = await startAzureSim({ fleet: fleet([p1], [app]) });
});
afterAll(() => sim.close());
beforeEach(() => {
  saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
  process.env.IDENTITY_ENDPOINT = sim.identityEndpoint;
  process.env.IDENTITY_HEADER = sim.identityHeader;
});
afterEach(() => {
  for (const k of KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("managed identity endpoint", () => {
  it("issues a token to ManagedIdentityCredential (App Service flavour) that ARM accepts as the sim identity", async () => {
    const cred = new ManagedIdentityCredential();
    const token = await cred.getToken(SCOPE);
    expect(token.token.split(".")).toHaveLength(3);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now());
    const web = new WebSiteManagementClient(cred, SUB, { endpoint: sim.url, tlsOptions: { ca: sim.ca } });
    await web.webApps.restart("rg1", "app1");
    expect(app.timeline.at(-1)).toMatchObject({ type: "restart", caller: SIM_IDENTITY.objectId });
  });

  it("works through DefaultAzureCredential", async () => {
    const token = await new DefaultAzureCredential().getToken(SCOPE);
    const claims = JSON.parse(Buffer.from(token.token.split(".")[1], "base64url").toString("utf8")) as {
      aud: string;
      oid: string;
    };
    expect(claims).toMatchObject({ aud: "https://management.azure.com", oid: SIM_IDENTITY.objectId });
  });

  it("answers the wire format MSAL reads, and 401 for a wrong or missing X-IDENTITY-HEADER", async () => {
    const url = `${sim.identityEndpoint}?api-version=2019-08-01&resource=${encodeURIComponent("https://management.azure.com")}`;
    const good = await fetch(url, { headers: { "X-IDENTITY-HEADER": sim.identityHeader } });
    const body = (await good.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ resource: "https://management.azure.com", token_type: "Bearer" });
    expect(body.expires_on).toMatch(/^\d{10}$/);
    expect((await fetch(url, { headers: { "X-IDENTITY-HEADER": "wrong" } })).status).toBe(401);
    expect((await fetch(url)).status).toBe(401);
  });
});

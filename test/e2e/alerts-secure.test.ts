// The secure webhook: with APPSVC_ALERTS_AUDIENCE set, every request also carries an Entra ID bearer token,
// checked for signature against the tenant's JWKS (served by the Azure simulator), issuer, audience and
// expiry. Tokens are signed by the simulator's Entra keys, as Azure Monitor's would be by Entra ID.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALERTS_TOKEN, appIdOf, http5xxAlert, payloadOf, postAlert } from "./alerts-helpers.ts";
import { ALERTS_TENANT, type Azure, type Harness, startAzure, startHarness } from "./harness.ts";

const AUDIENCE = "api://appsvc-bot-alerts";
const CHANNEL = "C0SECURE";

let azure: Azure;
let h: Harness;

beforeAll(async () => {
  azure = await startAzure();
  h = await startHarness(azure, { alerts: { token: ALERTS_TOKEN, channel: CHANNEL, audience: AUDIENCE } });
  h.emu.channels.add({ id: CHANNEL, name: "alerts", is_member: true });
}, 60_000);
afterAll(async () => {
  await h?.close();
  await azure?.close();
});

async function send(bearer: string | undefined) {
  const posts = h.emu.store.channelMessages(CHANNEL).length;
  const logs = h.logs.length;
  const r = await postAlert(h, payloadOf(http5xxAlert(h, appIdOf(h, "shop-api"))), bearer ? { bearer } : {});
  await h.idle(30_000);
  const refusals = h.logs.slice(logs).filter((l) => l.includes("alert webhook refused"));
  return {
    status: r.status,
    error: r.status === 200 ? "" : (JSON.parse(r.body) as { error: string }).error,
    posted: h.emu.store.channelMessages(CHANNEL).length - posts,
    refusals,
  };
}

const sign = (o: Partial<Parameters<Azure["sim"]["entra"]["signWebhookToken"]>[0]> = {}) =>
  azure.sim.entra.signWebhookToken({ audience: AUDIENCE, tenant: ALERTS_TENANT, ...o });

describe("secure webhook", () => {
  it("a valid token from the tenant for the audience is accepted", async () => {
    const r = await send(await sign());
    expect(r).toMatchObject({ status: 200, posted: 1 });
    // The JWKS was read from the simulator's Entra endpoint.
    expect(azure.sim.requests.some((q) => q.route === "entra.keys" && q.path.includes(ALERTS_TENANT))).toBe(true);
  });

  it("an expired token → 401, nothing posted", async () => {
    const r = await send(await sign({ expiresInS: -600 }));
    expect(r).toMatchObject({ status: 401, posted: 0, error: "bearer token refused: expired" });
    expect(r.refusals).toHaveLength(1);
  });

  it("a token for another audience → 401", async () => {
    const r = await send(await sign({ audience: "api://someone-else" }));
    expect(r).toMatchObject({ status: 401, posted: 0 });
    expect(r.error).toMatch(/claim aud is wrong/);
  });

  it("a token from another tenant → 401", async () => {
    const r = await send(await sign({ tenant: "11111111-2222-3333-4444-555555555555" }));
    expect(r).toMatchObject({ status: 401, posted: 0 });
    expect(r.error).toMatch(/claim iss is wrong/);
  });

  it("a token signed by a key the issuer does not publish → 401", async () => {
    const r = await send(await sign({ foreignKey: true }));
    expect(r).toMatchObject({ status: 401, posted: 0 });
    expect(r.error).toMatch(/signature does not verify|does not publish/);
  });

  it("no bearer → 401; the right token alone is not enough", async () => {
    const r = await send(undefined);
    expect(r).toMatchObject({ status: 401, posted: 0, error: "no bearer token (secure webhook is enabled)" });
  });

  it("never logs the token or the bearer", async () => {
    const bearer = await sign();
    await send(bearer);
    const all = h.logs.join("\n");
    expect(all).not.toContain(ALERTS_TOKEN);
    expect(all).not.toContain(bearer.split(".")[2]);
  });
});

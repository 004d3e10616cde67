import type { RestError } from "@azure/core-rest-pipeline";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AzureSim, startAzureSim } from "../../../src/sim/azure/server.ts";
import { clients, fleet, plan, raw, SUB, site, siteIdOf } from "./fixture.ts";

const p1 = plan("asp1");
const app = site("app1", p1);
const secret = site("secret", p1);

let sim: AzureSim;
let strict: ReturnType<typeof clients>;
let retrying: ReturnType<typeof clients>;

beforeAll(async () => {
  sim = await startAzureSim({ fleet: fleet([p1], [app, secret]) });
  strict = clients(sim);
  retrying = clients(sim, "alice@contoso.com", true);
});
afterEach(() => {
  sim.faults.clear();
  sim.setLatency(0);
});
afterAll(() => sim.close());

const gets = (): number[] => sim.requests.filter((r) => r.route === "sites.get").map((r) => r.status);

describe("faults", () => {
  it("a 429 with Retry-After is retried by the SDK after the wait", async () => {
    sim.faults.add({ route: "sites.get", status: 429, retryAfterSeconds: 1, times: 1 });
    const before = gets().length;
    const s = await retrying.web.webApps.get("rg1", "app1");
    expect(s.name).toBe("app1");
    expect(gets().slice(before)).toEqual([429, 200]);
  });

  it("a 429 without Retry-After fails at once with TooManyRequests", async () => {
    sim.faults.add({ route: "sites.get", status: 429, times: 1 });
    const before = gets().length;
    const e = (await retrying.web.webApps.get("rg1", "app1").catch((x: unknown) => x)) as RestError;
    expect(e.statusCode).toBe(429);
    expect(e.code).toBe("TooManyRequests");
    expect(gets().slice(before)).toEqual([429]);
  });

  it("fires `times` times, then the real handler answers", async () => {
    sim.faults.add({ route: /^sites\./, status: 500, errorCode: "Boom", message: "injected", times: 2 });
    const first = (await strict.web.webApps.get("rg1", "app1").catch((x: unknown) => x)) as RestError;
    expect(first).toMatchObject({ statusCode: 500, code: "Boom" });
    await expect(strict.web.webApps.get("rg1", "app1")).rejects.toMatchObject({ statusCode: 500 });
    expect((await strict.web.webApps.get("rg1", "app1")).name).toBe("app1");
  });

  it("a 403 scoped to one site names the client, object id, action and scope like Azure", async () => {
    sim.faults.add({ scope: siteIdOf("secret"), status: 403 });
    const e = (await strict.web.webApps.get("rg1", "secret").catch((x: unknown) => x)) as RestError;
    expect(e.statusCode).toBe(403);
    expect(e.code).toBe("AuthorizationFailed");
    expect(e.message).toMatch(
      new RegExp(
        `^The client 'alice@contoso\\.com' with object id '[0-9a-f-]{36}' does not have authorization to perform action 'Microsoft\\.Web/sites/read' over scope '${siteIdOf("secret").replace(/\./g, "\\.")}' or the scope is invalid\\.`,
      ),
    );
    const restart = (await strict.web.webApps.restart("rg1", "secret").catch((x: unknown) => x)) as RestError;
    expect(restart.message).toContain("'Microsoft.Web/sites/restart/action'");
    expect((await strict.web.webApps.get("rg1", "app1")).name).toBe("app1");
  });

  it("a hung request is abandoned by the client's AbortSignal", async () => {
    sim.faults.add({ route: "sites.get", hang: true, times: 1 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const e = (await strict.web.webApps
      .get("rg1", "app1", { abortSignal: ac.signal })
      .catch((x: unknown) => x)) as Error;
    expect(e.name).toBe("AbortError");
    expect(sim.requests.filter((r) => r.route === "sites.get").at(-1)?.status).toBe(0);
  });

  it("a write delayed by latency does not happen when the client gives up first", async () => {
    sim.faults.add({ route: "sites.restart", latencyMs: 10_000, times: 1 });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await expect(strict.web.webApps.restart("rg1", "app1", { abortSignal: ac.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(app.timeline).toEqual([]);
  });

  it("setLatency delays every response", async () => {
    sim.setLatency(10_000);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    await expect(
      strict.monitor.metrics.list(siteIdOf("app1").slice(1), { abortSignal: ac.signal }),
    ).rejects.toMatchObject({ name: "AbortError" });
    sim.setLatency(0);
    expect((await strict.monitor.metrics.list(siteIdOf("app1").slice(1))).value[0].name.value).toBe("Requests");
  });

  it("an injected 404 carries a ResourceNotFound body", async () => {
    sim.faults.add({ route: "config.get", status: 404, times: 1 });
    const r = await raw(sim, "GET", `${siteIdOf("app1")}/config/web?api-version=2025-05-01`);
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error: { code: "ResourceNotFound" } });
  });

  it("sends request ids and the remaining-reads header on ARM GETs", async () => {
    const r = await raw(sim, "GET", `${siteIdOf("app1")}?api-version=2025-05-01`);
    expect(r.headers["x-ms-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers["x-ms-ratelimit-remaining-subscription-reads"]).toMatch(/^\d+$/);
  });
});

describe("throttling", () => {
  it("answers 429 with Retry-After once the subscription's read bucket is empty", async () => {
    const t = await startAzureSim({
      fleet: fleet([plan("asp1")], [site("a", plan("asp1"))]),
      throttle: { readsPerSecond: 0.01, burst: 2 },
    });
    try {
      const path = `/subscriptions/${SUB}/providers/Microsoft.Web/sites?api-version=2025-05-01`;
      const first = await raw(t, "GET", path);
      const second = await raw(t, "GET", path);
      const third = await raw(t, "GET", path);
      expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);
      expect(first.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBe("1");
      expect(second.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBe("0");
      expect(Number(third.headers["retry-after"])).toBeGreaterThanOrEqual(1);
      expect(third.json).toMatchObject({ error: { code: "TooManyRequests" } });
      const write = await raw(t, "POST", `${siteIdOf("a")}/restart?api-version=2025-05-01`);
      expect(write.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe("holds (a call in flight whose caller dies)", () => {
  const restarts = () => app.timeline.filter((e) => e.type === "restart").length;

  it("carryOut: the call is recorded as it arrives and carried out on release, though its client gave up", async () => {
    const hold = sim.hold({ route: "sites.restart", onRelease: "carryOut" });
    const before = restarts();
    const aborted = new AbortController();
    const call = strict.web.webApps.restart("rg1", "app1", { abortSignal: aborted.signal }).catch((e: unknown) => e);
    await hold.arrived;
    expect(sim.requests.at(-1)).toMatchObject({ route: "sites.restart", status: 0 });
    aborted.abort();
    await call;
    expect(restarts()).toBe(before);
    hold.release();
    await hold.done;
    expect(restarts()).toBe(before + 1);
  });

  it("drop: the call never reached Azure: not recorded, nothing changed", async () => {
    const hold = sim.hold({ route: "sites.restart", onRelease: "drop" });
    const before = { restarts: restarts(), requests: sim.requests.length };
    const call = strict.web.webApps.restart("rg1", "app1").catch((e: unknown) => e);
    await hold.arrived;
    hold.release();
    await hold.done;
    expect(await call).toBeInstanceOf(Error);
    expect(restarts()).toBe(before.restarts);
    expect(sim.requests.length).toBe(before.requests);
  });
});

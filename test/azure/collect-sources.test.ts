// The collect sources and the dump upload over HTTPS against the simulator (real SDK clients, real Put Block /
// Put Block List): Linux vs Windows differences and the failures each source reports.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uploadStream } from "../../src/azure/blob-upload.ts";
import { createCollectSources } from "../../src/azure/collect-sources.ts";
import { staticTokenCredential } from "../../src/azure/credentials.ts";
import { ArmWriter } from "../../src/azure/writes.ts";
import { DomainError } from "../../src/core/errors.ts";
import type { AppRef } from "../../src/core/snapshot.ts";
import { MINUTE, manualClock } from "../../src/sim/azure/fleet.ts";
import { addScenario, emptyFleet } from "../../src/sim/azure/scenarios/index.ts";
import { armFleetFor, type Sim, startSim } from "./harness.ts";

const NOW = Date.UTC(2026, 10, 24, 11, 0);
const clock = manualClock(NOW);
const fleet = emptyFleet(clock);
addScenario(fleet, "S5", { t0: NOW - 90 * MINUTE });
addScenario(fleet, "S3", { t0: NOW - 60 * MINUTE });
let sim: Sim;
let catalog: AppRef;
let orders: AppRef;
const credential = staticTokenCredential("test-token");
const signal = new AbortController().signal;
const sources = () =>
  createCollectSources({
    credential,
    armEndpoint: sim.url,
    scmEndpointTemplate: sim.scmEndpointTemplate,
    ca: sim.ca,
    maxRetries: 0,
  });

beforeAll(async () => {
  sim = await startSim(fleet, { maxDumpBytes: 3 * 1024 * 1024 });
  const arm = armFleetFor(sim, fleet);
  const a = await arm.resolveApp("catalog-api");
  const b = await arm.resolveApp("orders-api");
  if (a.kind !== "found" || b.kind !== "found") throw new Error("apps missing");
  catalog = a.app;
  orders = b.app;
});
afterAll(() => sim?.close());

describe("collect sources", () => {
  it("processes: per instance on Windows, RD0003's w3wp the biggest; Linux is refused by ARM (400)", async () => {
    const rows = await sources().processes(catalog, ["RD0001", "RD0003"], signal);
    const app = rows.filter((r) => !r.scm);
    expect(app.map((r) => r.instance)).toEqual(["RD0001", "RD0003"]);
    expect(app[1].privateBytes ?? 0).toBeGreaterThan(2 * (app[0].privateBytes ?? 1));
    expect(app[1].cpuSeconds).toBeGreaterThan(0);
    expect(typeof app[1].startedAt).toBe("number");
    const e = await sources()
      .processes(orders, ["lw0sdlwk000000"], signal)
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).kind).toBe("invalid");
  });

  it("container log: text tail and a zip on Linux; a Windows app answers 204 (empty)", async () => {
    const linux = await sources().containerLog(orders, signal);
    expect(linux.tail).toMatch(/didn't respond to HTTP pings on port: 80/);
    expect(linux.zip?.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
    const windows = await sources().containerLog(catalog, signal);
    expect(windows).toEqual({ tail: "" });
  });

  it("diagnostics: analyses and detectors flag RD0003's memory; the raw JSON is kept", async () => {
    const d = await sources().diagnostics(catalog, { start: NOW - 3_600_000, end: NOW }, signal);
    const mem = d.results.find((r) => r.id === "sitememoryanalysis");
    expect(mem?.issue).toBe(true);
    expect(mem?.periods[0].message).toMatch(/RD0003/);
    expect(Object.keys(d.raw).sort()).toEqual(
      [
        "appDownAnalysis",
        "perfAnalysis",
        "sitecpuanalysis",
        "sitecrashes",
        "sitememoryanalysis",
        "webapprestart",
      ].sort(),
    );
  });

  it("log stream: bounded by bytes and by time; an unknown SCM host is unreachable", async () => {
    const bytes = await sources().logStream(
      orders,
      `orders-api.scm.azurewebsites.net`,
      { maxMs: 5_000, maxBytes: 200 },
      signal,
    );
    expect(bytes).toMatchObject({ bytes: 200, truncated: true });
    const t0 = performance.now();
    const timed = await sources().logStream(
      catalog,
      "catalog-api.scm.azurewebsites.net",
      { maxMs: 600, maxBytes: 1e6 },
      signal,
    );
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(timed.truncated).toBe(false);
    expect(timed.text).toMatch(/Welcome, you are now connected to log-streaming service/);
    const gone = await sources()
      .logStream(catalog, "nosuch.scm.azurewebsites.net", { maxMs: 600, maxBytes: 1e6 }, signal)
      .catch((x: unknown) => x);
    expect((gone as DomainError).kind).toBe("notFound");
    const bad = createCollectSources({
      credential,
      armEndpoint: sim.url,
      scmEndpointTemplate: "https://127.0.0.1:1/scm/{host}",
      ca: sim.ca,
    });
    const refused = await bad
      .logStream(catalog, "catalog-api.scm.azurewebsites.net", { maxMs: 600, maxBytes: 1e6 }, signal)
      .catch((x: unknown) => x);
    expect((refused as DomainError).userMessage).toMatch(
      /The SCM site catalog-api\.scm\.azurewebsites\.net could not be reached \(ECONNREFUSED\)/,
    );
  });
});

describe("dump upload", () => {
  const body = async function* (n: number, chunk: number) {
    for (let sent = 0; sent < n; sent += chunk) yield Buffer.alloc(Math.min(chunk, n - sent), 7);
  };

  it("stages blocks in order and commits them; a partial last block is kept", async () => {
    const r = await uploadStream(body(2.5 * 1024 * 1024, 100_000), {
      containerUrl: sim.dumpsContainerUrl,
      blobName: "t1.dmp",
      contentType: "application/octet-stream",
      credential,
      ca: sim.ca,
      blockBytes: 1024 * 1024,
    });
    expect(r).toMatchObject({ bytes: 2.5 * 1024 * 1024, blocks: 3 });
    expect(sim.blobs.committed.get("simdumps/dumps/t1.dmp")).toMatchObject({ size: 2.5 * 1024 * 1024, blocks: 3 });
  });

  it("a refused write names the data action and the role; a missing container says to create it", async () => {
    sim.faults.add({ route: "blob.put", status: 403, times: 1 });
    const e = await uploadStream(body(10, 10), {
      containerUrl: sim.dumpsContainerUrl,
      blobName: "t2.dmp",
      contentType: "application/octet-stream",
      credential,
      ca: sim.ca,
    }).catch((x: unknown) => x);
    expect((e as DomainError).userMessage).toMatch(
      /Microsoft\.Storage\/storageAccounts\/blobServices\/containers\/blobs\/write/,
    );
    expect((e as DomainError).hint).toMatch(/Storage Blob Data Contributor/);
    const missing = await uploadStream(body(10, 10), {
      containerUrl: sim.dumpsContainerUrl.replace(/dumps$/, "nope"),
      blobName: "t3.dmp",
      contentType: "application/octet-stream",
      credential,
      ca: sim.ca,
    }).catch((x: unknown) => x);
    expect((missing as DomainError).userMessage).toMatch(/does not exist \(ContainerNotFound\)/);
  });

  it("the writer streams a process dump into the container; without a container it refuses", async () => {
    const pid = (await sources().processes(catalog, ["RD0003"], signal)).find((p) => !p.scm)?.pid ?? 0;
    const w = new ArmWriter({ credential, armEndpoint: sim.url, ca: sim.ca, dumpsContainerUrl: sim.dumpsContainerUrl });
    const seen: number[] = [];
    const r = await w.memoryDump(
      catalog,
      { instance: "RD0003", pid, blobName: "w.dmp" },
      { onProgress: (b) => seen.push(b) },
    );
    expect(r.dump).toMatchObject({ bytes: 3 * 1024 * 1024 });
    expect(r.dump?.url).toBe(`${sim.dumpsContainerUrl}/w.dmp`);
    expect(seen.at(-1)).toBe(3 * 1024 * 1024);
    expect(sim.blobs.committed.get("simdumps/dumps/w.dmp")?.head.subarray(0, 4).toString("latin1")).toBe("MDMP");
    const none = new ArmWriter({ credential, armEndpoint: sim.url, ca: sim.ca });
    await expect(none.memoryDump(catalog, { instance: "RD0003", pid, blobName: "x.dmp" })).rejects.toThrow(
      /APPSVC_DUMPS_CONTAINER_URL/,
    );
    // A dump that never sends a byte is given up after the stall limit, not waited for forever.
    const slow = new ArmWriter({
      credential,
      armEndpoint: sim.url,
      ca: sim.ca,
      dumpsContainerUrl: sim.dumpsContainerUrl,
      dumpStallMs: 300,
    });
    sim.faults.add({ route: "instanceProcesses.dump", hang: true, times: 1 });
    const stalled = await slow
      .memoryDump(catalog, { instance: "RD0003", pid, blobName: "z.dmp" })
      .catch((x: unknown) => x);
    expect((stalled as DomainError).kind).toBe("timeout");
    expect((stalled as DomainError).userMessage).toMatch(/stalled: nothing arrived for 0\.3 s/);
    expect(sim.blobs.committed.has("simdumps/dumps/z.dmp")).toBe(false);
    const unknown = await w
      .memoryDump(catalog, { instance: "RD0003", pid: 1, blobName: "y.dmp" })
      .catch((x: unknown) => x);
    expect((unknown as DomainError).kind).toBe("notFound");
  });
});

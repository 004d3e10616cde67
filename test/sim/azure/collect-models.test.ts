// The simulator's collect models agree with its scenarios: S1's one w3wp grows with the leak, S5's RD0003 is its
// own outlier, S3's docker log shows the container on 3000 and the pings on 80; Kudu refuses basic auth.
import { request } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dockerLogLines } from "../../../src/sim/azure/collect/docker-log.ts";
import { findings } from "../../../src/sim/azure/collect/findings.ts";
import { instanceProcesses } from "../../../src/sim/azure/collect/processes.ts";
import { MINUTE, manualClock } from "../../../src/sim/azure/fleet.ts";
import { Sampler } from "../../../src/sim/azure/sampler.ts";
import { addScenario, emptyFleet } from "../../../src/sim/azure/scenarios/index.ts";
import { type AzureSim, startAzureSim } from "../../../src/sim/azure/server.ts";
import { scmHostName } from "../../../src/sim/azure/wire/site.ts";
import { planOf } from "../../../src/sim/azure/world.ts";

const NOW = Date.UTC(2026, 10, 24, 11, 0);
const fleet = emptyFleet(manualClock(NOW));
const s1 = addScenario(fleet, "S1", { t0: NOW - 90 * MINUTE });
const s3 = addScenario(fleet, "S3", { t0: NOW - 60 * MINUTE });
const s5 = addScenario(fleet, "S5", { t0: NOW - 90 * MINUTE });
const sampler = new Sampler(fleet);
const worker = (site: typeof s1, instance: string, at: number) =>
  instanceProcesses(sampler, site, planOf(fleet, site), instance, at)?.find((p) => !p.isScmSite);

describe("process models", () => {
  it("S1: the one w3wp grows while the leak runs, from the same process start", () => {
    const plan = planOf(fleet, s1);
    const early = worker(s1, plan.workers[0], NOW - 60 * MINUTE);
    const late = worker(s1, plan.workers[0], NOW - 30 * MINUTE);
    expect(plan.workers.length).toBeGreaterThanOrEqual(1);
    expect(late?.privateBytes ?? 0).toBeGreaterThan((early?.privateBytes ?? 0) * 1.1);
    expect(late?.pid).toBe(early?.pid);
  });

  it("S5: RD0003's w3wp holds several times the others' memory and threads", () => {
    const bad = worker(s5, "RD0003", NOW);
    const good = worker(s5, "RD0001", NOW);
    expect(bad?.privateBytes ?? 0).toBeGreaterThan(2 * (good?.privateBytes ?? Number.POSITIVE_INFINITY));
    expect(bad?.threads ?? 0).toBeGreaterThan(2 * (good?.threads ?? Number.POSITIVE_INFINITY));
    expect(findings(sampler, s5, planOf(fleet, s5), NOW - 60 * MINUTE, NOW).map((f) => f.detector)).toContain(
      "sitememoryanalysis",
    );
  });

  it("S3: the docker log shows the port mismatch and the failed start", () => {
    const lines = dockerLogLines(s3, planOf(fleet, s3), NOW - 60 * MINUTE, NOW).join("\n");
    expect(lines).toMatch(/docker run -d --expose=80/);
    expect(lines).toMatch(/Server listening on http:\/\/0\.0\.0\.0:3000/);
    expect(lines).toMatch(/ERROR - Container .* didn't respond to HTTP pings on port: 80/);
    expect(findings(sampler, s3, planOf(fleet, s3), NOW - 60 * MINUTE, NOW).map((f) => f.detector)).toContain(
      "sitecrashes",
    );
  });
});

describe("Kudu on the SCM host", () => {
  let sim: AzureSim;
  beforeAll(async () => {
    sim = await startAzureSim({ fleet });
  });
  afterAll(() => sim?.close());

  const get = (auth: string) =>
    new Promise<number>((resolve, reject) => {
      const url = new URL(`${sim.scmEndpointTemplate.replace("{host}", scmHostName(s5))}/api/logstream`);
      const req = request(url, { ca: sim.ca, headers: { authorization: auth } }, (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      });
      req.on("error", reject);
      req.end();
    });

  it("answers a bearer token and refuses basic auth (publishing credentials)", async () => {
    expect(await get("Bearer test-token")).toBe(200);
    expect(await get(`Basic ${Buffer.from("$catalog-api:secret").toString("base64")}`)).toBe(401);
  });
});

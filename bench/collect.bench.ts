// `/appsvc collect` against the simulator in its own process at 100 ms per call: time to the summary as a
// ratio to its critical path (each source timed alone; the path is the slowest chain: diagnostics, container
// log, or the snapshot followed by processes / the log stream), and peak RSS of this process while a 1 GB
// dump streams from the simulator into the simulated blob container (Put Block / Put Block List).

import { createCollectSources } from "../src/azure/collect-sources.ts";
import { staticTokenCredential } from "../src/azure/credentials.ts";
import { ArmWriter } from "../src/azure/writes.ts";
import { collect } from "../src/collect/collect.ts";
import { readApp } from "../src/reads/read-app.ts";
import type { BenchResult } from "./run.ts";
import { simFleet, startSimProcess } from "./sim-process.ts";
import { median, round } from "./stats.ts";

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const RUNS = 7;
const LOG_STREAM = { maxMs: 1_000, maxBytes: 256 * 1024 };
const GIB = 1024 ** 3;

const time = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const v = await fn();
  return [v, performance.now() - t0];
};

const CLOCK = String(Date.UTC(2026, 10, 24, 11, 0));

/** One dump streamed from its own simulator process (capped at `size`) to the simulated blob container. */
async function dumpRow(size: number, credential: ReturnType<typeof staticTokenCredential>) {
  const sim = await startSimProcess(["S5", "0", CLOCK, "", String(size)]);
  try {
    const fleet = simFleet(sim);
    const sources = createCollectSources({ credential, armEndpoint: sim.url, ca: sim.ca, now: () => sim.now });
    const app = await fleet.resolveApp("catalog-api");
    if (app.kind !== "found") throw new Error("catalog-api not found");
    const procs = await sources.processes(app.app, ["RD0003"], new AbortController().signal);
    const w3wp = procs.find((p) => !p.scm);
    if (!w3wp) throw new Error("no w3wp on RD0003");
    const writer = new ArmWriter({
      credential,
      armEndpoint: sim.url,
      ca: sim.ca,
      dumpsContainerUrl: sim.dumpsContainerUrl,
    });
    const base = process.memoryUsage().rss;
    let peak = base;
    const sample = () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    const sampler = setInterval(sample, 20);
    const [res, ms] = await time(() =>
      writer.memoryDump(
        app.app,
        { instance: "RD0003", pid: w3wp.pid, blobName: `bench-${size}.dmp` },
        { onProgress: sample },
      ),
    );
    clearInterval(sampler);
    const bytes = res.dump?.bytes ?? 0;
    const mb = (n: number) => round(n / 1024 / 1024, 1);
    return {
      case: `${mb(bytes)} MiB dump → blob (8 MiB blocks, 2 in flight)`,
      medianMs: round(ms),
      criticalPathMs: "",
      ratio: "",
      note: `${round(bytes / 1024 / 1024 / (ms / 1000), 0)} MiB/s; RSS ${mb(base)} → peak ${mb(peak)} MiB (+${mb(peak - base)} MiB)`,
    };
  } finally {
    await sim.close();
  }
}

export async function run(): Promise<BenchResult> {
  const sim = await startSimProcess(["S5+S3", String(LATENCY_MS), CLOCK]);
  const credential = staticTokenCredential("bench-token");
  const rows: Array<Record<string, string | number>> = [];
  try {
    const fleet = simFleet(sim);
    const sources = createCollectSources({
      credential,
      armEndpoint: sim.url,
      scmEndpointTemplate: sim.scmEndpointTemplate,
      ca: sim.ca,
      now: () => sim.now,
    });
    const signal = new AbortController().signal;
    for (const [app, os] of [
      ["catalog-api", "Windows (S5)"],
      ["orders-api", "Linux (S3)"],
    ] as const) {
      const req = { query: app, windowMs: 3_600_000, now: sim.now, budgetMs: 11_000, logStream: LOG_STREAM };
      await collect(fleet, sources, req); // warm: app list, plans, TLS connections
      const walls: number[] = [];
      const paths: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const [r, wall] = await time(() => collect(fleet, sources, req));
        if (r.kind !== "found") throw new Error(`${app} not found`);
        walls.push(wall);
        // Each source alone, then the slowest dependent chain.
        const [, resolveMs] = await time(() => fleet.resolveApp(app));
        const [snap, snapMs] = await time(() =>
          readApp(fleet, app, { windowMs: req.windowMs, explicit: true, now: sim.now }),
        );
        if (snap.kind !== "found") throw new Error("lost the app");
        const w = { start: sim.now - req.windowMs, end: sim.now };
        const [, diagMs] = await time(() => sources.diagnostics(r.app, w, signal));
        const [, logMs] = r.container ? await time(() => sources.containerLog(r.app, signal)) : [undefined, 0];
        const [, procMs] =
          r.os === "windows"
            ? await time(() =>
                sources.processes(
                  r.app,
                  snap.snapshot.instances.map((x) => x.name),
                  signal,
                ),
              )
            : [undefined, 0];
        const host = snap.snapshot.site.enabledHostNames.find((h) => h.includes(".scm."));
        const [, streamMs] = host
          ? await time(() => sources.logStream(r.app, host, LOG_STREAM, signal))
          : [undefined, 0];
        paths.push(resolveMs + Math.max(diagMs, logMs, snapMs + Math.max(procMs, streamMs)));
      }
      const wall = median(walls);
      const path = median(paths);
      rows.push({
        case: `collect summary, ${os}`,
        medianMs: round(wall),
        criticalPathMs: round(path),
        ratio: round(wall / path, 2),
        note: `log stream bounded at ${LOG_STREAM.maxMs} ms`,
      });
    }

    // Dumps of RD0003's w3wp (7.6 GB private bytes; each simulator caps its dump): 256 MiB and 1 GiB, so a flat
    // peak shows as the same RSS growth for both.
    for (const size of [256 * 1024 * 1024, GIB]) rows.push(await dumpRow(size, credential));
    return {
      name: `Collect and dump (simulator in its own process at ${LATENCY_MS} ms per call)`,
      rows,
      notes: [
        "ratio = median time to the collect summary ÷ median critical path (resolve + slowest chain, each source timed alone).",
        "The dump row's RSS is this process only (the simulator streams from its own); flat means the peak does not grow with the dump's size.",
      ],
    };
  } finally {
    await sim.close();
  }
}

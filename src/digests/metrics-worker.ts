// The digest's metric reads on a worker thread: the SDK reads, parses and deserialises batch responses
// of 24 h × PT1M × 50 resources (tens of MB each) here, so the bot's event loop never holds for them.
import { parentPort } from "node:worker_threads";
import { fleetFromSpec } from "../azure/fleet-spec.ts";
import { buffersOf, type PackedGrid, packGrid } from "./grid-transfer.ts";
import type { MetricsJob, MetricsReply } from "./metrics-off-thread.ts";

if (!parentPort) throw new Error("metrics-worker.ts must run in a worker thread");
const port = parentPort;

// The fleet's warnings (a failed batch, a retry) go to the bot's log on the main thread.
const logger = {
  debug: () => undefined,
  warn: (obj: object, msg?: string) => port.postMessage({ log: { obj: JSON.parse(JSON.stringify(obj)), msg } }),
};

// One fleet per spec: its SDK clients keep their TLS connections between reads.
const fleets = new Map<string, ReturnType<typeof fleetFromSpec>>();
function fleetOf(spec: MetricsJob["spec"]) {
  const key = JSON.stringify(spec);
  let f = fleets.get(key);
  if (!f) {
    f = fleetFromSpec(spec, logger);
    fleets.set(key, f);
  }
  return f;
}

port.on("message", async (job: MetricsJob) => {
  try {
    const fleet = fleetOf(job.spec);
    // Each resource's grids are packed as its batch is read (8 bytes a point, outside the heap): the worker
    // never holds a whole pass as arrays. Plans are sent once, not once per app on them.
    const site: Array<[string, PackedGrid[]]> = [];
    const plan: Array<[string, PackedGrid[]]> = [];
    await fleet.fleetMetrics(job.apps, job.window, {
      ...job.opts,
      onResource: (scope, id, grids) => (scope === "site" ? site : plan).push([id, grids.map(packGrid)]),
    });
    const reply: MetricsReply = { id: job.id, ok: true, site, plan };
    port.postMessage(reply, buffersOf([...site, ...plan].flatMap(([, g]) => g)));
  } catch (e) {
    const err = e as { message?: string; userMessage?: string };
    const reply: MetricsReply = {
      id: job.id,
      ok: false,
      message: err?.message ?? String(e),
      ...(err?.userMessage ? { userMessage: err.userMessage } : {}),
    };
    port.postMessage(reply);
  }
});

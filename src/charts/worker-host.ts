// The chart renderer's worker thread: SVG building, rasterising and PNG deflate are CPU-bound for ~50 ms a
// chart, which on the main thread would delay every Slack ack queued behind them.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parentPort } from "node:worker_threads";
import { renderFleetChart, renderStatusChart } from "./index.ts";
import type { ChartJob, ChartReply } from "./off-thread.ts";

if (!parentPort) throw new Error("worker-host.ts must run in a worker thread");
const port = parentPort;

/**
 * A full collection of this thread's small heap (a few ms). resvg's parsed trees and pixel buffers live
 * outside V8, which does not know their size: without it they waited for a GC that a heap this quiet
 * rarely needs (resvg's allocator held 54–69 MB after status bursts, 18–20 MB with it; docs/memory.md).
 * Exposing gc this way touches only the new context.
 */
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc") as () => void;

port.on("message", async (job: ChartJob) => {
  try {
    const png = job.kind === "status" ? await renderStatusChart(job.input) : await renderFleetChart(job.input);
    // Copy into a transferable ArrayBuffer: no second copy on the way back.
    const bytes = new Uint8Array(png.byteLength);
    bytes.set(png);
    const reply: ChartReply = { id: job.id, ok: true, png: bytes };
    port.postMessage(reply, [bytes.buffer]);
  } catch (e) {
    const reply: ChartReply = { id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    port.postMessage(reply);
  } finally {
    collect();
  }
});

// The chart renderer's worker thread: Chart.js, Skia rasterising and PNG deflate are CPU-bound for
// ~40 ms a chart, which on the main thread would delay every Slack ack queued behind them.
import { parentPort } from "node:worker_threads";
import { renderFleetChart, renderStatusChart } from "./index.ts";
import type { ChartJob, ChartReply } from "./off-thread.ts";

if (!parentPort) throw new Error("worker-host.ts must run in a worker thread");
const port = parentPort;

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
  }
});

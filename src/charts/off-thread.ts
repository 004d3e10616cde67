// Chart rendering on one worker thread, so the event loop stays free for Slack acks. One worker keeps
// the "one render at a time" memory bound; a crashed worker fails its jobs and is replaced on next use.
import { Worker } from "node:worker_threads";
import type { FleetChartInput } from "./fleet-chart.ts";
import type { StatusChartInput } from "./status-chart.ts";

export type ChartJob =
  | { id: number; kind: "status"; input: StatusChartInput }
  | { id: number; kind: "fleet"; input: FleetChartInput };

export type ChartReply = { id: number; ok: true; png: Uint8Array } | { id: number; ok: false; error: string };

type Pending = { resolve(png: Buffer): void; reject(e: Error): void };

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(e: Error): void {
  for (const p of pending.values()) p.reject(e);
  pending.clear();
}

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL("./worker-host.ts", import.meta.url));
  // An idle renderer must not keep the process alive at shutdown.
  w.unref();
  w.on("message", (reply: ChartReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength));
    else p.reject(new Error(`chart rendering failed: ${reply.error}`));
  });
  w.on("error", (e) => {
    worker = undefined;
    failAll(e);
  });
  w.on("exit", (code) => {
    if (worker === w) worker = undefined;
    if (pending.size) failAll(new Error(`chart worker exited with code ${code}`));
  });
  worker = w;
  return w;
}

function submit(job: Omit<ChartJob, "id">): Promise<Buffer> {
  const id = nextId++;
  return new Promise<Buffer>((resolve, reject) => {
    pending.set(id, { resolve, reject });
    const w = ensureWorker();
    w.ref();
    w.postMessage({ ...job, id } as ChartJob);
  }).finally(() => {
    if (pending.size === 0) worker?.unref();
  });
}

/** `renderStatusChart` on the chart worker thread. */
export function renderStatusChartOffThread(input: StatusChartInput): Promise<Buffer> {
  return submit({ kind: "status", input });
}

/** `renderFleetChart` on the chart worker thread. */
export function renderFleetChartOffThread(input: FleetChartInput): Promise<Buffer> {
  return submit({ kind: "fleet", input });
}

/** Stops the worker (tests, shutdown); pending renders fail. */
export async function stopChartWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  failAll(new Error("chart worker stopped"));
  if (w) await w.terminate();
}

// Chart rendering on one worker thread, so the event loop stays free for Slack acks. One worker keeps
// the "one render at a time" memory bound; a crashed worker fails its jobs and is replaced on next use.
// A worker with nothing to render is ended after IDLE_MS, which returns its heap and its pixel buffers
// (docs/memory.md); the next chart starts a new one (~0.2 s, after the answer is posted).
import { Worker } from "node:worker_threads";
import { siblingModule } from "../app/sibling.ts";
import type { FleetChartInput } from "./fleet-chart.ts";
import type { StatusChartInput } from "./status-chart.ts";

export type ChartJob =
  | { id: number; kind: "status"; input: StatusChartInput }
  | { id: number; kind: "fleet"; input: FleetChartInput };

export type ChartReply = { id: number; ok: true; png: Uint8Array } | { id: number; ok: false; error: string };

type Pending = { resolve(png: Buffer): void; reject(e: Error): void };

const YOUNG_GENERATION_MB = 8;

/** A chart worker with nothing to render is ended after this long. */
export const IDLE_MS = 30_000;

let worker: Worker | undefined;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function failAll(e: Error): void {
  for (const p of pending.values()) p.reject(e);
  pending.clear();
}

function ensureWorker(): Worker {
  if (worker) return worker;
  // A small young generation: each render's garbage (SVG strings, the pixel buffers' handles) is collected
  // within a few renders instead of piling up (docs/memory.md).
  const w = new Worker(siblingModule("worker-host", import.meta.url), {
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
  });
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
    clearTimeout(idleTimer);
    const w = ensureWorker();
    w.ref();
    w.postMessage({ ...job, id } as ChartJob);
  }).finally(() => {
    if (pending.size === 0) idle();
  });
}

function idle(): void {
  const w = worker;
  if (!w) return;
  w.unref();
  clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    if (worker !== w || pending.size) return;
    worker = undefined;
    void w.terminate();
  }, IDLE_MS).unref();
}

/** Whether a chart worker is running (tests: an idle one is ended). */
export function chartWorkerRunning(): boolean {
  return worker !== undefined;
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
  clearTimeout(idleTimer);
  failAll(new Error("chart worker stopped"));
  if (w) await w.terminate();
}

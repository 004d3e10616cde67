// Fleet.fleetMetrics on a worker thread with its own ArmFleet (built from a FleetSpec). One worker per
// spec, kept while reads come (a digest makes three in a row) and ended after 10 quiet seconds, so the
// tens of MB a digest's reads allocate are returned. The grids come back as transferred typed arrays and
// stay packed until the digest reads each app's (PackedGrids).
import { Worker } from "node:worker_threads";
import { siblingModule } from "../app/sibling.ts";
import type { FleetSpec } from "../azure/fleet-spec.ts";
import type { FleetMetricsOptions } from "../core/fleet.ts";
import type { AppRef, Window } from "../core/snapshot.ts";
import { type GridsById, type PackedGrid, PackedGrids } from "./grid-transfer.ts";

export interface MetricsJob {
  id: number;
  spec: FleetSpec;
  apps: AppRef[];
  window: Window;
  opts: Omit<FleetMetricsOptions, "signal">;
}

export type MetricsReply =
  | { id: number; ok: true; site: Array<[string, PackedGrid[]]>; plan: Array<[string, PackedGrid[]]> }
  | { id: number; ok: false; message: string; userMessage?: string };

/** A warning the worker's fleet logged, for the bot's log. */
export interface MetricsLog {
  log: { obj: object; msg?: string };
}

export interface WarnLogger {
  warn(obj: object, msg?: string): void;
}

export type FleetMetricsFn = ((apps: AppRef[], window: Window, opts?: FleetMetricsOptions) => Promise<GridsById>) & {
  /** The caller read what it needed: a worker with nothing left to do ends now rather than when idle. */
  release?: () => void;
};

/** A worker with nothing to do is ended after this long. */
export const IDLE_MS = 10_000;

const stats = { runs: 0, workersStarted: 0 };

/** Reads run on a worker, and workers started (tests: the digest really took this path, and reused one). */
export function offThreadMetricsStats(): Readonly<typeof stats> {
  return { ...stats };
}

type Pending = { resolve(r: MetricsReply): void; reject(e: Error): void };

class MetricsWorker {
  readonly #worker = new Worker(siblingModule("metrics-worker", import.meta.url));
  readonly #pending = new Map<number, Pending>();
  #idle: NodeJS.Timeout | undefined;
  #nextId = 1;
  dead = false;

  constructor(log?: WarnLogger) {
    stats.workersStarted++;
    this.#worker.unref();
    this.#worker.on("message", (reply: MetricsReply | MetricsLog) => {
      if ("log" in reply) return log?.warn(reply.log.obj, reply.log.msg);
      const p = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      p?.resolve(reply);
      this.#maybeIdle();
    });
    this.#worker.on("error", (e) => this.#fail(e));
    this.#worker.on("exit", (code) => this.#fail(new Error(`the metrics worker exited with code ${code}`)));
  }

  run(job: Omit<MetricsJob, "id">): { id: number; reply: Promise<MetricsReply> } {
    const id = this.#nextId++;
    clearTimeout(this.#idle);
    this.#worker.ref();
    const reply = new Promise<MetricsReply>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...job, id } satisfies MetricsJob);
    });
    return { id, reply };
  }

  /** The caller gave up (abort): its reply, when it comes, is dropped. */
  forget(id: number): void {
    this.#pending.delete(id);
    this.#maybeIdle();
  }

  /** Ends the worker at once when nothing is pending (else the idle timeout still ends it later). */
  endIfIdle(): void {
    if (this.#pending.size || this.dead) return;
    this.dead = true;
    clearTimeout(this.#idle);
    void this.#worker.terminate();
  }

  #maybeIdle(): void {
    if (this.#pending.size) return;
    this.#worker.unref();
    this.#idle = setTimeout(() => {
      this.dead = true;
      void this.#worker.terminate();
    }, IDLE_MS).unref();
  }

  #fail(e: Error): void {
    this.dead = true;
    clearTimeout(this.#idle);
    for (const p of this.#pending.values()) p.reject(e);
    this.#pending.clear();
  }
}

const workers = new Map<string, MetricsWorker>();

function workerFor(spec: FleetSpec, log?: WarnLogger): MetricsWorker {
  const key = JSON.stringify(spec);
  let w = workers.get(key);
  if (!w || w.dead) {
    w = new MetricsWorker(log);
    workers.set(key, w);
  }
  return w;
}

/**
 * A fleetMetrics that reads on a worker; `yieldTo` is awaited before the reply is handed over (the bot
 * passes its Admission turn), `log` receives the worker fleet's warnings.
 */
export function offThreadMetrics(spec: FleetSpec, yieldTo?: () => Promise<void>, log?: WarnLogger): FleetMetricsFn {
  const read: FleetMetricsFn = async (apps, window, opts = {}) => {
    const { signal, ...rest } = opts;
    signal?.throwIfAborted();
    stats.runs++;
    const w = workerFor(spec, log);
    const { id, reply: running } = w.run({ spec, apps, window, opts: rest });
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        w.forget(id);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    const reply = await Promise.race([running, aborted]).finally(() => {
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    });
    if (!reply.ok)
      throw Object.assign(new Error(reply.message), reply.userMessage ? { userMessage: reply.userMessage } : {});
    // The reply arrived as transferred buffers: taking it costs the event loop nothing; unpacking happens
    // per app as the digest scores it, between its own slices.
    await yieldTo?.();
    return new PackedGrids(apps, reply.site, reply.plan);
  };
  // Its heap (the SDK, parse garbage) goes back before the digest's chart is drawn (docs/memory.md).
  read.release = () => workers.get(JSON.stringify(spec))?.endIfIdle();
  return read;
}

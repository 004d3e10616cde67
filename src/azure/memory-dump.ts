// A memory dump of one process on one instance (WebApps_GetInstanceProcessDump), streamed as it arrives into a
// block blob in the operator's container: never held whole, whatever its size. The process is paused by the
// platform while the dump is written; this side only moves bytes.
import type { TokenCredential } from "@azure/core-auth";
import { DomainError } from "../core/errors.ts";
import type { DumpTarget, SiteTarget, WriteOptions, WriteResult } from "../core/writer.ts";
import { uploadStream } from "./blob-upload.ts";
import type { AzureClients } from "./clients.ts";
import { toDomainError } from "./errors.ts";
import { capture, siteId } from "./writes-support.ts";

export interface DumpSettings {
  clients: AzureClients;
  credential: TokenCredential;
  containerUrl: string;
  ca?: string;
  /** Give up after this long without a byte (default STALL_MS). */
  stallMs?: number;
}

/** A dump that sends nothing for this long is given up (the lease would otherwise be renewed forever). */
export const STALL_MS = 120_000;

/** Yields the body's chunks, calling `touch` on each. */
async function* watched(body: AsyncIterable<Buffer>, touch: () => void): AsyncIterable<Buffer> {
  for await (const chunk of body) {
    touch();
    yield chunk;
  }
}

export async function dumpToBlob(
  d: DumpSettings,
  app: SiteTarget,
  target: DumpTarget,
  opts: WriteOptions & { onProgress?: (bytes: number) => void },
): Promise<WriteResult> {
  const started = performance.now();
  const c = capture(opts);
  const info = {
    call: `webApps.getInstanceProcessDump ${app.name}/${target.instance}/${target.pid}`,
    action: app.slot
      ? "Microsoft.Web/sites/slots/instances/processes/read"
      : "Microsoft.Web/sites/instances/processes/read",
    scope: siteId(app, app.slot),
  };
  // Not under runCall: its deadline would also cut the body, which streams for as long as the dump is big.
  // Instead a stall watchdog: no byte for STALL_MS aborts the download and the upload.
  const stall = new AbortController();
  const stallMs = d.stallMs ?? STALL_MS;
  const signal = opts.signal ? AbortSignal.any([opts.signal, stall.signal]) : stall.signal;
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stall.abort(
        new DomainError({
          kind: "timeout",
          call: info.call,
          userMessage: `The dump of PID ${target.pid} on ${target.instance} stalled: nothing arrived for ${stallMs / 1000} s.`,
          hint: "Nothing was committed to the container; try again, or take the dump from the portal.",
        }),
      );
    }, stallMs);
  };
  touch();
  try {
    return await stream(d, app, target, opts, c, info, signal, touch, started);
  } catch (e) {
    throw stall.signal.aborted && stall.signal.reason instanceof DomainError ? stall.signal.reason : e;
  } finally {
    clearTimeout(timer);
  }
}

async function stream(
  d: DumpSettings,
  app: SiteTarget,
  target: DumpTarget,
  opts: WriteOptions & { onProgress?: (bytes: number) => void },
  c: ReturnType<typeof capture>,
  info: { call: string; action: string; scope: string },
  signal: AbortSignal,
  touch: () => void,
  started: number,
): Promise<WriteResult> {
  const web = d.clients.web(app.subscriptionId).webApps;
  let body: NodeJS.ReadableStream | undefined;
  try {
    const o = c.options(signal);
    const r = app.slot
      ? await web.getInstanceProcessDumpSlot(
          app.resourceGroup,
          app.name,
          String(target.pid),
          app.slot,
          target.instance,
          o,
        )
      : await web.getInstanceProcessDump(app.resourceGroup, app.name, String(target.pid), target.instance, o);
    body = r.readableStreamBody;
  } catch (e) {
    throw toDomainError(e, info, { attempts: 1 });
  }
  if (!body) throw toDomainError(new Error("Azure sent no dump body"), info, { attempts: 1 });
  const up = await uploadStream(watched(body as AsyncIterable<Buffer>, touch), {
    containerUrl: d.containerUrl,
    blobName: target.blobName,
    contentType: "application/octet-stream",
    credential: d.credential,
    ...(d.ca ? { ca: d.ca } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    signal,
  });
  return { ...c.result(), dump: { url: up.url, bytes: up.bytes, ms: Math.round(performance.now() - started) } };
}

// A memory dump of one process on one instance (WebApps_GetInstanceProcessDump), streamed as it arrives into a
// block blob in the operator's container: never held whole, whatever its size. The process is paused by the
// platform while the dump is written; this side only moves bytes.
import type { TokenCredential } from "@azure/core-auth";
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
}

export async function dumpToBlob(
  d: DumpSettings,
  app: SiteTarget,
  target: DumpTarget,
  opts: WriteOptions & { onProgress?: (bytes: number) => void },
): Promise<WriteResult> {
  const started = performance.now();
  const web = d.clients.web(app.subscriptionId).webApps;
  const c = capture(opts);
  const info = {
    call: `webApps.getInstanceProcessDump ${app.name}/${target.instance}/${target.pid}`,
    action: app.slot
      ? "Microsoft.Web/sites/slots/instances/processes/read"
      : "Microsoft.Web/sites/instances/processes/read",
    scope: siteId(app, app.slot),
  };
  // Not under runCall: its deadline would also cut the body, which streams for as long as the dump is big.
  let body: NodeJS.ReadableStream | undefined;
  try {
    const o = c.options(opts.signal ?? new AbortController().signal);
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
  const up = await uploadStream(body as AsyncIterable<Buffer>, {
    containerUrl: d.containerUrl,
    blobName: target.blobName,
    contentType: "application/octet-stream",
    credential: d.credential,
    ...(d.ca ? { ca: d.ca } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { ...c.result(), dump: { url: up.url, bytes: up.bytes, ms: Math.round(performance.now() - started) } };
}

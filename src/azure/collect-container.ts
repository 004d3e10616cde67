// Container (docker) logs of Linux and custom-container apps through ARM: the last lines as text for the
// summary, and the zipped log files for the thread. Both bodies are streams; each is read up to a cap.
import type { ContainerLogRead } from "../collect/types.ts";
import type { AppRef } from "../core/snapshot.ts";
import type { AdapterContext } from "./context.ts";

/** Keeps the last `max` bytes of the tail (the newest lines matter), and at most `max` bytes of a zip. */
export const TAIL_MAX_BYTES = 512 * 1024;
export const ZIP_MAX_BYTES = 8 * 1024 * 1024;

async function drain(body: NodeJS.ReadableStream | undefined, max: number, keep: "head" | "tail"): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(c);
    chunks.push(b);
    size += b.length;
    if (keep === "head" && size > max) break;
    while (keep === "tail" && size - chunks[0].length >= max) size -= (chunks.shift() as Buffer).length;
  }
  const all = Buffer.concat(chunks);
  return keep === "tail" ? all.subarray(Math.max(0, all.length - max)) : all;
}

export async function readContainerLog(
  ctx: AdapterContext,
  app: AppRef,
  signal: AbortSignal,
): Promise<ContainerLogRead> {
  const web = ctx.clients.web(app.subscriptionId).webApps;
  const slot = app.slot;
  const perm = (a: string) => (slot ? a.replace("Microsoft.Web/sites/", "Microsoft.Web/sites/slots/") : a);
  const tail = ctx.read(
    {
      call: `webApps.getWebSiteContainerLogs ${app.name}`,
      action: perm("Microsoft.Web/sites/containerlogs/action"),
      scope: app.id,
    },
    async (s) => {
      const r = slot
        ? await web.getWebSiteContainerLogsSlot(app.resourceGroup, app.name, slot, { abortSignal: s })
        : await web.getWebSiteContainerLogs(app.resourceGroup, app.name, { abortSignal: s });
      return (await drain(r.readableStreamBody, TAIL_MAX_BYTES, "tail")).toString("utf8");
    },
    signal,
  );
  const zip = ctx.read(
    {
      call: `webApps.getContainerLogsZip ${app.name}`,
      action: perm("Microsoft.Web/sites/containerlogs/download/action"),
      scope: app.id,
    },
    async (s) => {
      const r = slot
        ? await web.getContainerLogsZipSlot(app.resourceGroup, app.name, slot, { abortSignal: s })
        : await web.getContainerLogsZip(app.resourceGroup, app.name, { abortSignal: s });
      const b = await drain(r.readableStreamBody, ZIP_MAX_BYTES + 1, "head");
      return b.length > 0 && b.length <= ZIP_MAX_BYTES ? b : undefined;
    },
    signal,
  );
  // The zip is extra: the tail alone is a result, a failed zip is not a failed source.
  const [text, z] = await Promise.all([tail, zip.catch(() => undefined)]);
  return z ? { tail: text, zip: z } : { tail: text };
}

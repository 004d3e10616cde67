// Streams a body of unknown length into a block blob without holding it whole: the source is cut into blocks
// (Put Block), at most two in flight, then committed in order (Put Block List). Azure Storage REST, x-ms-version
// 2021-08-06, OAuth with the bot's identity (scope https://storage.azure.com/.default; the identity needs
// Storage Blob Data Contributor on the container). Memory stays at about two blocks whatever the size.
import { request } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import { DomainError } from "../core/errors.ts";
import { secureContextFor } from "./tls.ts";

export const STORAGE_SCOPE = "https://storage.azure.com/.default";
export const BLOB_WRITE_ACTION = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write";
const VERSION = "2021-08-06";
export const DEFAULT_BLOCK_BYTES = 8 * 1024 * 1024;
const IN_FLIGHT = 2;

export interface BlobUploadOptions {
  /** https://<account>.blob.core.windows.net/<container> (path-style for a simulator). */
  containerUrl: string;
  blobName: string;
  contentType: string;
  credential: TokenCredential;
  ca?: string;
  blockBytes?: number;
  /** Bytes read from the source so far, after each block is staged. */
  onProgress?: (bytes: number) => void;
  signal?: AbortSignal;
}

export interface BlobUploaded {
  url: string;
  bytes: number;
  blocks: number;
}

function put(
  url: URL,
  headers: Record<string, string>,
  body: Buffer,
  ca: string | undefined,
  signal: AbortSignal | undefined,
): Promise<{ status: number; code?: string; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "PUT",
        headers: { ...headers, "content-length": String(body.length), "x-ms-version": VERSION },
        ...(ca ? { secureContext: secureContextFor(ca) } : {}),
        ...(signal ? { signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            code: (res.headers["x-ms-error-code"] as string | undefined) ?? undefined,
            text: Buffer.concat(chunks).toString("utf8").slice(0, 500),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function storageError(status: number, code: string | undefined, containerUrl: string, what: string): DomainError {
  const container = containerUrl.replace(/\?.*$/, "");
  if (status === 401 || status === 403)
    return new DomainError({
      kind: "forbidden",
      call: what,
      userMessage: `The bot's identity may not write blobs to ${container} (${status}${code ? ` ${code}` : ""}): it lacks '${BLOB_WRITE_ACTION}'.`,
      hint: `Grant the bot's managed identity Storage Blob Data Contributor on that container (or its storage account).`,
    });
  if (status === 404)
    return new DomainError({
      kind: "notFound",
      call: what,
      userMessage: `The dump container ${container} does not exist (${code ?? "404"}).`,
      hint: "Create it, or fix APPSVC_DUMPS_CONTAINER_URL.",
    });
  return new DomainError({
    kind: "unavailable",
    call: what,
    userMessage: `Azure Storage failed ${what} (${status}${code ? ` ${code}` : ""}).`,
    hint: "Try again later; nothing was committed, the staged blocks expire on their own.",
  });
}

/** Block ids must all have the same length: a zero-padded index, base64. */
const blockId = (i: number) => Buffer.from(`block-${String(i).padStart(8, "0")}`).toString("base64");

export async function uploadStream(source: AsyncIterable<Buffer>, o: BlobUploadOptions): Promise<BlobUploaded> {
  const size = o.blockBytes ?? DEFAULT_BLOCK_BYTES;
  const base = `${o.containerUrl.replace(/\/+$/, "")}/${encodeURIComponent(o.blobName)}`;
  const token = async () => {
    const t = await o.credential.getToken(STORAGE_SCOPE, o.signal ? { abortSignal: o.signal } : {});
    if (!t)
      throw new DomainError({ kind: "forbidden", userMessage: "The bot could not get a token for Azure Storage." });
    return t.token;
  };
  let bearer = await token();
  const ids: string[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  let total = 0;
  // Block buffers are reused once their Put Block is answered: memory is a few blocks, never the body.
  const free: Buffer[] = [];
  const stage = (block: Buffer, owned: Buffer) => {
    const id = blockId(ids.length);
    ids.push(id);
    const url = new URL(`${base}?comp=block&blockid=${encodeURIComponent(id)}`);
    const p = put(url, { authorization: `Bearer ${bearer}` }, block, o.ca, o.signal).then((r) => {
      if (r.status !== 201) throw storageError(r.status, r.code, o.containerUrl, "Put Block");
    });
    const tracked: Promise<void> = p.then(
      () => {
        inFlight.delete(tracked);
        free.push(owned);
      },
      (e: unknown) => {
        inFlight.delete(tracked);
        failure ??= e;
      },
    );
    inFlight.add(tracked);
  };
  let block: Buffer = Buffer.allocUnsafe(size);
  let filled = 0;
  for await (const chunk of source) {
    let off = 0;
    while (off < chunk.length) {
      const n = Math.min(size - filled, chunk.length - off);
      chunk.copy(block, filled, off, off + n);
      filled += n;
      off += n;
      total += n;
      if (filled === size) {
        // Backpressure: the source is not read while two blocks are on the wire.
        while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
        if (failure) throw failure;
        stage(block, block);
        block = free.pop() ?? Buffer.allocUnsafe(size);
        filled = 0;
        o.onProgress?.(total);
      }
    }
  }
  if (filled > 0) stage(block.subarray(0, filled), block);
  await Promise.all(inFlight);
  if (failure) throw failure;
  o.onProgress?.(total);
  bearer = await token(); // a long upload may outlive the first token
  const xml = `<?xml version="1.0" encoding="utf-8"?><BlockList>${ids.map((id) => `<Latest>${id}</Latest>`).join("")}</BlockList>`;
  const r = await put(
    new URL(`${base}?comp=blocklist`),
    { authorization: `Bearer ${bearer}`, "content-type": "application/xml", "x-ms-blob-content-type": o.contentType },
    Buffer.from(xml, "utf8"),
    o.ca,
    o.signal,
  );
  if (r.status !== 201) throw storageError(r.status, r.code, o.containerUrl, "Put Block List");
  return { url: base, bytes: total, blocks: ids.length };
}

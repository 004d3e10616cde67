// Blob service, the two calls a streamed upload needs (Azure Storage REST: "Put Block" and "Put Block List",
// x-ms-version 2021-08-06, OAuth bearer tokens for https://storage.azure.com): PUT …/{container}/{blob}
// ?comp=block&blockid=… stages a block; ?comp=blocklist commits <BlockList><Latest>…</Latest></BlockList>.
// Path-style URLs like Azurite's: /blob/{account}/{container}/{blob}. Errors are the service's XML bodies.
import type { Ctx, Reply } from "../http.ts";

const MAX_BLOCK = 4000 * 1024 * 1024;

function xmlError(status: number, code: string, message: string): Reply {
  return {
    status,
    headers: { "content-type": "application/xml", "x-ms-error-code": code },
    raw: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  };
}

async function readText(ctx: Ctx): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of ctx.req ?? []) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function headers(ctx: Ctx, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "x-ms-version": String(ctx.headers["x-ms-version"] ?? "2021-08-06"),
    "x-ms-request-server-encrypted": "true",
    date: new Date().toUTCString(),
    ...extra,
  };
}

export async function putBlob(ctx: Ctx): Promise<Reply> {
  const { account, container, blob } = ctx.params;
  const store = ctx.state.blobs;
  if (!ctx.headers["x-ms-version"])
    return xmlError(400, "MissingRequiredHeader", "An HTTP header that's mandatory for this request is not specified.");
  if (!store.hasContainer(account, container))
    return xmlError(404, "ContainerNotFound", "The specified container does not exist.");
  const key = store.key(account, container, blob);
  const comp = ctx.query.comp;
  if (comp === "block") {
    const id = ctx.query.blockid ?? "";
    if (id === "" || Buffer.from(id, "base64").toString("base64") !== id)
      return xmlError(
        400,
        "InvalidQueryParameterValue",
        "Value for one of the query parameters specified in the request URI is invalid.",
      );
    const declared = Number(ctx.headers["content-length"] ?? Number.NaN);
    if (declared > MAX_BLOCK) return xmlError(413, "RequestBodyTooLarge", "The request body is too large.");
    await store.stage(key, id, (ctx.req ?? []) as AsyncIterable<Buffer>);
    return { status: 201, headers: headers(ctx) };
  }
  if (comp === "blocklist") {
    const xml = await readText(ctx);
    const ids = [...xml.matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map((m) => m[2]);
    if (!/<BlockList>/.test(xml))
      return xmlError(400, "InvalidXmlDocument", "XML specified is not syntactically valid.");
    const type = String(ctx.headers["x-ms-blob-content-type"] ?? "application/octet-stream");
    const r = store.commit(key, ids, type, ctx.now);
    if ("missing" in r) return xmlError(400, "InvalidBlockList", "The specified block list is invalid.");
    return {
      status: 201,
      headers: headers(ctx, { etag: r.etag, "last-modified": new Date(ctx.now).toUTCString() }),
    };
  }
  return xmlError(400, "InvalidQueryParameterValue", "Only comp=block and comp=blocklist are simulated.");
}

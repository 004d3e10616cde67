// Small HTTP helpers shared by the emulator's routes: read a body, parse Slack's accepted encodings, reply.
import type { IncomingMessage, ServerResponse } from "node:http";

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Fields the Web API accepts as JSON text inside a form (web-api JSON-stringifies non-scalars). */
const JSON_FIELDS = ["blocks", "attachments", "view", "files", "metadata"];

/**
 * Web API arguments from a form, JSON or multipart body plus the query string, as Slack accepts them.
 * JSON-in-form fields are decoded; a field that is not valid JSON stays a string so the method can reject it.
 */
export async function parseApiArgs(req: IncomingMessage, body: Buffer): Promise<Record<string, unknown>> {
  const url = new URL(req.url ?? "/", "http://emu");
  const args: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (body.length > 0) {
    if (type === "application/json") {
      const parsed = JSON.parse(body.toString("utf8")) as unknown;
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) Object.assign(args, parsed);
    } else if (type === "multipart/form-data") {
      Object.assign(args, await parseMultipart(req, body));
    } else {
      Object.assign(args, Object.fromEntries(new URLSearchParams(body.toString("utf8"))));
    }
  }
  for (const key of JSON_FIELDS) {
    const v = args[key];
    if (typeof v !== "string") continue;
    try {
      args[key] = JSON.parse(v);
    } catch {
      // left as the raw string: the method answers invalid_*_format
    }
  }
  return args;
}

/** Multipart fields; file parts become Buffers. */
export async function parseMultipart(req: IncomingMessage, body: Buffer): Promise<Record<string, string | Buffer>> {
  const form = await new Response(new Uint8Array(body), {
    headers: { "content-type": String(req.headers["content-type"]) },
  }).formData();
  const out: Record<string, string | Buffer> = {};
  for (const [key, value] of form) {
    out[key] = typeof value === "string" ? value : Buffer.from(await value.arrayBuffer());
  }
  return out;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(text);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

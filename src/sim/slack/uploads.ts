// Step 2 of files.uploadV2: the upload URL handed out by files.getUploadURLExternal. Accepts the multipart body
// @slack/web-api sends (one part named "body", filename "Untitled") or raw bytes, and answers like Slack.
import type { IncomingMessage } from "node:http";
import { parseMultipart } from "./http-util.ts";
import type { MessageStore } from "./store.ts";

export async function receiveUpload(
  store: MessageStore,
  fileId: string,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; text: string }> {
  const f = store.files.get(fileId);
  if (!f || f.completed) return { status: 404, text: "file_not_found" };
  let bytes = body;
  if ((req.headers["content-type"] ?? "").toLowerCase().startsWith("multipart/form-data")) {
    const fields = await parseMultipart(req, body);
    const part = fields.body ?? fields.file ?? Object.values(fields).find((v) => Buffer.isBuffer(v));
    if (part === undefined) return { status: 400, text: "no_file_data" };
    bytes = Buffer.isBuffer(part) ? part : Buffer.from(part, "utf8");
  }
  f.bytes = bytes;
  f.uploaded = true;
  return { status: 200, text: `OK - ${bytes.length}` };
}

import { WebClient } from "@slack/web-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SlackEmulator, startSlackEmulator } from "../../../src/sim/slack/server.ts";

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("fake-chart-body"),
]);

let emu: SlackEmulator;
let web: WebClient;

beforeAll(async () => {
  emu = await startSlackEmulator();
  emu.channels.add({ id: "C0OPS", name: "ops" });
  web = new WebClient(emu.botToken, { slackApiUrl: emu.apiUrl, retryConfig: { retries: 0 } });
});
afterAll(() => emu.close());

describe("files.uploadV2 end to end", () => {
  it("lands the exact bytes in the thread, with the file share message", async () => {
    const { ts: parent } = await web.chat.postMessage({ channel: "C0OPS", text: "api: 502s" });
    const res = (await web.files.uploadV2({
      channel_id: "C0OPS",
      thread_ts: parent!,
      file: PNG,
      filename: "cpu.png",
      title: "CPU 24h",
      alt_text: "CPU chart",
      initial_comment: "CPU chart for api",
    })) as unknown as { ok: boolean; files: Array<{ files: Array<{ id: string; title: string; mimetype: string }> }> };
    const fileRes = res.files[0].files[0];
    expect(fileRes).toMatchObject({ title: "CPU 24h", mimetype: "image/png" });

    const f = emu.store.files.get(fileRes.id)!;
    expect(f.bytes?.equals(PNG)).toBe(true);
    expect(f).toMatchObject({
      name: "cpu.png",
      title: "CPU 24h",
      alt_text: "CPU chart",
      channel: "C0OPS",
      thread_ts: parent!,
    });
    expect(emu.store.filesIn("C0OPS", parent).map((x) => x.id)).toEqual([fileRes.id]);
    const share = emu.store.thread("C0OPS", parent!).at(-1)!;
    expect(share).toMatchObject({
      text: "CPU chart for api",
      files: [fileRes.id],
      via: "files.completeUploadExternal",
    });
    expect(emu.calls.map((c) => c.method).filter((m) => m.startsWith("files."))).toEqual([
      "files.getUploadURLExternal",
      "files.completeUploadExternal",
    ]);
  });

  it("several files: one completion, one message carrying all of them", async () => {
    const res = (await web.files.uploadV2({
      channel_id: "C0OPS",
      initial_comment: "charts",
      file_uploads: [
        { file: PNG, filename: "a.png" },
        { file: Buffer.from("id,value\n1,2\n"), filename: "data.csv", title: "Data" },
      ],
    })) as unknown as { files: Array<{ files: Array<{ id: string }> }> };
    const ids = res.files[0].files.map((f) => f.id);
    expect(ids).toHaveLength(2);
    const msg = emu.store.channelMessages("C0OPS").at(-1)!;
    expect(msg.files).toEqual(ids);
    expect(emu.store.files.get(ids[1])).toMatchObject({ name: "data.csv", title: "Data", mimetype: "text/csv" });
    expect(emu.store.files.get(ids[1])!.bytes!.toString()).toBe("id,value\n1,2\n");
  });

  it("the upload URL also takes raw bytes; completing an un-uploaded file fails", async () => {
    const step1 = await web.files.getUploadURLExternal({ filename: "raw.bin", length: 3 });
    const up = await fetch(step1.upload_url!, { method: "POST", body: new Uint8Array([1, 2, 3]) });
    expect(up.status).toBe(200);
    expect(await up.text()).toBe("OK - 3");
    expect([...emu.store.files.get(step1.file_id!)!.bytes!]).toEqual([1, 2, 3]);

    const lonely = await web.files.getUploadURLExternal({ filename: "never.png", length: 10 });
    const err = await web.files
      .completeUploadExternal({ files: [{ id: lonely.file_id! }], channel_id: "C0OPS" })
      .catch((e: { data: { error: string } }) => e.data.error);
    expect(err).toBe("file_not_found");
    const unknownChannel = await web.files
      .completeUploadExternal({ files: [{ id: step1.file_id! }], channel_id: "C0NOPE" })
      .catch((e: { data: { error: string } }) => e.data.error);
    expect(unknownChannel).toBe("channel_not_found");
  });
});

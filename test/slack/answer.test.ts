// answerInPlace against the Slack emulator: the real Web API client, with faults where Slack refuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.ts";
import { type SlackEmulator, startSlackEmulator } from "../../src/sim/slack/server.ts";
import { type Answer, answerInPlace } from "../../src/slack/answer.ts";
import { SlackOut } from "../../src/slack/post.ts";
import { ChannelPacer, createSlackClient } from "../../src/slack/web-client.ts";

let emu: SlackEmulator;
let out: SlackOut;
const logs: string[] = [];
const log = createLogger({ level: "debug", destination: { write: (s: string) => void logs.push(s) } });
let n = 0;
const channel = (member = true) => {
  const id = `C0A${++n}`;
  emu.channels.add({ id, name: `a-${n}`, is_member: member });
  return id;
};
const progress = { text: "⏳ Checking shop-api…", blocks: [] };
const answer = (text: string): Answer => ({
  message: { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] },
});

beforeAll(async () => {
  emu = await startSlackEmulator();
  const client = createSlackClient({ botToken: emu.botToken, apiUrl: emu.apiUrl, retryConfig: { retries: 0 }, log });
  out = new SlackOut(client, { pacer: new ChannelPacer(0), log });
});
afterAll(() => emu?.close());

describe("answerInPlace", () => {
  it("updates the progress message and uploads the chart and the long output into its thread", async () => {
    const ch = channel();
    const done = await answerInPlace(out, { channel: ch, user: "U0ALICE", log }, progress, async () => ({
      message: {
        ...answer("shop-api: healthy").message,
        file: { filename: "full.md", title: "Full", content: "# all" },
      },
      chart: { filename: "c.png", title: "Chart", altText: "a chart", render: async () => Buffer.from("png-bytes") },
    }));
    const [m] = emu.store.channelMessages(ch);
    expect(done).toEqual({ ts: m.ts, viaResponseUrl: false });
    expect(m.updates.map((u) => u.text)).toEqual(["shop-api: healthy"]);
    const files = emu.store.filesIn(ch, m.ts);
    expect(files.map((f) => f.name).sort()).toEqual(["c.png", "full.md"]);
    expect(files.find((f) => f.name === "full.md")?.bytes?.toString()).toBe("# all");
  });

  it("when chat.update fails once, updates once more: one message, the answer", async () => {
    const ch = channel();
    emu.faults.add({ method: "chat.update", error: "internal_error", times: 1 });
    const done = await answerInPlace(out, { channel: ch, user: "U0ALICE", log }, progress, async () => answer("fresh"));
    const shown = emu.store.channelMessages(ch).filter((m) => !m.deleted);
    expect(shown.map((m) => m.updates.at(-1)?.text ?? m.text)).toEqual(["fresh"]);
    expect(done).toEqual({ ts: shown[0].ts, viaResponseUrl: false });
  });

  it("when chat.update keeps failing, posts the answer as a new message and deletes the ⏳", async () => {
    const ch = channel();
    emu.faults.add({ method: "chat.update", error: "message_not_found", times: 2 });
    const done = await answerInPlace(out, { channel: ch, user: "U0ALICE", log }, progress, async () => answer("fresh"));
    const all = emu.store.messages.filter((m) => m.channel === ch);
    expect(all.map((m) => [m.text, m.deleted])).toEqual([
      ["⏳ Checking shop-api…", true],
      ["fresh", false],
    ]);
    expect(done.viaResponseUrl).toBe(false);
  });

  it("not in the channel: answers through respond() in the channel and asks to be invited", async () => {
    const ch = channel(false);
    const responded: unknown[] = [];
    const done = await answerInPlace(
      out,
      {
        channel: ch,
        user: "U0ALICE",
        log,
        bot: { name: "appsvc" },
        respond: async (m) => {
          responded.push(m);
          return new Response("ok");
        },
      },
      progress,
      async () => answer("shop-api: healthy"),
    );
    expect(done).toEqual({ viaResponseUrl: true });
    expect(responded).toMatchObject([
      { response_type: "in_channel", text: "shop-api: healthy" },
      { response_type: "ephemeral", text: expect.stringMatching(/invite me/i) },
    ]);
    expect(JSON.stringify(responded[1])).toContain("/invite @appsvc");
  });

  it("a failing answer becomes an error message with an id, never silence", async () => {
    const ch = channel();
    await answerInPlace(out, { channel: ch, user: "U0ALICE", log }, progress, async () => {
      throw new Error("bug");
    });
    expect(emu.store.channelMessages(ch)[0].text).toMatch(
      /Something went wrong; the error was logged with id E[0-9a-f]{8}/,
    );
  });

  it("a failed upload leaves the answer in place", async () => {
    const ch = channel();
    emu.faults.add({ method: "files.getUploadURLExternal", error: "file_uploads_disabled", times: 1 });
    await answerInPlace(out, { channel: ch, user: "U0ALICE", log }, progress, async () => ({
      ...answer("with chart"),
      chart: { filename: "c.png", title: "C", altText: "c", render: async () => Buffer.from("x") },
    }));
    const [m] = emu.store.channelMessages(ch);
    expect(m.text).toBe("with chart");
    expect(emu.store.filesIn(ch)).toEqual([]);
    expect(logs.some((l) => l.includes("chart upload failed"))).toBe(true);
  });
});

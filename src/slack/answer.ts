// One command's answer in the channel: "⏳ …" posted at once, chat.update into the answer, then the chart
// and long output uploaded into its thread. When the bot may not post there (not_in_channel,
// channel_not_found), the answer goes through response_url instead, with a note to invite the bot.
import type { RespondFn } from "@slack/bolt";
import type { Logger } from "../log.ts";
import { chartFailedView, cutOffMessage, inviteMessage } from "./notices.ts";
import { NOT_IN_CHANNEL, type SlackOut, slackErrorCode, timedOut, type UploadFile } from "./post.ts";
import { errorIdFor, errorView, type SlackMessage } from "./views/index.ts";

export interface ChartUpload {
  filename: string;
  title: string;
  altText: string;
  /** Rendered after the answer is shown: the text should not wait for the picture. */
  render(): Promise<Buffer>;
  /** The command that draws it again, named when the upload fails (e.g. "/appsvc metrics shop-api"). */
  retryCommand?: string;
}

export interface Answer {
  message: SlackMessage;
  chart?: ChartUpload;
  /** Raw material for the thread (collect's JSON, text and zip files), uploaded in order after the answer. */
  files?: UploadFile[];
}

export interface Surface {
  channel: string;
  user: string;
  /** Answer inside this thread (buttons answer in the thread of their message). */
  threadTs?: string;
  respond?: RespondFn;
  bot?: { userId?: string; name?: string };
  log: Logger;
  /** Aborts when the bot shuts down before the answer is ready: the "⏳" then says it was cut off. */
  signal?: AbortSignal;
  /** The command as the user would type it again (for the cut-off note). */
  command?: string;
}

export interface Answered {
  /** ts of the answer message; undefined when it went through response_url. */
  ts?: string;
  viaResponseUrl: boolean;
}

export async function answerInPlace(
  out: SlackOut,
  s: Surface,
  progress: SlackMessage,
  produce: () => Promise<Answer>,
): Promise<Answered> {
  let ts: string | undefined;
  let refused = false;
  try {
    ts = await out.post(s.channel, progress, { threadTs: s.threadTs, log: s.log });
  } catch (e) {
    refused = NOT_IN_CHANNEL.has(slackErrorCode(e) ?? "");
    s.log.warn({ slackError: slackErrorCode(e) ?? String(e) }, "could not post the progress message");
  }
  const answer = await untilCutOff(produce(), s).catch((e: unknown): Answer => {
    const errorId = errorIdFor(e);
    s.log.error({ err: e, errorId }, "answer failed");
    return { message: errorView(e, { verb: "", errorId }) };
  });
  if (ts !== undefined) ts = await replaceProgress(out, s, ts, answer.message);
  if (ts === undefined) {
    await viaResponseUrl(s, answer.message, refused);
    return { viaResponseUrl: true };
  }
  await uploads(out, s, s.threadTs ?? ts, answer);
  return { ts, viaResponseUrl: false };
}

/** The answer, or the cut-off note as soon as the shutdown signal fires. */
function untilCutOff(work: Promise<Answer>, s: Surface): Promise<Answer> {
  const signal = s.signal;
  if (!signal) return work;
  const cutOff = (): Answer => {
    s.log.warn("command cut off by the shutdown");
    return { message: cutOffMessage(s.command ?? "/appsvc") };
  };
  if (signal.aborted) return Promise.resolve(cutOff());
  return new Promise<Answer>((resolve, reject) => {
    const onAbort = () => resolve(cutOff());
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Pause before the one more chat.update of a progress message. */
const UPDATE_RETRY_MS = 300;

/**
 * Updates the "⏳" into the answer (once more after a failure). When it still cannot be updated the answer
 * is posted anew and the "⏳" deleted, so no orphan is left. Returns the answer's ts (undefined: not posted).
 */
async function replaceProgress(
  out: SlackOut,
  s: Surface,
  ts: string,
  message: SlackMessage,
): Promise<string | undefined> {
  for (let attempt = 1; attempt <= 2; attempt++) {
    try {
      await out.update(s.channel, ts, message, s.log);
      return ts;
    } catch (e) {
      s.log.warn({ slackError: slackErrorCode(e) ?? String(e), attempt }, "chat.update of the progress message failed");
      if (attempt === 1) await new Promise((r) => setTimeout(r, UPDATE_RETRY_MS));
    }
  }
  const posted = await out.post(s.channel, message, { threadTs: s.threadTs, log: s.log }).catch(() => undefined);
  if (posted)
    await out.remove(s.channel, ts, s.log).catch((e: unknown) => s.log.warn({ err: e }, "could not delete the ⏳"));
  return posted;
}

async function viaResponseUrl(s: Surface, message: SlackMessage, refused: boolean): Promise<void> {
  if (!s.respond) {
    s.log.error("could not deliver the answer: no channel access and no response_url");
    return;
  }
  try {
    await s.respond({ response_type: "in_channel", text: message.text, blocks: message.blocks });
    if (refused) {
      const note = inviteMessage(s.bot);
      await s.respond({ response_type: "ephemeral", text: note.text, blocks: note.blocks });
    }
  } catch (e) {
    s.log.error({ err: e }, "could not deliver the answer through response_url either");
  }
}

async function uploads(out: SlackOut, s: Surface, threadTs: string, answer: Answer): Promise<void> {
  if (answer.chart) {
    const c = answer.chart;
    try {
      const png = await c.render();
      await out.upload(
        s.channel,
        threadTs,
        { filename: c.filename, title: c.title, content: png, altText: c.altText },
        s.log,
      );
    } catch (e) {
      s.log.warn({ err: e }, "chart upload failed");
      // A timeout on our side may still have shared it: say nothing rather than risk a wrong line.
      if (!timedOut(e))
        await out.post(s.channel, chartFailedView(c.retryCommand), { threadTs, log: s.log }).catch(() => undefined);
    }
  }
  for (const file of answer.files ?? []) {
    try {
      await out.upload(s.channel, threadTs, file, s.log);
    } catch (e) {
      s.log.warn({ err: e, file: file.filename }, "file upload failed");
    }
  }
  const f = answer.message.file;
  if (f) {
    try {
      await out.upload(s.channel, threadTs, { filename: f.filename, title: f.title, content: f.content }, s.log);
    } catch (e) {
      s.log.warn({ err: e }, "file upload failed");
    }
  }
}

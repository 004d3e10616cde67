// What the web console shows, as JSON: the channel's messages (with thread replies, files and edits), the
// ephemerals and App Home of the chosen user, the people, the clock, and the /appsvc suggestions. Pure reads
// of the emulator's store.
import { helpData } from "../../../command/index.ts";
import type { StoredFile, StoredMessage } from "../../slack/store.ts";
import { CHANNEL, PEOPLE } from "../demo-policy.ts";
import type { Playground } from "../world.ts";

const PREVIEW_CHARS = 4_000;

export interface FileView {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  size: number;
  /** Start of a text file, for the inline preview. */
  preview?: string;
}

export interface MessageView {
  ts: string;
  thread_ts?: string;
  user: string;
  userName: string;
  isBot: boolean;
  text: string;
  blocks?: unknown[];
  files: FileView[];
  edited: boolean;
  replies: MessageView[];
}

/** Text files are previewed, as Slack shows a snippet: by type, or by name (the bot attaches `.md` reports). */
const isText = (f: StoredFile) =>
  /^text\/|json|csv|yaml|xml/.test(f.mimetype) ||
  f.snippet_type !== undefined ||
  /\.(md|txt|log|csv|json|ya?ml)$/i.test(f.name);

function fileView(f: StoredFile): FileView {
  const size = f.bytes?.length ?? 0;
  const preview = isText(f) && f.bytes ? f.bytes.subarray(0, PREVIEW_CHARS).toString("utf8") : undefined;
  return { id: f.id, name: f.name, title: f.title, mimetype: f.mimetype, size, ...(preview ? { preview } : {}) };
}

export function consoleState(pg: Playground, user: string) {
  const store = pg.emu.store;
  const nameOf = (id: string) => store.users.get(id)?.name ?? id;
  const view = (m: StoredMessage): MessageView => ({
    ts: m.ts,
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    user: m.user,
    userName: nameOf(m.user),
    isBot: m.bot_id !== undefined || m.user === pg.emu.bot.userId,
    text: m.text,
    ...(m.blocks?.length ? { blocks: m.blocks } : {}),
    files: (m.files ?? []).flatMap((id) => {
      const f = store.files.get(id);
      return f?.completed ? [fileView(f)] : [];
    }),
    edited: m.updates.length > 0,
    replies: store.thread(m.channel, m.ts).map(view),
  });
  const home = store.views.get(user);
  return {
    channel: CHANNEL,
    me: user,
    people: PEOPLE.map((p) => ({ ...p })),
    clock: { now: pg.clock.now(), rate: pg.clock.rate() },
    messages: store.channelMessages(CHANNEL.id).map(view),
    ephemerals: store.ephemeralsFor(user, CHANNEL.id).map((e) => ({
      ts: e.ts,
      ...(e.thread_ts ? { thread_ts: e.thread_ts } : {}),
      text: e.text,
      ...(e.blocks?.length ? { blocks: e.blocks } : {}),
    })),
    home: home ? { blocks: (home.view.blocks as unknown[] | undefined) ?? [] } : undefined,
  };
}

export function suggestions(pg: Playground) {
  return {
    verbs: helpData().flatMap((g) =>
      g.verbs.map((v) => ({ verb: v.verb, synopsis: v.synopsis, summary: v.summary, example: v.example })),
    ),
    apps: pg.sim.fleet.sites.map((s) => s.name),
  };
}

// The emulated workspace's state: directory (users, channels, usergroups) and everything the app posted.
// Web API handlers, response_url posts and uploads mutate it; tests read it (directly or via driver.waitFor).

export interface ChannelInfo {
  id: string;
  name: string;
  is_private: boolean;
  /** false → chat.postMessage answers `not_in_channel`. */
  is_member: boolean;
  /** Direct-message channel opened for this user (conversations.open, or posting to a user id). */
  im_user?: string;
  created: number;
}

export interface UserInfo {
  id: string;
  name: string;
  tz: string;
  is_admin: boolean;
  is_bot: boolean;
}

export interface UsergroupInfo {
  id: string;
  handle: string;
  users: string[];
}

/** One edit of a message, oldest first. The message's own text/blocks are always the latest. */
export interface MessageUpdate {
  at: number;
  text: string;
  blocks?: unknown[];
  via: "chat.update" | "response_url";
}

export interface StoredMessage {
  channel: string;
  ts: string;
  /** Parent ts for replies; absent for top-level messages (Slack also sets it on parents once replied to). */
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  /** Author: the bot user for app posts. */
  user: string;
  bot_id?: string;
  /** Ids of files shared with this message (file share messages). */
  files?: string[];
  reply_broadcast?: boolean;
  metadata?: unknown;
  /** "command_ack": the body the app acked a slash command with (Slack shows it like a response_url post). */
  via: "chat.postMessage" | "response_url" | "command_ack" | "files.completeUploadExternal" | "chat.scheduleMessage";
  updates: MessageUpdate[];
  deleted: boolean;
}

export interface StoredEphemeral {
  channel: string;
  /** The only user who sees it. */
  user: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  via: "chat.postEphemeral" | "response_url" | "command_ack";
  updates: MessageUpdate[];
  deleted: boolean;
}

export interface StoredFile {
  id: string;
  name: string;
  title: string;
  alt_text?: string;
  snippet_type?: string;
  /** `length` declared in files.getUploadURLExternal. */
  length: number;
  /** Bytes received at the upload URL (undefined until uploaded). */
  bytes?: Buffer;
  mimetype: string;
  uploaded: boolean;
  completed: boolean;
  channel?: string;
  thread_ts?: string;
  initial_comment?: string;
  /** ts of the file share message, once completed into a channel. */
  message_ts?: string;
  created: number;
}

export interface ResponseUrlPost {
  responseUrlId: string;
  at: number;
  body: Record<string, unknown>;
  /** HTTP status the emulator answered. */
  status: number;
  error?: string;
  effect?: "ephemeral" | "in_channel" | "replaced" | "deleted";
}

export interface StoredView {
  user: string;
  id: string;
  hash: string;
  view: Record<string, unknown>;
  publishedAt: number;
  /** How many times views.publish succeeded for this user. */
  publishCount: number;
}

export interface Reaction {
  channel: string;
  ts: string;
  name: string;
  user: string;
}

export interface ScheduledMessage {
  id: string;
  channel: string;
  post_at: number;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  /** ts of the message once delivered; undefined while pending. */
  delivered_ts?: string;
  deleted: boolean;
}

export class MessageStore {
  readonly channels = new Map<string, ChannelInfo>();
  readonly users = new Map<string, UserInfo>();
  readonly usergroups = new Map<string, UsergroupInfo>();
  /** Every message ever posted (including deleted ones, flagged), in posting order. */
  readonly messages: StoredMessage[] = [];
  readonly ephemerals: StoredEphemeral[] = [];
  readonly files = new Map<string, StoredFile>();
  /** Published App Home view per user id. */
  readonly views = new Map<string, StoredView>();
  readonly responseUrlPosts: ResponseUrlPost[] = [];
  readonly reactions: Reaction[] = [];
  readonly scheduled: ScheduledMessage[] = [];

  readonly now: () => number;
  #lastMicros = 0;

  constructor(now: () => number) {
    this.now = now;
  }

  /** Slack-shaped ts "<unix>.<6 digits>", unique and strictly increasing across the workspace. */
  nextTs(): string {
    const micros = Math.max(this.now() * 1000, this.#lastMicros + 1);
    this.#lastMicros = micros;
    const sec = Math.floor(micros / 1e6);
    return `${sec}.${String(micros % 1e6).padStart(6, "0")}`;
  }

  /** Live (not deleted) top-level messages of a channel, oldest first. */
  channelMessages(channel: string): StoredMessage[] {
    return this.messages.filter(
      (m) =>
        m.channel === channel && !m.deleted && (!m.thread_ts || m.thread_ts === m.ts || m.reply_broadcast === true),
    );
  }

  /** Live replies in a thread (excluding the parent), oldest first. */
  thread(channel: string, parentTs: string): StoredMessage[] {
    return this.messages.filter(
      (m) => m.channel === channel && !m.deleted && m.thread_ts === parentTs && m.ts !== parentTs,
    );
  }

  findMessage(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  findEphemeral(channel: string, ts: string): StoredEphemeral | undefined {
    return this.ephemerals.find((e) => e.channel === channel && e.ts === ts);
  }

  /** Live ephemeral messages shown to a user (optionally in one channel), oldest first. */
  ephemeralsFor(user: string, channel?: string): StoredEphemeral[] {
    return this.ephemerals.filter((e) => e.user === user && !e.deleted && (!channel || e.channel === channel));
  }

  /** Completed files shared into a channel (and thread, when given). */
  filesIn(channel: string, threadTs?: string): StoredFile[] {
    return [...this.files.values()].filter(
      (f) => f.completed && f.channel === channel && (threadTs === undefined || f.thread_ts === threadTs),
    );
  }

  /** A compact JSON-friendly summary for failure messages (file bytes shown as lengths). */
  dump(): Record<string, unknown> {
    return {
      channels: [...this.channels.values()].map((c) => `${c.id} #${c.name}`),
      messages: this.messages.map((m) => ({
        channel: m.channel,
        ts: m.ts,
        thread_ts: m.thread_ts,
        text: m.text.length > 200 ? `${m.text.slice(0, 200)}…` : m.text,
        blocks: m.blocks?.length,
        files: m.files,
        updates: m.updates.length,
        deleted: m.deleted || undefined,
        via: m.via,
      })),
      ephemerals: this.ephemerals.map((e) => ({
        channel: e.channel,
        user: e.user,
        ts: e.ts,
        text: e.text,
        via: e.via,
      })),
      files: [...this.files.values()].map((f) => ({
        id: f.id,
        name: f.name,
        title: f.title,
        bytes: f.bytes?.length,
        channel: f.channel,
        thread_ts: f.thread_ts,
        completed: f.completed,
      })),
      views: [...this.views.values()].map((v) => ({ user: v.user, type: v.view.type, publishCount: v.publishCount })),
      responseUrlPosts: this.responseUrlPosts.map((p) => ({ id: p.responseUrlId, status: p.status, effect: p.effect })),
      reactions: this.reactions,
      scheduled: this.scheduled.map((s) => ({ id: s.id, channel: s.channel, post_at: s.post_at, text: s.text })),
    };
  }
}

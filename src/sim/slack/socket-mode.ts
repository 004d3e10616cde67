// Socket Mode server side (Slack's Socket Mode docs: docs.slack.dev/apis/events-api/using-socket-mode): the `ws://…/link/?ticket=…` URL from apps.connections.open,
// a `hello` on connect, envelopes pushed to the app, acks `{envelope_id, payload}` back, `disconnect` frames.
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";

export interface SocketControl {
  /** Live connections that have not been told to disconnect. */
  connected(): number;
  waitForConnection(timeoutMs?: number): Promise<void>;
  /** Sends a `disconnect` frame to every live connection (the client closes it and reconnects). */
  disconnect(reason?: string): void;
  /** Connections accepted since start (grows on each reconnect). */
  connectionCount(): number;
  /** Every ack received, in order. */
  readonly acks: Array<{ envelope_id: string; payload: unknown; at: number }>;
  /**
   * Sends the last envelope again under a new envelope ID with `retry_attempt` + 1, as Slack redelivers one
   * it believes unacknowledged; resolves with the app's ack.
   */
  redeliverLast(): Promise<{ ack: unknown; ackMs: number }>;
}

export interface Envelope {
  type: "slash_commands" | "interactive" | "events_api";
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

interface Pending {
  resolve(v: { ack: unknown; ackMs: number }): void;
  reject(err: Error): void;
  sentAt: number;
  socket: WebSocket;
  timer: NodeJS.Timeout;
}

export class SocketHub implements SocketControl {
  readonly acks: Array<{ envelope_id: string; payload: unknown; at: number }> = [];
  readonly #appId: string;
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #tickets = new Set<string>();
  readonly #live: WebSocket[] = [];
  readonly #pending = new Map<string, Pending>();
  #waiters: Array<() => void> = [];
  #total = 0;

  constructor(appId: string) {
    this.#appId = appId;
  }

  issueTicket(): string {
    const t = randomUUID();
    this.#tickets.add(t);
    return t;
  }

  /** Accepts `/link?ticket=…` upgrades (each ticket once); refuses anything else. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://emu");
    const ticket = url.searchParams.get("ticket") ?? "";
    if (!url.pathname.startsWith("/link") || !this.#tickets.delete(ticket)) {
      socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n");
      return;
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => this.#accept(ws));
  }

  #accept(ws: WebSocket): void {
    this.#total += 1;
    this.#live.push(ws);
    ws.on("message", (data) => this.#onMessage(data.toString()));
    ws.on("close", () => this.#drop(ws, "socket closed before the envelope was acked"));
    ws.on("error", () => this.#drop(ws, "socket error before the envelope was acked"));
    ws.send(
      JSON.stringify({
        type: "hello",
        num_connections: this.#live.length,
        debug_info: { host: "emu", build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: this.#appId },
      }),
    );
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  #drop(ws: WebSocket, why: string): void {
    const i = this.#live.indexOf(ws);
    if (i >= 0) this.#live.splice(i, 1);
    for (const [id, p] of this.#pending) {
      if (p.socket !== ws) continue;
      clearTimeout(p.timer);
      this.#pending.delete(id);
      p.reject(new Error(`${why} (envelope ${id})`));
    }
  }

  #onMessage(text: string): void {
    let msg: { envelope_id?: unknown; payload?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      return;
    }
    if (typeof msg.envelope_id !== "string") return;
    this.acks.push({ envelope_id: msg.envelope_id, payload: msg.payload, at: Date.now() });
    const p = this.#pending.get(msg.envelope_id);
    if (!p) return;
    clearTimeout(p.timer);
    this.#pending.delete(msg.envelope_id);
    p.resolve({ ack: msg.payload, ackMs: performance.now() - p.sentAt });
  }

  connected(): number {
    return this.#live.length;
  }

  connectionCount(): number {
    return this.#total;
  }

  waitForConnection(timeoutMs = 5000): Promise<void> {
    if (this.#live.length > 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== done);
        reject(new Error(`no Socket Mode connection within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiters.push(done);
    });
  }

  disconnect(reason = "refresh_requested"): void {
    // Told to go: no longer counted as connected nor used for envelopes, even before the client closes it.
    for (const ws of this.#live.splice(0)) {
      ws.send(JSON.stringify({ type: "disconnect", reason, debug_info: { host: "emu" } }));
    }
  }

  /** Pushes an envelope to the newest live connection; resolves with the app's ack. */
  #last: Envelope | undefined;

  redeliverLast(): Promise<{ ack: unknown; ackMs: number }> {
    const last = this.#last;
    if (!last) return Promise.reject(new Error("no envelope was sent yet"));
    return this.push({ ...last, retry_attempt: (last.retry_attempt ?? 0) + 1, retry_reason: "timeout" });
  }

  push(envelope: Envelope, timeoutMs = 5000): Promise<{ ack: unknown; ackMs: number }> {
    this.#last = envelope;
    const ws = this.#live.at(-1);
    if (!ws) return Promise.reject(new Error("no Socket Mode connection: is the app started with socketMode?"));
    const envelope_id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(envelope_id);
        reject(new Error(`envelope ${envelope_id} (${envelope.type}) not acked within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(envelope_id, { resolve, reject, sentAt: performance.now(), socket: ws, timer });
      ws.send(JSON.stringify({ envelope_id, ...envelope }));
    });
  }

  async close(): Promise<void> {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`emulator closed before envelope ${id} was acked`));
    }
    this.#pending.clear();
    for (const ws of this.#wss.clients) ws.terminate();
    this.#live.splice(0);
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }
}

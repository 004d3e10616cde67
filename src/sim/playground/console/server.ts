// The web console: a Slack-like client of the playground's emulator on loopback. Serves the static client
// (./web: plain HTML, CSS and JS, no build) and a small JSON API: the state to draw, and what a person does
// (send a command, click a button, open App Home, change the clock). Every action goes through the emulator's
// driver to the real bot, exactly as the terminal playground and the tests send them.
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { MAX_RATE } from "../clock.ts";
import { PEOPLE } from "../demo-policy.ts";
import { clickButton, openHome, sendCommand } from "../interact.ts";
import type { Playground } from "../world.ts";
import { consoleState, suggestions } from "./state.ts";

const STATIC: Record<string, string> = {
  "/": "index.html",
  "/app.js": "app.js",
  "/blocks.js": "blocks.js",
  "/style.css": "style.css",
};
const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};
const MAX_BODY = 64 * 1024;

export interface ConsoleServer {
  url: string;
  close(): Promise<void>;
}

class BadRequest extends Error {}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new BadRequest("body too large");
    chunks.push(c as Buffer);
  }
  try {
    const v: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new BadRequest("expected a JSON object");
}

const send = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
};

function userOf(v: unknown): string {
  const p = PEOPLE.find((x) => x.id === v);
  if (!p) throw new BadRequest(`unknown user; one of ${PEOPLE.map((x) => x.id).join(", ")}`);
  return p.id;
}

const str = (v: unknown, what: string): string => {
  if (typeof v !== "string" || !v) throw new BadRequest(`${what} is required`);
  return v;
};

export async function startConsole(pg: Playground, opts: { port?: number } = {}): Promise<ConsoleServer> {
  const webDir = new URL("./web/", import.meta.url);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://console");
    const file = STATIC[url.pathname];
    if (req.method === "GET" && file) {
      const body = await readFile(new URL(file, webDir));
      res.writeHead(200, { "content-type": TYPES[file.split(".").pop() ?? ""], "cache-control": "no-store" });
      return void res.end(body);
    }
    if (req.method === "GET" && url.pathname === "/api/state") {
      return send(res, 200, consoleState(pg, userOf(url.searchParams.get("user"))));
    }
    if (req.method === "GET" && url.pathname === "/api/suggestions") return send(res, 200, suggestions(pg));
    const fileMatch = /^\/api\/files\/([A-Za-z0-9]+)$/.exec(url.pathname);
    if (req.method === "GET" && fileMatch) {
      const f = pg.emu.store.files.get(fileMatch[1]);
      if (!f?.bytes || !f.completed) return send(res, 404, { error: "no such file" });
      res.writeHead(200, {
        "content-type": f.mimetype.startsWith("text/") ? "text/plain; charset=utf-8" : f.mimetype,
        "content-disposition": `inline; filename="${f.name.replace(/[^A-Za-z0-9._-]+/g, "-")}"`,
        "x-content-type-options": "nosniff",
      });
      return void res.end(f.bytes);
    }
    if (req.method !== "POST") return send(res, 404, { error: "not found" });
    const body = await jsonBody(req);
    switch (url.pathname) {
      case "/api/command": {
        const text = str(body.text, "text")
          .replace(/^\/appsvc\s*/, "")
          .trim();
        return send(res, 200, await sendCommand(pg, text, userOf(body.user)));
      }
      case "/api/click": {
        const ts = str(body.ts, "ts");
        const actionId = str(body.actionId, "actionId");
        const user = userOf(body.user);
        const store = pg.emu.store;
        const msg =
          store.messages.find((m) => m.ts === ts && !m.deleted) ??
          store.ephemerals.find((e) => e.ts === ts && e.user === user && !e.deleted);
        if (!msg) return send(res, 404, { error: "that message is gone" });
        await clickButton(pg, msg, actionId, user);
        return send(res, 200, { ok: true });
      }
      case "/api/home":
        await openHome(pg, userOf(body.user));
        return send(res, 200, { ok: true });
      case "/api/clock": {
        if (body.rate !== undefined) {
          const rate = Number(body.rate);
          if (!(rate >= 1 && rate <= MAX_RATE)) throw new BadRequest(`rate must be 1–${MAX_RATE}`);
          pg.clock.setRate(rate);
        }
        if (body.advanceMinutes !== undefined) {
          const m = Number(body.advanceMinutes);
          if (!(m > 0 && m <= 24 * 60)) throw new BadRequest("advanceMinutes must be 1–1440");
          pg.clock.advance(m * 60_000);
        }
        return send(res, 200, { now: pg.clock.now(), rate: pg.clock.rate() });
      }
      default:
        return send(res, 404, { error: "not found" });
    }
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      if (res.headersSent) return void res.end();
      if (e instanceof BadRequest) return send(res, 400, { error: e.message });
      send(res, 500, { error: e instanceof Error ? e.message : String(e) });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

// The driver's HTTP delivery: what it sends, what it returns, and how it splits the time.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postForm } from "../../../src/sim/slack/send-signed.ts";

describe("postForm", () => {
  let server: Server;
  let url: string;
  const seen: Array<{ headers: Record<string, unknown>; body: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => {
        body += c.toString();
      });
      req.on("end", () => {
        seen.push({ headers: req.headers, body });
        // Answer after 40 ms: the ack time must include it, the queueing time must not.
        setTimeout(() => {
          res.writeHead(200, { "content-type": "application/json" });
          res.end('{"ok":true}');
        }, 40);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it("posts the body with its headers and a content-length, and returns the answer", async () => {
    const res = await postForm(url, { "content-type": "application/x-www-form-urlencoded" }, "a=1&b=%C3%A9");
    expect(res).toMatchObject({ status: 200, contentType: "application/json", body: '{"ok":true}' });
    const last = seen.at(-1)!;
    expect(last.body).toBe("a=1&b=%C3%A9");
    expect(last.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(last.headers["content-length"]).toBe("12");
  });

  it("times the ack from the written request: the server's delay is in ackMs, the caller's own work is in queuedMs", async () => {
    const started = performance.now();
    const pending = postForm(url, {}, "x=1");
    // Block this event loop for 60 ms before the request can be written.
    while (performance.now() - started < 60) {
      // busy
    }
    const res = await pending;
    expect(res.ackMs).toBeGreaterThanOrEqual(35);
    expect(res.queuedMs).toBeGreaterThanOrEqual(55);
    expect(res.ackMs + res.queuedMs).toBeLessThanOrEqual(performance.now() - started + 1);
  });

  it("refuses a URL it cannot deliver to", async () => {
    await expect(postForm("ftp://127.0.0.1/x", {}, "")).rejects.toThrow(/unsupported protocol/);
  });
});

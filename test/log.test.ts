import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, requestLogger, scrubSecrets } from "../src/log.ts";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, log: createLogger({ level: "debug", destination }) };
}

const BOT = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
const APP = "xapp-1-A0123456789-1234567890123-abcdef0123456789";

describe("logging", () => {
  it("never writes a token, signing secret, bearer header or connection-string password", () => {
    const { lines, log } = capture();
    log.info({ botToken: BOT, config: { slack: { signingSecret: "sig-secret-value" } } }, "config loaded");
    log.info({ headers: { authorization: "Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig" } }, "azure call");
    log.warn({ err: new Error(`Slack said invalid_auth for ${BOT}`) }, "slack failed");
    log.error(`Socket Mode could not connect with ${APP}`);
    log.info({ databaseUrl: "postgres://bot:hunter2@db:5432/appsvc" }, "store");
    log.info({ detail: "url postgresql://bot:hunter2@db/appsvc failed" }, "nested");
    const out = lines.join("");
    expect(lines).toHaveLength(6);
    for (const secret of [BOT, APP, "sig-secret-value", "eyJhbGciOiJSUzI1NiJ9", "hunter2"]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain("[redacted]");
    expect(out).toContain("slack failed");
  });

  it("scrubs token shapes in free text but leaves ordinary text alone", () => {
    expect(scrubSecrets(`token ${BOT} end`)).toBe("token [redacted] end");
    expect(scrubSecrets("Authorization: Bearer abcdefghijklmnop")).toBe("Authorization: Bearer [redacted]");
    expect(scrubSecrets("AccountKey=abc123==;EndpointSuffix=core")).toBe("AccountKey=[redacted];EndpointSuffix=core");
    expect(scrubSecrets("shop-api 5xx 34% → 0.2%")).toBe("shop-api 5xx 34% → 0.2%");
  });

  it("gives request-scoped children their context", () => {
    const { lines, log } = capture();
    requestLogger(log, { commandId: "c-1", user: "U1", channel: "C1", app: "shop-api" }).info("status");
    expect(JSON.parse(lines[0])).toMatchObject({ commandId: "c-1", user: "U1", channel: "C1", app: "shop-api" });
  });
});

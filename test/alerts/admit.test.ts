// Admission, the pure parts: configured, method, token (constant-time), declared size, content type, body.
import { describe, expect, it } from "vitest";
import { admitBody, admitHead, MAX_ALERT_BYTES, tokenMatches } from "../../src/alerts/admit.ts";

const S = { token: "s3cret-token-0123456789" };
const head = (o: Partial<Parameters<typeof admitHead>[0]> = {}) => ({
  method: "POST",
  url: `/alerts/azure-monitor?token=${S.token}`,
  contentLength: "100",
  contentType: "application/json; charset=utf-8",
  ...o,
});

describe("admitHead", () => {
  it("404 when alerts are not configured", () => {
    expect(admitHead(head(), undefined)).toMatchObject({ ok: false, status: 404 });
  });
  it("accepts the right token; needs the bearer only when the secure webhook is on", () => {
    expect(admitHead(head(), S)).toEqual({ ok: true, needsBearer: false });
    const bearer = { audience: "a", issuers: ["i"], jwksUrl: "https://x" };
    expect(admitHead(head(), { ...S, bearer })).toEqual({ ok: true, needsBearer: true });
  });
  it.each([
    [{ method: "GET" }, 405],
    [{ url: "/alerts/azure-monitor" }, 401],
    [{ url: "/alerts/azure-monitor?token=" }, 401],
    [{ url: "/alerts/azure-monitor?token=s3cret-token-012345678" }, 401],
    [{ url: "/alerts/azure-monitor?token=S3CRET-TOKEN-0123456789" }, 401],
    [{ contentLength: String(MAX_ALERT_BYTES + 1) }, 413],
    [{ contentType: "application/x-www-form-urlencoded" }, 415],
  ])("%j → %i", (o, status) => {
    expect(admitHead(head(o), S)).toMatchObject({ ok: false, status });
  });
  it("never puts the token in a reason", () => {
    const r = admitHead(head({ url: "/alerts/azure-monitor?token=almost-s3cret" }), S);
    expect(JSON.stringify(r)).not.toContain("s3cret");
  });
  it("compares tokens exactly", () => {
    expect(tokenMatches("abc", "abc")).toBe(true);
    expect(tokenMatches("abc", "abcd")).toBe(false);
    expect(tokenMatches("", "abc")).toBe(false);
  });
});

describe("admitBody", () => {
  it("413 past the cap, 400 for bad JSON or another schema", () => {
    expect(admitBody("too large")).toMatchObject({ status: 413 });
    expect(admitBody(Buffer.from("{"))).toMatchObject({ status: 400, reason: "the body is not valid JSON" });
    expect(admitBody(Buffer.from('{"schemaId":"x"}'))).toMatchObject({ status: 400 });
  });
});

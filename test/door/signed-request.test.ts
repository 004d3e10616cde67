// The signature check: fresh in both directions, whole-second timestamps only, constant-time HMAC match.
import { describe, expect, it } from "vitest";
import { checkSignedRequest, MAX_SKEW_SECONDS } from "../../src/door/signed-request.ts";
import { signSlackRequest } from "../../src/sim/slack/signing.ts";

const secret = "s3cr3t";
const body = Buffer.from("command=%2Fappsvc&text=restart+shop-api");
const now = 1_800_000_000_000;
const at = (offsetS: number) => {
  const ts = Math.floor(now / 1000) + offsetS;
  return { timestamp: String(ts), signature: signSlackRequest(secret, ts, body.toString()) };
};
const check = (h: { timestamp?: string; signature?: string }, b = body) =>
  checkSignedRequest({ signingSecret: secret, body: b, nowMs: now, timestamp: h.timestamp, signature: h.signature });

describe("checkSignedRequest", () => {
  it("admits a fresh, correctly signed request, up to the window's edge on both sides", () => {
    expect(check(at(0))).toEqual({ ok: true });
    expect(check(at(-MAX_SKEW_SECONDS))).toEqual({ ok: true });
    expect(check(at(MAX_SKEW_SECONDS))).toEqual({ ok: true });
  });

  it("refuses timestamps outside ±5 minutes, the future included", () => {
    expect(check(at(-MAX_SKEW_SECONDS - 1))).toEqual({ ok: false, reason: "stale-timestamp" });
    expect(check(at(MAX_SKEW_SECONDS + 1))).toEqual({ ok: false, reason: "future-timestamp" });
    expect(check(at(86_400))).toEqual({ ok: false, reason: "future-timestamp" });
    expect(check(at(365 * 86_400))).toEqual({ ok: false, reason: "future-timestamp" });
  });

  it("refuses timestamps that are not whole seconds", () => {
    for (const timestamp of ["Infinity", "1e12", "-1", "1800000000.5", "", " 1800000000"]) {
      const signature = `v0=${"0".repeat(64)}`;
      expect(check({ timestamp, signature }).ok, timestamp).toBe(false);
    }
    expect(check({ timestamp: "Infinity", signature: "v0=00" })).toEqual({ ok: false, reason: "bad-timestamp" });
  });

  it("refuses a missing, malformed or wrong signature, and a body changed after signing", () => {
    const good = at(0);
    expect(check({ timestamp: good.timestamp })).toEqual({ ok: false, reason: "no-signature" });
    expect(check({ ...good, signature: "v1=abc" })).toEqual({ ok: false, reason: "bad-signature" });
    expect(check({ ...good, signature: `v0=${"f".repeat(64)}` })).toEqual({ ok: false, reason: "bad-signature" });
    expect(check(good, Buffer.from(`${body}&x=1`))).toEqual({ ok: false, reason: "bad-signature" });
  });
});

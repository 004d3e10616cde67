// The first check of every Slack HTTP request, before Bolt sees it: the body is read with a cap (Slack's
// payloads are far smaller), the timestamp must be within ±5 minutes of our clock in either direction, and
// the signature must match. Pure: the caller passes the body, headers and clock (docs/architecture.md §The door).
import { createHmac, timingSafeEqual } from "node:crypto";

/** Slack's own replay window: 5 minutes, both ways (a timestamp from the future is as suspect as an old one). */
export const MAX_SKEW_SECONDS = 300;
/**
 * The largest body admitted. A block_actions payload carries the whole message it was clicked on (at most 50
 * blocks of ≤ 3,000 characters, escaped), so 512 KiB holds any of ours with room; Bolt's default is 10 MB.
 */
export const MAX_BODY_BYTES = 512 * 1024;

export type SignatureCheck = { ok: true } | { ok: false; reason: RejectReason };

export type RejectReason =
  | "no-signature"
  | "bad-timestamp"
  | "stale-timestamp"
  | "future-timestamp"
  | "bad-signature"
  | "too-large";

export interface SignedRequest {
  signingSecret: string;
  body: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}

export function checkSignedRequest(r: SignedRequest): SignatureCheck {
  if (!r.signature || !r.timestamp) return { ok: false, reason: "no-signature" };
  // Whole seconds only: "Infinity", "1e12", "-1" and fractions are not a Slack timestamp.
  if (!/^\d{1,12}$/.test(r.timestamp)) return { ok: false, reason: "bad-timestamp" };
  const skew = Number(r.timestamp) - Math.floor(r.nowMs / 1000);
  if (skew < -MAX_SKEW_SECONDS) return { ok: false, reason: "stale-timestamp" };
  if (skew > MAX_SKEW_SECONDS) return { ok: false, reason: "future-timestamp" };
  const m = /^v0=([0-9a-f]{64})$/.exec(r.signature);
  if (!m) return { ok: false, reason: "bad-signature" };
  const want = createHmac("sha256", r.signingSecret).update(`v0:${r.timestamp}:`).update(r.body).digest();
  const got = Buffer.from(m[1], "hex");
  return timingSafeEqual(want, got) ? { ok: true } : { ok: false, reason: "bad-signature" };
}

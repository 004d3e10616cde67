// Slack request signing (v0): HMAC-SHA256 over "v0:<timestamp>:<raw body>" with the app's signing secret.
import { createHmac } from "node:crypto";

/** The `X-Slack-Signature` value for a request body sent at `timestamp` (unix seconds). */
export function signSlackRequest(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

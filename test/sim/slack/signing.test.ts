import { isValidSlackRequest } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { signSlackRequest } from "../../../src/sim/slack/server.ts";

// Slack's worked example (docs.slack.dev/authentication/verifying-requests-from-slack).
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TS = 1531420618;
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

describe("signSlackRequest", () => {
  it("reproduces Slack's documented known-answer vector", () => {
    expect(BODY.length).toBe(362);
    expect(signSlackRequest(SECRET, TS, BODY)).toBe(
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
  });

  it("is accepted by Bolt's own verifier, and a one-byte change is not", () => {
    const headers = (sig: string) => ({
      "x-slack-signature": sig,
      "x-slack-request-timestamp": TS,
    });
    const sig = signSlackRequest(SECRET, TS, BODY);
    const nowMilliseconds = (TS + 60) * 1000;
    expect(isValidSlackRequest({ signingSecret: SECRET, body: BODY, headers: headers(sig), nowMilliseconds })).toBe(
      true,
    );
    expect(
      isValidSlackRequest({ signingSecret: SECRET, body: `${BODY}x`, headers: headers(sig), nowMilliseconds }),
    ).toBe(false);
    expect(
      isValidSlackRequest({ signingSecret: `${SECRET}x`, body: BODY, headers: headers(sig), nowMilliseconds }),
    ).toBe(false);
  });
});

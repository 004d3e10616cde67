import { describe, expect, it } from "vitest";
import { COMMAND, immediateAnswer } from "../../../src/slack/listeners/command.ts";

describe("immediateAnswer: what is answered in the ack itself", () => {
  it("help and parser errors are the ack", () => {
    expect(immediateAnswer("").message?.text).toMatch(/commands/);
    expect(immediateAnswer("help status").message?.text).toMatch(/\/appsvc status/);
    const bad = immediateAnswer("stauts shop-api");
    expect(bad.intent).toBeUndefined();
    expect(bad.message?.text).toMatch(/Unknown command/);
  });

  it.each([
    "restart shop-api",
    "start shop-api",
    "stop shop-api",
    "scale shop-api up P1v3",
    "healthcheck shop-api /hc",
  ])("%s without a policy: nothing changed, and how to enable writes", (text) => {
    const a = immediateAnswer(text);
    expect(a.intent?.verb).toBe(text.split(" ")[0]);
    expect(a.message?.text).toMatch(/nothing was changed/i);
    expect(a.message?.text).toContain("APPSVC_CONFIG");
  });

  it("with a policy: answered after the ack (a proposal)", () => {
    const a = immediateAnswer("restart shop-api", { writes: true });
    expect(a.intent?.verb).toBe("restart");
    expect(a.message).toBeUndefined();
  });

  it("audit and digest run after the ack (they read the store)", () => {
    expect(immediateAnswer("audit").message).toBeUndefined();
    expect(immediateAnswer("digest now")).toMatchObject({ intent: { verb: "digest" } });
    expect(immediateAnswer("digest now").message).toBeUndefined();
  });

  it.each([
    "list",
    "status shop-api",
    "diagnose shop-api",
    "metrics shop-api",
    "health",
    "logs shop-api",
    "links shop-api",
  ])("%s needs Azure: no immediate message", (text) => {
    const a = immediateAnswer(text);
    expect(a.message).toBeUndefined();
    expect(a.intent?.verb).toBe(text.split(" ")[0]);
  });

  it("answers /appsvc and suffixed copies only", () => {
    expect(COMMAND.test("/appsvc")).toBe(true);
    expect(COMMAND.test("/appsvc-staging")).toBe(true);
    expect(COMMAND.test("/deploy")).toBe(false);
  });
});

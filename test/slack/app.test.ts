// startSlackApp's receiving(): true while Slack requests are being handled, in HTTP and in Socket Mode
// (the Admission holds new work and Azure responses then, so acks go first).
import { afterEach, describe, expect, it } from "vitest";
import { Rejections } from "../../src/door/rejections.ts";
import { ReplayGuard } from "../../src/door/replay-guard.ts";
import { createLogger } from "../../src/log.ts";
import { type SlackEmulator, startSlackEmulator } from "../../src/sim/slack/server.ts";
import { QUIET_MS, type RunningSlackApp, startSlackApp } from "../../src/slack/app.ts";

let emu: SlackEmulator | undefined;
let running: RunningSlackApp | undefined;

afterEach(async () => {
  await running?.close();
  if (emu) await emu.driver.waitFor(() => emu!.socket.connected() === 0, 2000).catch(() => undefined);
  await emu?.close();
  running = undefined;
  emu = undefined;
});

/** Starts the app; its /appsvc listener records receiving() as it runs. */
async function start(mode: "http" | "socket", seen: boolean[]): Promise<RunningSlackApp> {
  emu = await startSlackEmulator();
  emu.channels.add({ id: "C0OPS", name: "ops" });
  const e = emu;
  return startSlackApp({
    mode,
    signingSecret: e.signingSecret,
    appToken: e.appToken,
    port: 0,
    authorize: async () => ({ botToken: e.botToken }),
    clientOptions: { slackApiUrl: e.apiUrl, retryConfig: { retries: 0 } },
    health: (_req, res) => res.end("ok"),
    log: createLogger({ level: "silent" }),
    door: { replay: new ReplayGuard(), rejections: new Rejections(createLogger({ level: "silent" })) },
    register: (app) =>
      app.command("/appsvc", async ({ ack }) => {
        seen.push(running?.receiving() ?? false);
        await ack();
      }),
  });
}

const quiet = () => new Promise((r) => setTimeout(r, QUIET_MS * 4));

describe("receiving()", () => {
  it("HTTP mode: true while a request is being handled, false once quiet", async () => {
    const seen: boolean[] = [];
    running = await start("http", seen);
    await quiet();
    expect(running.receiving()).toBe(false);
    const r = await emu!.driver.slashCommand(`http://127.0.0.1:${running.port}`, { text: "help" });
    expect(r.status).toBe(200);
    expect(seen).toEqual([true]);
    await quiet();
    expect(running.receiving()).toBe(false);
  });

  it("Socket Mode: true while an envelope is being handled, false once quiet", async () => {
    const seen: boolean[] = [];
    running = await start("socket", seen);
    await quiet();
    expect(running.receiving()).toBe(false);
    const r = await emu!.driver.socketSlashCommand({ text: "help" });
    expect(r.ack).toEqual({});
    expect(seen).toEqual([true]);
    await quiet();
    expect(running.receiving()).toBe(false);
  });
});

describe("Socket Mode redelivery", () => {
  it("an envelope Slack redelivers is acked again and not handled twice", async () => {
    const seen: boolean[] = [];
    running = await start("socket", seen);
    await emu!.driver.socketSlashCommand({ text: "restart shop-api" });
    const again = await emu!.socket.redeliverLast();
    expect(again.ack).toBeDefined();
    expect(seen).toHaveLength(1);
  });
});

// The real entry point as a child process: bad configuration, health endpoint, graceful SIGTERM.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";

const ENV = {
  PATH: process.env.PATH,
  SLACK_BOT_TOKEN: "xoxb-test-token",
  SLACK_SIGNING_SECRET: "test-signing-secret",
  AZURE_SUBSCRIPTION_IDS: "11111111-2222-3333-4444-555555555555",
  LOG_LEVEL: "info",
};

function start(env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, ["src/main.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return { child, out: () => stdout, err: () => stderr };
}

describe("main", () => {
  it("exits 1 with one message listing every configuration problem", async () => {
    const p = start({ PATH: process.env.PATH, PORT: "x" });
    const [code] = await once(p.child, "exit");
    expect(code).toBe(1);
    expect(p.err()).toMatch(/Configuration is invalid \(4 problems\)/);
    expect(p.err()).toMatch(/SLACK_BOT_TOKEN is required/);
    expect(p.err()).toMatch(/PORT must be a number/);
  });

  it("serves /healthz and shuts down cleanly on SIGTERM", async () => {
    const p = start({ ...ENV, PORT: "0", LOG_LEVEL: "info" });
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = p.out().match(/"port":(\d+)/);
        if (m) {
          clearInterval(timer);
          resolve(Number(m[1]));
        }
      }, 20);
      p.child.once("exit", () => reject(new Error(`exited early: ${p.err()}`)));
    });
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok" });
    p.child.kill("SIGTERM");
    const [code] = await once(p.child, "exit");
    expect(code).toBe(0);
    expect(p.out()).toMatch(/shutting down/);
    expect(p.out()).not.toContain("xoxb-test-token");
  });
});

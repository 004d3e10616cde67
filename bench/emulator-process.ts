// The Slack emulator in its own process for a bench (so its work does not load the bot's event loop): the
// bench file forks itself with `roleEnv=emulator`, the child sends its connection info, then answers one
// request message with one reply message.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface EmulatorProcess<Request> {
  info: { apiUrl: string; botToken: string; signingSecret: string };
  ask<T>(m: Request): Promise<T>;
  close(): Promise<void>;
}

export async function startEmulatorProcess<Request>(
  benchFileUrl: string,
  roleEnv: string,
): Promise<EmulatorProcess<Request>> {
  const child: ChildProcess = fork(fileURLToPath(benchFileUrl), [], {
    env: { ...process.env, [roleEnv]: "emulator" },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const info = await new Promise<EmulatorProcess<Request>["info"]>((resolve, reject) => {
    child.once("message", (m) => resolve(m as EmulatorProcess<Request>["info"]));
    child.once("exit", (code) => reject(new Error(`emulator process exited with ${code}`)));
  });
  return {
    info,
    ask: <T>(m: Request) =>
      new Promise<T>((resolve) => {
        child.once("message", (r) => resolve(r as T));
        child.send(m as object);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}

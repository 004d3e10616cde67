// Bot replicas as real processes for the fault suite (test/e2e/bot-process.ts), and waiting on what they
// do: each started from a full environment, killed with kill -9, its clock moved on while it runs.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";

const BOT = join(import.meta.dirname, "../e2e/bot-process.ts");
/** Every replica started, so a suite's afterAll can kill what a failed test left running. */
export const children = new Set<ChildProcess>();

export async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function within<T>(what: string, p: Promise<T>, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    }),
  ]);
}

/** One bot process; its clock starts on the simulator's and can be moved on while it runs. */
export class BotProcess {
  readonly #child: ChildProcess;
  readonly #lines: string[] = [];
  #seen = 0;
  port = 0;

  private constructor(child: ChildProcess) {
    this.#child = child;
  }

  /** `env`: the whole environment of the replica (nothing is inherited). */
  static async start(env: NodeJS.ProcessEnv, replica: string): Promise<BotProcess> {
    const child = spawn(process.execPath, [BOT], { env, stdio: ["pipe", "pipe", "inherit"] });
    children.add(child);
    child.on("exit", () => children.delete(child));
    const bot = new BotProcess(child);
    createInterface({ input: child.stdout! }).on("line", (l) => {
      if (process.env.FAULTS_LOG_LEVEL) process.stderr.write(`[${replica}] ${l}\n`);
      bot.#lines.push(l);
    });
    const exited = new Promise<never>((_, reject) =>
      child.once("exit", (code, signal) => reject(new Error(`${replica} exited (${code ?? signal})`))),
    );
    exited.catch(() => undefined);
    const ready = await Promise.race([
      exited,
      until(`${replica} to start`, () => bot.#next((l) => (l.ready as number | undefined) ?? undefined)),
    ]);
    bot.port = ready;
    return bot;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The first JSON line on stdout after the last one taken that `pick` accepts. */
  #next<T>(pick: (l: Record<string, unknown>) => T | undefined): T | undefined {
    for (; this.#seen < this.#lines.length; this.#seen++) {
      const line = this.#lines[this.#seen];
      if (!line.startsWith("{")) continue;
      const v = pick(JSON.parse(line) as Record<string, unknown>);
      if (v !== undefined) {
        this.#seen++;
        return v;
      }
    }
    return undefined;
  }

  /** Time passes for this running replica too. */
  async advance(ms: number): Promise<void> {
    this.#child.stdin?.write(`${JSON.stringify({ advanceMs: ms })}\n`);
    await until("the clock to move", () => this.#next((l) => (l.clock as number | undefined) ?? undefined));
  }

  kill9(): Promise<void> {
    const c = this.#child;
    return new Promise((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once("exit", () => resolve());
      c.kill("SIGKILL");
    });
  }
}
